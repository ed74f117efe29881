import { describe, expect, it } from 'vitest';
import { shiftDate } from '../../../../shared/calendar';
import { aClient, aTherapist, aVisit } from '../../../../shared/testing/fixtures';
import { clientDirectory, searchDirectory } from './client-directory';

// A fixed day, never the wall clock: the list's next and last visits are relative to it.
const today = '2026-11-24';
const therapist = aTherapist();
const names = (entries: { name: string }[]) => entries.map((entry) => entry.name);

describe('client directory', () => {
  const clients = [
    aClient({ firstName: 'Émilie', lastName: 'Zhou' }),
    aClient({ firstName: 'Gabriel', lastName: 'Côté' }),
    aClient({ firstName: 'Anne', lastName: 'Cote' }),
    aClient({ firstName: 'Zoé', lastName: 'Cotnoir' }),
    aClient({ firstName: 'Luc', lastName: 'Émond' }),
    aClient({ firstName: 'Paul', lastName: 'Ebert' }),
  ];

  it('sorts by last name then first name, accents collated in the therapist’s language', () => {
    const expected = ['Anne Cote', 'Gabriel Côté', 'Zoé Cotnoir', 'Paul Ebert', 'Luc Émond', 'Émilie Zhou'];
    expect(names(clientDirectory(clients, [], today, 'fr'))).toEqual(expected);
    expect(names(clientDirectory(clients, [], today, 'en'))).toEqual(expected);
  });

  it('gives each client the next visit from today on and the last before today, leaving out cancelled ones and no-shows', () => {
    const [emilie, gabriel, anne] = clients as [typeof clients[0], typeof clients[0], typeof clients[0]];
    const visits = [
      aVisit(therapist.id, emilie.id, { date: shiftDate(today, 3) }),
      aVisit(therapist.id, emilie.id, { date: today }),
      aVisit(therapist.id, emilie.id, { date: shiftDate(today, -1), status: 'completed' }),
      aVisit(therapist.id, emilie.id, { date: shiftDate(today, -8), status: 'completed' }),
      aVisit(therapist.id, gabriel.id, { date: shiftDate(today, 1), status: 'cancelled', statusReason: 'Client is ill' }),
      aVisit(therapist.id, gabriel.id, { date: shiftDate(today, -2), status: 'no_show', statusReason: 'Not there' }),
      aVisit(therapist.id, gabriel.id, { date: shiftDate(today, -5), status: 'completed' }),
    ];
    const byName = new Map(clientDirectory(clients, visits, today, 'fr').map((entry) => [entry.client.id, entry]));
    expect(byName.get(emilie.id)).toMatchObject({ next: today, last: shiftDate(today, -1) });
    expect(byName.get(gabriel.id)).toMatchObject({ next: null, last: shiftDate(today, -5) });
    expect(byName.get(anne.id)).toMatchObject({ next: null, last: null });
  });

  it('keeps the sorted order when searching, and everyone on an empty search', () => {
    const directory = clientDirectory(clients, [], today, 'fr');
    expect(names(searchDirectory(directory, 'cote'))).toEqual(['Anne Cote', 'Gabriel Côté']);
    expect(names(searchDirectory(directory, 'EMOND'))).toEqual(['Luc Émond']);
    expect(searchDirectory(directory, '  ')).toHaveLength(clients.length);
  });

  it('finds one client among five hundred by name or by phone', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      aClient({ firstName: `Prénom${index}`, lastName: `Nom-${index}`, phone: `514-555-${String(index).padStart(4, '0')}` }),
    );
    const directory = clientDirectory(many, [], today, 'fr');
    expect(searchDirectory(directory, 'nom 499')).toHaveLength(1);
    expect(searchDirectory(directory, '555 0042')[0]?.name).toBe('Prénom42 Nom-42');
  });
});
