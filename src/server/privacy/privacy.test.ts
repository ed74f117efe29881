import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import type { Amendment } from '../../shared/domain';
import { aClient, aSessionRecord, aTherapist, aVisit, anIntake, testClock } from '../../shared/testing/fixtures';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

// One fake time for every clock in this file: the server's, the office's writes and the devices'.
let clock = new Date('2026-11-24T15:00:00Z');
const today = '2026-11-24';
const office = testClock(() => clock.getTime());
let server: TestServer;

const camille = aTherapist({ email: 'camille@example.com', name: 'Camille Tremblay' });
const sam = aTherapist({ email: 'sam@example.com', name: 'Sam Roy' });
const officer = aTherapist({ email: 'privacy@example.com', name: 'Bureau' });
const desk = aTherapist({ email: 'desk@example.com', name: 'Accueil' });
// Distinctive strings: each must appear in its own client's export and never in the other's.
const gagnon = aClient({ firstName: 'Hélène', lastName: 'Gagnonzeta', phone: '514-555-0111', preferences: 'PREF-GAGNON' });
const other = aClient({ firstName: 'Otto', lastName: 'Quuxwell', phone: '514-555-0999', preferences: 'PREF-QUUXWELL' });
const gagnonVisit = aVisit(camille.id, gagnon.id, { date: today, status: 'completed', therapistNote: 'NOTE-GAGNON', service: 'therapeutic' });
const otherVisit = aVisit(sam.id, other.id, { date: today, status: 'completed', therapistNote: 'NOTE-QUUXWELL', service: 'therapeutic' });
const signature = (who: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M1 1 L9 9" data-who="${who}"/></svg>`;
const gagnonIntake = anIntake(gagnon.id, camille.id, {
  medications: 'Apixaban-GAGNON',
  createdAt: clock.toISOString(),
  consent: { textVersion: 'consent-2026-01', language: 'fr', signedName: 'Hélène Gagnonzeta', signedOn: today, signature: signature('SIG-GAGNON') },
});
const otherIntake = anIntake(other.id, sam.id, {
  medications: 'Warfarin-QUUXWELL',
  createdAt: clock.toISOString(),
  consent: { textVersion: 'consent-2026-01', language: 'en', signedName: 'Otto Quuxwell', signedOn: today, signature: signature('SIG-QUUXWELL') },
});
const gagnonRecord = aSessionRecord(gagnonVisit, { subjective: 'Entorse lombaire GAGNON', signedAt: clock.toISOString(), signedBy: camille.name, createdAt: clock.toISOString() });
const otherRecord = aSessionRecord(otherVisit, { subjective: 'Neck QUUXWELL', signedAt: clock.toISOString(), signedBy: sam.name, createdAt: clock.toISOString() });
const amendment = (record: typeof gagnonRecord, text: string): Amendment => ({
  id: uuidv7(),
  recordId: record.id,
  clientId: record.clientId,
  therapistId: record.therapistId,
  createdAt: clock.toISOString(),
  reason: 'Correction',
  text,
});
const gagnonAmendment = amendment(gagnonRecord, 'AMEND-GAGNON');
const otherAmendment = amendment(otherRecord, 'AMEND-QUUXWELL');
const cookies: Record<string, string> = {};

async function get(path: string, who: string) {
  const response = await fetch(`${server.url}/api/office/privacy${path}`, { headers: { cookie: cookies[who]! } });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, json: () => JSON.parse(text) };
}

