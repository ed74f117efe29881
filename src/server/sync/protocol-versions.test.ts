import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, REJECTION_CODES_V1 } from '../../shared/protocol';
import type { Visit } from '../../shared/domain';
import { SERVER_ERROR_REASON } from '../store/store';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startOneVisitDay } from '../testing/one-visit-day';
import type { TestServer } from '../testing/test-server';

let server: TestServer;
let visit: Visit;
let cookie: string;

const UNSTORABLE = 'refused by the disk';

beforeAll(async () => {
  ({ server, visit, cookie } = await startOneVisitDay());
  // A change the database will not write (a trigger stands in for a damaged table) is refused `server_error`.
  const db = new Database(server.file);
  db.exec(`CREATE TRIGGER refuse_unstorable BEFORE UPDATE ON visits WHEN instr(NEW.data, '${UNSTORABLE}') > 0 BEGIN SELECT RAISE(ABORT, 'disk error'); END`);
  db.close();
});
afterAll(() => server.close());

async function post(path: 'push' | 'pull', protocolVersion: number) {
  const body = path === 'push' ? { protocolVersion, deviceId: testDevice().deviceId, deviceTime: Date.now(), mutations: [] } : { protocolVersion };
  const response = await fetch(`${server.url}/api/sync/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error: string; message: string; supported?: { min: number; max: number } } };
}

describe('protocol versions', () => {
  it('a protocol-1 app still pushes and pulls, and hears only the refusal codes it knows', async () => {
    const phone = testDevice();
    const note = phone.change('visit', visit.id, 'update', { therapistNote: 'From an app not yet updated' });
    // A change the database will not write is refused `server_error`, a code protocol 1 does not know.
    const unstorable = phone.change('visit', visit.id, 'update', { therapistNote: UNSTORABLE });
    const { status, body } = await pushAs(server.url, cookie, phone.deviceId, [note, unstorable], Date.now(), 1);
    expect(status).toBe(200);
    expect(body.protocolVersion).toBe(1);
    expect(body.results).toEqual([
      { mutationId: note.mutationId, status: 'applied' },
      { mutationId: unstorable.mutationId, status: 'rejected', code: 'invalid', reason: SERVER_ERROR_REASON },
    ]);
    for (const result of body.results) if (result.status === 'rejected') expect(REJECTION_CODES_V1).toContain(result.code);

    const page = await pullAs(server.url, cookie, 1);
    expect(page.protocolVersion).toBe(1);
    expect(page.records.find((record) => record.id === visit.id)).toMatchObject({ data: { therapistNote: 'From an app not yet updated' } });
  });

  it('answers the current protocol in its own terms', async () => {
    const phone = testDevice();
    const unstorable = phone.change('visit', visit.id, 'update', { therapistNote: UNSTORABLE });
    const { body } = await pushAs(server.url, cookie, phone.deviceId, [unstorable]);
    expect(body).toMatchObject({ protocolVersion: PROTOCOL_VERSION, results: [{ code: 'server_error' }] });
    expect((await pullAs(server.url, cookie)).protocolVersion).toBe(PROTOCOL_VERSION);
  });

  for (const path of ['push', 'pull'] as const) {
    it(`${path}: an app older than the server supports is told to update, with the versions spoken`, async () => {
      const { status, body } = await post(path, MIN_PROTOCOL_VERSION - 1);
      expect(status).toBe(426);
      expect(body).toMatchObject({ error: 'protocol_version', supported: { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION } });
      expect(body.message).toMatch(/app is older than the server.*Update the app/);
    });

    it(`${path}: an app newer than the server is told the server is older, never to update`, async () => {
      const { status, body } = await post(path, PROTOCOL_VERSION + 1);
      expect(status).toBe(426);
      expect(body).toMatchObject({ error: 'protocol_version', supported: { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION } });
      expect(body.message).toMatch(/server is older than this app/);
      expect(body.message).toMatch(/kept on this device/);
      expect(body.message).not.toMatch(/update the app/i);
    });
  }
});
