import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHlcClock, deviceTabNode } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

// Remote wipe: a device whose account was deactivated, or which was signed out from
// another device, may still push what it holds (applied and logged as usual), reads
// nothing more, and is told to wipe by every answer, until it signs out.

const T0 = new Date('2026-11-24T15:00:00Z');
const PASSWORD = 'correct horse';
let clock = T0;
let server: TestServer;
const office = testClock(() => clock.getTime());
const camille = aTherapist({ email: 'camille@example.com', name: 'Camille Tremblay' });
const desk = aTherapist({ email: 'office@example.com', name: 'Bureau' });
const client = aClient({ firstName: 'Linda', lastName: 'Gagnon' });
const visit = aVisit(camille.id, client.id, { date: '2026-11-24', durationMin: 60 });

beforeEach(async () => {
  clock = T0;
  server = await startTestServer({ now: () => clock });
  const hash = await testPasswordHash();
  await server.store.createTherapist(camille, hash, office.tick());
  await server.store.createTherapist(desk, hash, office.tick(), 'office');
  await server.store.putClient(client, office.tick());
  await server.store.putVisit(visit, office.tick());
});
afterEach(() => server.close());

const post = (path: string, cookie: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

/** A phone: its own device id and HLC, on the same fake clock as the server. */
function aPhone(cookie: string) {
  const deviceId = uuidv7(clock.getTime());
  const hlc = createHlcClock(deviceTabNode(deviceId, 1), { now: () => clock.getTime() });
  let mutationId = 0;
  return {
    cookie,
    pushNote: (note: string) =>
      post('/api/sync/push', cookie, {
        protocolVersion: PROTOCOL_VERSION,
        deviceId,
        deviceTime: clock.getTime(),
        mutations: [{ mutationId: ++mutationId, entity: 'visit', id: visit.id, op: 'update', fields: { therapistNote: note }, hlc: hlc.tick(), base: {} }],
      }),
    pull: () => post('/api/sync/pull', cookie, { protocolVersion: PROTOCOL_VERSION, deviceId }),
  };
}

/** The visit's note as the server's SQLite file holds it, read through a second connection. */
function noteOnServer(): unknown {
  const db = new Database(server.file, { readonly: true });
  try {
    return db.prepare<[string], { note: unknown }>(`SELECT json_extract(data, '$.therapistNote') AS note FROM visits WHERE id = ?`).get(visit.id)?.note;
  } finally {
    db.close();
  }
}

function escrowsOnServer(therapistId: string): number {
  const db = new Database(server.file, { readonly: true });
  try {
    return db.prepare<[string], { count: number }>('SELECT count(*) AS count FROM key_escrows WHERE therapist_id = ?').get(therapistId)!.count;
  } finally {
    db.close();
  }
}

async function deactivate(officeCookie: string, id: string) {
  return post(`/api/office/accounts/${id}/deactivate`, officeCookie, {});
}

describe('remote wipe after the office deactivates an account', () => {
  it('the phone still pushes its note, which is applied and logged; pulls and other routes answer wipe_device; sign-out ends it', async () => {
    const phone = aPhone(await server.signIn(camille.email, PASSWORD));
    expect((await phone.pull()).status).toBe(200);
    // The phone's data key is also wrapped under an escrow secret the server keeps.
    expect((await post('/api/auth/key-escrow', phone.cookie, { password: PASSWORD, deviceId: uuidv7(clock.getTime()) })).status).toBe(200);
    expect(escrowsOnServer(camille.id)).toBe(1);
    const officeCookie = await server.signIn(desk.email, PASSWORD);
    clock = new Date(T0.getTime() + 60_000);

    const answer = await deactivate(officeCookie, camille.id);
    expect(answer.status).toBe(200);
    // Its escrow is gone: the lost phone's data key can never be recovered with the password.
    expect(escrowsOnServer(camille.id)).toBe(0);

    const pushed = await phone.pushNote('Typed offline: Apixaban, lombaire');
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toMatchObject({ results: [{ status: 'applied' }], wipe: 'deactivated' });
    // The note reached the clinic's records, and the access log has the push.
    expect(noteOnServer()).toBe('Typed offline: Apixaban, lombaire');
    expect((await server.store.accessLog(client.id)).filter((entry) => entry.action === 'push')).toHaveLength(1);

    // Nothing is read by it any more: the pull and every other route say why.
    const pulled = await phone.pull();
    expect(pulled.status).toBe(401);
    const body = (await pulled.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'wipe_device', wipe: 'deactivated' });
    expect(JSON.stringify(body)).not.toContain('Gagnon');
    for (const path of ['/api/me', '/api/config', '/api/auth/sessions']) {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie: phone.cookie } });
      expect({ path, status: response.status, body: await response.json() }).toMatchObject({ path, status: 401, body: { error: 'wipe_device' } });
    }

    // The account can no longer sign in, even with the right password.
    await expect(server.signIn(camille.email, PASSWORD)).rejects.toThrow(/401/);

    // The device confirms the wipe by signing out: the session ends, and a push is refused too.
    expect((await post('/api/auth/logout', phone.cookie, {})).status).toBe(204);
    const after = await phone.pushNote('after the wipe');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('a phone offline for weeks still hears it (the session is kept past its usual 30 days)', async () => {
    const phone = aPhone(await server.signIn(camille.email, PASSWORD));
    const officeCookie = await server.signIn(desk.email, PASSWORD);
    clock = new Date(T0.getTime() + 29 * 86_400_000);
    expect((await deactivate(officeCookie, camille.id)).status).toBe(200);
    clock = new Date(T0.getTime() + 45 * 86_400_000);
    const pushed = await phone.pushNote('back after six weeks');
    expect(await pushed.json()).toMatchObject({ results: [{ status: 'applied' }], wipe: 'deactivated' });
  });

  it('is for office accounts, refuses an unknown account and the office itself, with a 4xx', async () => {
    const therapistCookie = await server.signIn(camille.email, PASSWORD);
    const officeCookie = await server.signIn(desk.email, PASSWORD);
    expect((await deactivate(therapistCookie, desk.id)).status).toBe(403);
    expect((await deactivate(officeCookie, uuidv7())).status).toBe(404);
    expect((await deactivate(officeCookie, desk.id)).status).toBe(409);
    expect((await post(`/api/office/accounts/${camille.id}/deactivate`, officeCookie, { nope: 1 })).status).toBe(200);
    const bad = await fetch(`${server.url}/api/office/accounts/${camille.id}/deactivate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: officeCookie },
      body: 'not json',
    });
    expect(bad.status).toBe(400);
  });
});

describe('remote wipe after "sign out all other devices"', () => {
  it('the other phone pushes, is told to wipe, pulls nothing; this one carries on', async () => {
    const lost = aPhone(await server.signIn(camille.email, PASSWORD));
    const kept = aPhone(await server.signIn(camille.email, PASSWORD));
    clock = new Date(T0.getTime() + 60_000);
    const revoked = await post('/api/auth/sessions/revoke-others', kept.cookie, {});
    expect(await revoked.json()).toEqual({ ended: 1 });

    const pushed = await lost.pushNote('from the lost phone');
    expect(noteOnServer()).toBe('from the lost phone');
    expect(await pushed.json()).toMatchObject({ results: [{ status: 'applied' }], wipe: 'signed_out_elsewhere' });
    const pulled = await lost.pull();
    expect(pulled.status).toBe(401);
    expect(await pulled.json()).toMatchObject({ error: 'wipe_device', wipe: 'signed_out_elsewhere' });

    const keptPush = await kept.pushNote('from the phone in hand');
    expect(await keptPush.json()).not.toHaveProperty('wipe');
    expect((await kept.pull()).status).toBe(200);
    // The lost phone no longer shows among the signed-in devices.
    const list = (await (await fetch(`${server.url}/api/auth/sessions`, { headers: { cookie: kept.cookie } })).json()) as { sessions: unknown[] };
    expect(list.sessions).toHaveLength(1);
  });
});
