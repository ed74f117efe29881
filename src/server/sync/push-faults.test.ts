import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDateIn } from '../../shared/calendar';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { SERVER_ERROR_REASON } from '../store/store';
import { pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

/** What the server does when applying one change fails in a way no rule foresaw. */

const office = testClock();
let server: TestServer;
const unexpected: unknown[] = [];
const camille = aTherapist({ email: 'camille@example.com' });
const client = aClient();
let cookie: string;

/** A second connection to the server's file, as an operator (or a bad disk) would touch it. */
function withFile<T>(use: (db: Database.Database) => T): T {
  const db = new Database(server.file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const storedNote = (visitId: string) =>
  withFile((db) => db.prepare<[string], { note: string }>(`SELECT json_extract(data, '$.therapistNote') AS note FROM visits WHERE id = ?`).get(visitId)!.note);

async function twoVisits() {
  const today = calendarDateIn(new Date());
  const damaged = aVisit(camille.id, client.id, { date: today });
  const healthy = aVisit(camille.id, client.id, { date: today, routePosition: 2 });
  await server.store.putVisit(damaged, office.tick());
  await server.store.putVisit(healthy, office.tick());
  return { damaged, healthy };
}

beforeAll(async () => {
  server = await startTestServer({ onUnexpectedError: (error) => unexpected.push(error) });
  await server.store.createTherapist(camille, await testPasswordHash(), office.tick());
  await server.store.putClient(client, office.tick());
  cookie = await server.signIn(camille.email, 'correct horse');
});
afterAll(() => server.close());

describe('a change the server fails to apply', () => {
  it('is refused alone (server_error, logged, reported) and the rest of the push applies', async () => {
    const { damaged, healthy } = await twoVisits();
    // A row no rule foresaw: its JSON is cut short.
    withFile((db) => db.prepare(`UPDATE visits SET data = '{"id": "cut sh' WHERE id = ?`).run(damaged.id));
    unexpected.length = 0;

    const phone = testDevice();
    phone.clock.receive(office.last()); // it has pulled the visits: its edits come after the office's
    const broken = phone.change('visit', damaged.id, 'update', { therapistNote: 'Parking at the back' });
    const fine = phone.change('visit', healthy.id, 'update', { therapistNote: 'Dog is friendly' });
    const { status, body } = await pushAs(server.url, cookie, phone.deviceId, [broken, fine]);

    expect(status).toBe(200);
    expect(body.results).toEqual([
      { mutationId: broken.mutationId, status: 'rejected', code: 'server_error', reason: SERVER_ERROR_REASON },
      { mutationId: fine.mutationId, status: 'applied' },
    ]);
    expect(storedNote(healthy.id)).toBe('Dog is friendly');
    expect(unexpected).toHaveLength(1);
    expect(String((unexpected[0] as Error).cause)).toMatch(/JSON/);

    // The office finds the refusal and the change itself in the log; a resend gets the same answer.
    const logged = withFile((db) =>
      db.prepare<[number], { status: string; mutation: string }>(`SELECT status, mutation FROM mutation_log WHERE mutation_id = ?`).all(broken.mutationId),
    );
    expect(logged).toEqual([{ status: 'rejected', mutation: JSON.stringify(broken) }]);
    expect((await pushAs(server.url, cookie, phone.deviceId, [broken])).body.results).toEqual([body.results[0]]);
  });

  it('even when its log row cannot be written, the push answers 200 and the other changes apply', async () => {
    const { healthy } = await twoVisits();
    unexpected.length = 0;
    const phone = testDevice();
    phone.clock.receive(office.last()); // it has pulled the visits: its edits come after the office's
    const unstorable = phone.change('visit', healthy.id, 'update', { therapistNote: 'never stored' });
    const fine = phone.change('visit', healthy.id, 'update', { therapistNote: 'Ring twice' });
    // The log will not take this change's row (a trigger stands in for a damaged index).
    withFile((db) =>
      db.exec(`CREATE TRIGGER refuse_log_row BEFORE INSERT ON mutation_log WHEN NEW.mutation_id = ${unstorable.mutationId} AND NEW.device_id = '${phone.deviceId}'
               BEGIN SELECT RAISE(ABORT, 'disk error'); END`),
    );
    const { status, body } = await pushAs(server.url, cookie, phone.deviceId, [unstorable, fine]);
    withFile((db) => db.exec(`DROP TRIGGER refuse_log_row`));

    expect(status).toBe(200);
    expect(body.results).toEqual([
      { mutationId: unstorable.mutationId, status: 'rejected', code: 'server_error', reason: SERVER_ERROR_REASON },
      { mutationId: fine.mutationId, status: 'applied' },
    ]);
    expect(storedNote(healthy.id)).toBe('Ring twice');
    expect(unexpected.length).toBeGreaterThanOrEqual(1);
  });
});
