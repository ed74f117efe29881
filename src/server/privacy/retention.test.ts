import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { aClient, aSessionRecord, aTherapist, aVisit, anIntake, testClock } from '../../shared/testing/fixtures';
import { pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';
import { purgeableFrom, purgeExpired, retentionRule } from './retention';

// One fake time for every clock: the server's, the office's writes, the device's, and the purge's.
let clock = new Date('2019-03-10T15:00:00Z');
const office = testClock(() => clock.getTime());
let server: TestServer;
const YEARS = 7;

const camille = aTherapist({ email: 'camille@example.com' });
const officer = aTherapist({ email: 'privacy@example.com' });
// Last visit 2019-03-10: kept through 2026-03-10, purged from 2026-03-11.
const old = aClient({ lastName: 'Ancien' });
const oldVisit = aVisit(camille.id, old.id, { date: '2019-03-10', status: 'completed', service: 'therapeutic' });
// Seen in 2019 too, and again in 2026: keeps everything.
const recent = aClient({ lastName: 'Recent' });
const recentOldVisit = aVisit(camille.id, recent.id, { date: '2019-03-10', status: 'completed', routePosition: 2 });
const recentVisit = aVisit(camille.id, recent.id, { date: '2026-01-15', status: 'scheduled' });
// Asks for deletion; last visit 2020-06-01, so not before 2027-06-02.
const leaving = aClient({ lastName: 'Partant' });
const leavingVisit = aVisit(camille.id, leaving.id, { date: '2020-06-01', status: 'completed' });
const records = {
  old: [anIntake(old.id, camille.id, { createdAt: '2019-03-10T14:00:00.000Z' }), aSessionRecord(oldVisit, { createdAt: '2019-03-10T15:00:00.000Z' })],
  recent: [anIntake(recent.id, camille.id, { createdAt: '2019-03-10T14:00:00.000Z' }), aSessionRecord(recentOldVisit, { createdAt: '2019-03-10T15:00:00.000Z' })],
  leaving: [anIntake(leaving.id, camille.id, { createdAt: '2020-06-01T14:00:00.000Z' })],
};
let cookie = '';
const logLines: string[] = [];

function count(sql: string, ...params: unknown[]): number {
  const db = new Database(server.file, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}
const clinicalOf = (clientId: string) => count('SELECT count(*) AS n FROM clinical_records WHERE client_id = ?', clientId);
const receiptsOf = (clientId: string) => count('SELECT count(*) AS n FROM receipts WHERE client_id = ?', clientId);
const visitsOf = (clientId: string) => count('SELECT count(*) AS n FROM visits WHERE client_id = ?', clientId);
const clientExists = (clientId: string) => count('SELECT count(*) AS n FROM clients WHERE id = ?', clientId) === 1;

async function purgeAt(iso: string) {
  clock = new Date(iso);
  return purgeExpired(server.store, clock, YEARS, (line) => logLines.push(line));
}

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  const hash = await testPasswordHash();
  await server.store.createTherapist(camille, hash, office.tick());
  await server.store.createTherapist(officer, hash, office.tick(), 'office');
  await server.store.setPrivacyOfficer(officer.id, true);
  for (const client of [old, recent, leaving]) await server.store.putClient(client, office.tick());
  for (const visit of [oldVisit, recentOldVisit, recentVisit, leavingVisit]) await server.store.putVisit(visit, office.tick());
  await server.store.putClinicalRecord('intake', records.old[0]! as never, office.tick());
  await server.store.putClinicalRecord('sessionRecord', records.old[1]! as never, office.tick());
  await server.store.putClinicalRecord('intake', records.recent[0]! as never, office.tick());
  await server.store.putClinicalRecord('sessionRecord', records.recent[1]! as never, office.tick());
  await server.store.putClinicalRecord('intake', records.leaving[0]! as never, office.tick());
  // A receipt issued on the day of the old visit, through a push as a phone would.
  const therapistCookie = await server.signIn('camille@example.com', 'correct horse');
  const device = testDevice({ now: () => clock.getTime() });
  const pushed = await pushAs(
    server.url,
    therapistCookie,
    device.deviceId,
    [device.change('receipt', uuidv7(), 'create', { visitId: oldVisit.id, amountCents: 9500, paymentMethod: 'cash', language: 'fr', recipientName: '' })],
    clock.getTime(),
  );
  expect(pushed.body.results[0]!.status).toBe('applied');
  // Access log rows from 2019 (the push above) and from 2026.
  await server.store.appendAccess([
    { at: new Date('2026-02-01T12:00:00Z'), accountId: camille.id, deviceId: null, sessionId: null, deviceLabel: null, action: 'pull', clientId: recent.id, kinds: ['read'], recordIds: [recent.id] },
  ]);
  clock = new Date('2026-02-01T15:00:00Z');
  cookie = await server.signIn('privacy@example.com', 'correct horse');
});
afterAll(() => server.close());

