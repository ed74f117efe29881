import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDateIn } from '../../shared/calendar';
import { SIGNED_CONTENT_FIELDS } from '../../shared/editable-fields';
import { uuidv7 } from '../../shared/ids';
import { aClient, aSessionRecord, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

/**
 * A push writes each edited session record once, at its end (heldRecords in
 * the SQLite store). What commits must be what writing after every change
 * would have committed: these tests fail if a held record is read stale,
 * written late, or written with a change that was rolled back.
 */

const office = testClock();
let server: TestServer;
const camille = aTherapist({ email: 'camille@example.com' });
const client = aClient();
let cookie: string;

function stored(table: 'clinical_records', id: string): Record<string, unknown> | undefined {
  const db = new Database(server.file, { readonly: true });
  try {
    const row = db.prepare<[string], { data: string }>(`SELECT data FROM ${table} WHERE id = ?`).get(id);
    return row ? JSON.parse(row.data) : undefined;
  } finally {
    db.close();
  }
}

async function aRecordToWrite() {
  const visit = aVisit(camille.id, client.id, { date: calendarDateIn(new Date()) });
  await server.store.putVisit(visit, office.tick());
  const record = aSessionRecord(visit);
  await server.store.putClinicalRecord('sessionRecord', record, office.tick());
  const phone = testDevice();
  phone.clock.receive(office.last());
  return { record, phone, officeHlc: office.last() };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.store.createTherapist(camille, await testPasswordHash(), office.tick());
  await server.store.putClient(client, office.tick());
  cookie = await server.signIn(camille.email, 'correct horse');
});
afterAll(() => server.close());

describe('several changes to one session record in one push', () => {
  it('all land, and a create later in the push sees them (an amendment to the record signed just before)', async () => {
    const { record, phone, officeHlc } = await aRecordToWrite();
    const subjective = phone.change('sessionRecord', record.id, 'update', { subjective: 'Neck stiff since Monday' });
    const objective = phone.change('sessionRecord', record.id, 'update', { objective: 'Hypertonic right trapezius' });
    const seen = Object.fromEntries(SIGNED_CONTENT_FIELDS.map((field) => [field, officeHlc]));
    const signedAt = new Date().toISOString();
    const sign = phone.change('sessionRecord', record.id, 'update', { signedAt, signedBy: camille.name }, { ...seen, subjective: subjective.hlc, objective: objective.hlc });
    const amendment = { id: uuidv7(), recordId: record.id, clientId: client.id, therapistId: camille.id, createdAt: signedAt, reason: 'Forgot the pain score', text: 'Pain after: 2/10' };
    const amend = phone.change('amendment', amendment.id, 'create', amendment);

    const { body } = await pushAs(server.url, cookie, phone.deviceId, [subjective, objective, sign, amend]);

    expect(body.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(stored('clinical_records', record.id)).toMatchObject({ subjective: 'Neck stiff since Monday', objective: 'Hypertonic right trapezius', signedAt });
    expect(stored('clinical_records', amendment.id)).toMatchObject({ text: 'Pain after: 2/10' });
  });

  it('keeps the changes before and after one that failed, and not the failed one', async () => {
    const { record, phone } = await aRecordToWrite();
    const first = phone.change('sessionRecord', record.id, 'update', { subjective: 'Headache this morning' });
    const failed = phone.change('sessionRecord', record.id, 'update', { plan: 'never stored' });
    const last = phone.change('sessionRecord', record.id, 'update', { objective: 'Tender suboccipitals' });
    // Its log row fails (a trigger stands in for a damaged index), so its savepoint rolls back.
    const db = new Database(server.file);
    db.exec(`CREATE TRIGGER refuse_log_row BEFORE INSERT ON mutation_log WHEN NEW.mutation_id = ${failed.mutationId} AND NEW.device_id = '${phone.deviceId}'
             BEGIN SELECT RAISE(ABORT, 'disk error'); END`);
    const { body } = await pushAs(server.url, cookie, phone.deviceId, [first, failed, last]);
    db.exec(`DROP TRIGGER refuse_log_row`);
    db.close();

    expect(body.results.map((result) => result.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(stored('clinical_records', record.id)).toMatchObject({ subjective: 'Headache this morning', objective: 'Tender suboccipitals', plan: '' });
  });

  it('a later push starts from what the database holds', async () => {
    const { record, phone } = await aRecordToWrite();
    await pushAs(server.url, cookie, phone.deviceId, [phone.change('sessionRecord', record.id, 'update', { subjective: 'first push' })]);
    // Changed behind the server's back between two pushes (as the office's tools may): the next push must read it.
    const db = new Database(server.file);
    db.prepare(`UPDATE clinical_records SET data = json_set(data, '$.homeCare', 'Heat at night') WHERE id = ?`).run(record.id);
    db.close();
    await pushAs(server.url, cookie, phone.deviceId, [phone.change('sessionRecord', record.id, 'update', { plan: 'second push' })]);
    expect(stored('clinical_records', record.id)).toMatchObject({ subjective: 'first push', plan: 'second push', homeCare: 'Heat at night' });
  });
});