async function accessLog(clientId: string) {
  const response = await get(`/clients/${clientId}/access-log`, 'officer');
  expect(response.status).toBe(200);
  return response.json().entries as { accountId: string; deviceId: string | null; deviceLabel: string | null; action: string; kinds: string[]; recordIds: string[] }[];
}

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  const hash = await testPasswordHash();
  for (const therapist of [camille, sam]) await server.store.createTherapist(therapist, hash, office.tick());
  await server.store.createTherapist(officer, hash, office.tick(), 'office');
  await server.store.createTherapist(desk, hash, office.tick(), 'office');
  await server.store.setPrivacyOfficer(officer.id, true);
  for (const client of [gagnon, other]) await server.store.putClient(client, office.tick());
  for (const visit of [gagnonVisit, otherVisit]) await server.store.putVisit(visit, office.tick());
  await server.store.putClinicalRecord('intake', gagnonIntake, office.tick());
  await server.store.putClinicalRecord('intake', otherIntake, office.tick());
  await server.store.putClinicalRecord('sessionRecord', gagnonRecord, office.tick());
  await server.store.putClinicalRecord('sessionRecord', otherRecord, office.tick());
  await server.store.putClinicalRecord('amendment', gagnonAmendment, office.tick());
  await server.store.putClinicalRecord('amendment', otherAmendment, office.tick());
  cookies.camille = await server.signIn('camille@example.com', 'correct horse');
  cookies.sam = await server.signIn('sam@example.com', 'correct horse');
  cookies.officer = await server.signIn('privacy@example.com', 'correct horse');
  cookies.desk = await server.signIn('desk@example.com', 'correct horse');
});
afterAll(() => server.close());

describe('the access log', () => {
  it('has one row per client a pull carried, naming who and which records, and none for a client not pulled', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const page = await pullAs(server.url, cookies.camille!);
    expect(page.records.some((record) => record.id === gagnonIntake.id)).toBe(true);
    const rows = (await accessLog(gagnon.id)).filter((row) => row.action === 'pull');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: camille.id, kinds: ['read'] });
    expect(rows[0]!.recordIds).toEqual(expect.arrayContaining([gagnon.id, gagnonVisit.id, gagnonIntake.id, gagnonRecord.id, gagnonAmendment.id]));
    expect((await accessLog(other.id)).filter((row) => row.accountId === camille.id)).toEqual([]);
  });

  it('has one row per client a push changed, from which device, with what kinds of change', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const device = testDevice({ now: () => clock.getTime() });
    const receiptId = uuidv7();
    const { body } = await pushAs(
      server.url,
      cookies.camille!,
      device.deviceId,
      [
        device.change('visit', gagnonVisit.id, 'update', { therapistNote: 'NOTE-GAGNON updated' }),
        device.change('receipt', receiptId, 'create', { visitId: gagnonVisit.id, amountCents: 9500, paymentMethod: 'interac', language: 'fr', recipientName: '' }),
        device.change('amendment', uuidv7(), 'create', { recordId: gagnonRecord.id, clientId: gagnon.id, therapistId: camille.id, createdAt: clock.toISOString(), reason: 'Oubli', text: 'AMEND-2-GAGNON' }),
      ],
      clock.getTime(),
    );
    expect(body.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const rows = (await accessLog(gagnon.id)).filter((row) => row.action === 'push');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: camille.id, deviceId: device.deviceId });
    expect(rows[0]!.kinds.sort()).toEqual(['amended', 'receipted', 'updated']);
    expect(rows[0]!.recordIds).toEqual(expect.arrayContaining([gagnonVisit.id, receiptId]));
    expect((await accessLog(other.id)).filter((row) => row.action === 'push')).toEqual([]);
  });

  it('never holds clinical content', async () => {
    const text = (await get(`/clients/${gagnon.id}/access-log`, 'officer')).text;
    for (const probe of ['Apixaban', 'Entorse', 'AMEND', 'NOTE-GAGNON', 'Gagnonzeta']) expect(text).not.toContain(probe);
  });

  it('cannot be changed or deleted by SQL, nor through the store', async () => {
    const db = new Database(server.file);
    try {
      const before = db.prepare('SELECT count(*) AS n FROM access_log').get() as { n: number };
      expect(before.n).toBeGreaterThan(0);
      expect(() => db.prepare(`UPDATE access_log SET account_id = 'someone else'`).run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT count(*) AS n FROM access_log').get()).toEqual(before);
    } finally {
      db.close();
    }
    // The store has a way in and a way to read, and no way to change or remove a row.
    expect(Object.keys(server.store).filter((name) => /access/i.test(name)).sort()).toEqual(['accessLog', 'appendAccess']);
  });
});