describe('the retention purge', () => {
  it('keeps the rule: a last visit is kept through the same day seven years on', () => {
    expect(retentionRule(new Date('2026-03-10T15:00:00Z'), 7).keptFrom).toBe('2019-03-10');
    expect(purgeableFrom('2019-03-10', 7)).toBe('2026-03-11');
    expect(purgeableFrom('2020-02-29', 7)).toBe('2027-03-01');
  });

  it('records a deletion request, and says when it can be carried out', async () => {
    const response = await fetch(`${server.url}/api/office/privacy/clients/${leaving.id}/deletion-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ askedBy: 'The client, by phone', reason: 'Moving to Gaspé' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ request: { clientId: leaving.id, askedBy: 'The client, by phone', recordedBy: officer.id }, carriedOutFrom: '2027-06-02' });
    const bad = await fetch(`${server.url}/api/office/privacy/clients/${leaving.id}/deletion-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ askedBy: '' }),
    });
    expect(bad.status).toBe(422);
  });

  it('purges nothing on the last day of the period', async () => {
    const report = await purgeAt('2026-03-10T20:00:00Z');
    expect(report.clientIds).toEqual([]);
    expect(clinicalOf(old.id)).toBe(2);
    expect(receiptsOf(old.id)).toBe(1);
    expect(report.counts.accessLog).toBe(0);
  });

  it('purges a client file the day after, keeps a client seen recently, and does not yet carry out a request the period forbids', async () => {
    const report = await purgeAt('2026-03-11T20:00:00Z');
    expect(report.clientIds).toEqual([old.id]);
    expect(report.counts).toMatchObject({ intake: 1, sessionRecord: 1, receipt: 1, visit: 1, client: 0 });
    expect([clinicalOf(old.id), receiptsOf(old.id), visitsOf(old.id)]).toEqual([0, 0, 0]);
    // Without a deletion request the name and address stay, for booking again.
    expect(clientExists(old.id)).toBe(true);
    expect([clinicalOf(recent.id), visitsOf(recent.id)]).toEqual([2, 2]);
    expect([clinicalOf(leaving.id), visitsOf(leaving.id), clientExists(leaving.id)]).toEqual([1, 1, true]);
    // The report is kept in the database and written to the server's log.
    expect((await server.store.purgeReports()).at(-1)).toMatchObject({ id: report.id, clientIds: [old.id] });
    expect(logLines.at(-1)).toMatch(new RegExp(`intake 1.*${old.id}`));
    // Access log rows older than the period went with them; newer ones stay.
    expect(report.counts.accessLog).toBeGreaterThan(0);
    expect(count('SELECT count(*) AS n FROM access_log WHERE at < ?', report.logBefore.getTime())).toBe(0);
    expect(count('SELECT count(*) AS n FROM access_log WHERE client_id = ?', recent.id)).toBe(1);
    const requests = await server.store.deletionRequests(leaving.id);
    expect(requests.map((request) => request.carriedOutAt)).toEqual([null]);
  });

  it('carries out the deletion request once the period allows, client and all', async () => {
    const report = await purgeAt('2027-06-02T20:00:00Z');
    expect(report.clientIds).toEqual([leaving.id]);
    expect(report.deletionRequestIds).toHaveLength(1);
    expect([clinicalOf(leaving.id), visitsOf(leaving.id), clientExists(leaving.id)]).toEqual([0, 0, false]);
    const [request] = await server.store.deletionRequests(leaving.id);
    expect(request).toMatchObject({ purgeId: report.id, carriedOutAt: new Date('2027-06-02T20:00:00Z') });
    expect(clinicalOf(recent.id)).toBe(2);
  });

  it('leaves the access log and the reports append-only after a purge', () => {
    const db = new Database(server.file);
    try {
      expect(() => db.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM purge_reports').run()).toThrow(/append-only/);
      expect(() => db.prepare(`UPDATE purge_reports SET client_ids = '[]'`).run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
