import { describe, expect, it } from 'vitest';
import { aClient, aTherapist, aVisit } from '../../shared/testing/fixtures';
import { minutesOfDay, planDay } from '../road/day-plan';
import { formatDayMinutes } from './format';

describe('an end time after midnight', () => {
  // A late visit planned at 23:15 (the device's clock, injected): 5 min away, one hour long.
  const now = new Date(2026, 10, 24, 23, 15);
  const therapist = aTherapist();
  const client = aClient();
  const visit = aVisit(therapist.id, client.id, { date: '2026-11-24', windowStart: '22:00', windowEnd: '23:45', durationMin: 60, status: 'scheduled' });
  const plan = planDay({
    visits: [{ visit, client, clocks: {} }],
    mode: 'driving',
    homeBase: therapist.homeBase,
    nowMinutes: minutesOfDay(now),
    here: null,
    travel: () => 5,
  });
  const end = plan.get(visit.id)!.end;

  it('says that it is after midnight, in French and English', () => {
    expect(formatDayMinutes(end, 'fr')).toBe('0 h 20 (après minuit)');
    expect(formatDayMinutes(end, 'en')).toBe('12:20 AM (after midnight)');
  });

  it('writes an end before midnight as a plain time', () => {
    expect(formatDayMinutes(23 * 60 + 59, 'fr')).toBe('23 h 59');
    expect(formatDayMinutes(12 * 60 + 5, 'en')).toBe('12:05 PM');
  });
});