describe('who may see it', () => {
  it('is the privacy officer only: a therapist and an office account without the flag get 403', async () => {
    for (const path of [`/clients/${gagnon.id}/access-log`, `/clients/${gagnon.id}/export`, `/clients/${gagnon.id}/deletion-requests`, '/purge-reports']) {
      expect((await get(path, 'camille')).status).toBe(403);
      expect((await get(path, 'desk')).status).toBe(403);
      expect((await get(path, 'officer')).status).toBe(200);
    }
    // The flag opens nothing on a therapist's account: the officer is an office account.
    await server.store.setPrivacyOfficer(sam.id, true);
    expect((await get(`/clients/${other.id}/access-log`, 'sam')).status).toBe(403);
    await server.store.setPrivacyOfficer(sam.id, false);
    const refused = await fetch(`${server.url}/api/office/privacy/clients/${gagnon.id}/deletion-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.desk! },
      body: JSON.stringify({ askedBy: 'Hélène', reason: 'Moving' }),
    });
    expect(refused.status).toBe(403);
  });

  it('answers a bad client id or format with a 4xx, not a 500', async () => {
    expect((await get('/clients/not-an-id/access-log', 'officer')).status).toBe(400);
    expect((await get(`/clients/${uuidv7()}/export`, 'officer')).status).toBe(404);
    expect((await get(`/clients/${gagnon.id}/export?format=pdf`, 'officer')).status).toBe(400);
    expect((await get(`/clients/${gagnon.id}/export?lang=de`, 'officer')).status).toBe(400);
  });
});

describe('the export of a client file', () => {
  const gagnonStrings = ['Gagnonzeta', 'PREF-GAGNON', 'NOTE-GAGNON', 'Apixaban-GAGNON', 'Entorse lombaire GAGNON', 'AMEND-GAGNON', 'AMEND-2-GAGNON'];
  const otherStrings = ['Quuxwell', 'QUUXWELL', '514-555-0999'];

  it('as JSON holds every record of that client and nothing of another', async () => {
    const response = await get(`/clients/${gagnon.id}/export`, 'officer');
    expect(response.status).toBe(200);
    const file = response.json();
    expect(file.client.id).toBe(gagnon.id);
    expect(file.visits.map((visit: { id: string }) => visit.id)).toEqual([gagnonVisit.id]);
    expect(file.intakes.map((intake: { id: string }) => intake.id)).toEqual([gagnonIntake.id]);
    expect(file.intakes[0].consent.signature).toContain('SIG-GAGNON');
    expect(file.sessionRecords.map((record: { id: string }) => record.id)).toEqual([gagnonRecord.id]);
    expect(file.amendments).toHaveLength(2);
    expect(file.receipts).toHaveLength(1);
    for (const probe of gagnonStrings) expect(response.text).toContain(probe);
    for (const probe of [...otherStrings, other.id, otherVisit.id, otherIntake.id, otherRecord.id, otherAmendment.id, sam.id]) {
      expect(response.text).not.toContain(probe);
    }
  });

  it('as a printable document, in French or English, with the consent signature as an image and nothing of another client', async () => {
    const french = await get(`/clients/${gagnon.id}/export?format=html&lang=fr`, 'officer');
    expect(french.status).toBe(200);
    expect(french.headers.get('content-type')).toMatch(/text\/html/);
    expect(french.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(french.text).toContain('Dossiers de séance');
    const svg = Buffer.from(french.text.match(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/)![1]!, 'base64').toString('utf8');
    expect(svg).toContain('SIG-GAGNON');
    for (const probe of gagnonStrings) expect(french.text).toContain(probe);
    for (const probe of otherStrings) expect(french.text).not.toContain(probe);
    const english = await get(`/clients/${gagnon.id}/export?format=html&lang=en`, 'officer');
    expect(english.text).toContain('Session records');
    expect(english.text).not.toContain('Dossiers de séance');
  });

  it('is itself in the access log', async () => {
    const before = (await accessLog(gagnon.id)).filter((row) => row.action === 'export').length;
    await get(`/clients/${gagnon.id}/export`, 'officer');
    const exports = (await accessLog(gagnon.id)).filter((row) => row.action === 'export');
    expect(exports).toHaveLength(before + 1);
    expect(exports.at(-1)).toMatchObject({ accountId: officer.id, kinds: ['exported'] });
    expect(exports.at(-1)!.recordIds).toEqual(expect.arrayContaining([gagnon.id, gagnonIntake.id, gagnonRecord.id]));
  });
});
