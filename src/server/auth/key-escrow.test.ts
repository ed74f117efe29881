import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { aTherapist, testClock } from '../../shared/testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { SMALL_SIGN_IN_LIMITS } from '../testing/small-sign-in-limits';
import { hashPassword } from './passwords';

const T0 = new Date('2026-11-24T15:00:00Z');
const PASSWORD = 'correct horse';
const SMALL = SMALL_SIGN_IN_LIMITS;
// Many wrong passwords are checked here: a cheap scrypt keeps the tests fast.
const cheapHash = hashPassword(PASSWORD, { N: 2 ** 10 });

let now = T0;
let server: TestServer | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
  now = T0;
});

async function start(file?: string, fresh = true) {
  server = await startTestServer({ now: () => now, auth: { limits: SMALL }, file });
  if (!fresh) return;
  const clock = testClock(() => T0.getTime());
  await server.store.createTherapist(aTherapist({ email: 'camille@example.com' }), await cheapHash, clock.tick());
  await server.store.createTherapist(aTherapist({ email: 'noah@example.com' }), await cheapHash, clock.tick());
}

/** A browser: its cookies, kept across requests as Chromium would. */
function browser() {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) jar.set(name!, value);
      else jar.delete(name!);
    }
  };
  const post = async (path: string, body: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${server!.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    keep(response);
    return response;
  };
  return {
    jar,
    async signIn(email = 'camille@example.com', password = PASSWORD) {
      expect((await post('/api/auth/login', { email, password })).status).toBe(200);
    },
    escrow: (body: { password?: string; deviceId?: unknown; rotate?: boolean }) => post('/api/auth/key-escrow', body),
    async secret(deviceId: string, extra: { password?: string; rotate?: boolean } = {}) {
      const response = await post('/api/auth/key-escrow', { password: PASSWORD, deviceId, ...extra });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { secret: string; deviceId: string };
      expect(body.deviceId).toBe(deviceId);
      return body.secret;
    },
    revokeOthers: () => post('/api/auth/sessions/revoke-others', {}),
    login: (body: Record<string, unknown>) => post('/api/auth/login', body),
  };
}

describe('POST /api/auth/login with the device named', () => {
  it("answers that device's escrow secret with the session: the same the escrow route gives, never cached; none without a device or with a wrong password", async () => {
    await start();
    const phone = browser();
    const device = uuidv7();
    const signedIn = await phone.login({ email: 'camille@example.com', password: PASSWORD, deviceId: device });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    const { escrow } = (await signedIn.json()) as { escrow: { deviceId: string; secret: string } };
    expect(escrow.deviceId).toBe(device);
    expect(Buffer.from(escrow.secret, 'base64url')).toHaveLength(32);
    expect(await phone.secret(device)).toBe(escrow.secret);

    const plain = await browser().login({ email: 'camille@example.com', password: PASSWORD });
    expect(((await plain.json()) as { escrow?: unknown }).escrow).toBeUndefined();

    const wrong = await browser().login({ email: 'camille@example.com', password: 'wrong', deviceId: device });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toContain(escrow.secret);

    const malformed = await browser().login({ email: 'camille@example.com', password: PASSWORD, deviceId: 'not-an-id' });
    expect(malformed.status).toBe(422);
  });
});

describe('POST /api/auth/key-escrow', () => {
  it('releases a 32-byte secret against the password, the same one every time for a device, another for another device or account', async () => {
    await start();
    const phone = browser();
    await phone.signIn();
    const device = uuidv7();
    const response = await phone.escrow({ password: PASSWORD, deviceId: device });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { secret } = (await response.json()) as { secret: string };
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);

    expect(await phone.secret(device)).toBe(secret);
    const otherDevice = await phone.secret(uuidv7());
    expect(otherDevice).not.toBe(secret);

    const noah = browser();
    await noah.signIn('noah@example.com');
    expect(await noah.secret(device)).not.toBe(secret);
    expect(await phone.secret(device)).toBe(secret);
  });

  it('never releases it to a session alone: no password, or a wrong one, is refused with a 4xx', async () => {
    await start();
    const phone = browser();
    const device = uuidv7();
    // Without a session, even with the password.
    expect((await phone.escrow({ password: PASSWORD, deviceId: device })).status).toBe(401);
    await phone.signIn();
    const missing = await phone.escrow({ deviceId: device });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    expect((await phone.escrow({ password: PASSWORD, deviceId: 'not-a-uuid' })).status).toBe(422);
    const wrong = await phone.escrow({ password: 'guess', deviceId: device });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_credentials' });
    // Noah's password does not open Camille's escrow, from Camille's session.
    expect((await phone.escrow({ password: 'another password', deviceId: device })).status).toBe(401);
  });

  it('counts wrong passwords exactly like sign-in: they slow sign-in too, and the backoff refuses without hashing', async () => {
    await start();
    const thief = browser();
    await thief.signIn();
    const device = uuidv7();
    const statuses = [];
    // Her own browser's known-device counter: 3 free, a fourth that starts the backoff, then 429s.
    for (let i = 0; i < 6; i++) statuses.push((await thief.escrow({ password: 'guess', deviceId: device })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const refused = await thief.escrow({ password: PASSWORD, deviceId: device });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(60);
    const day = new Date(T0.getTime() - SMALL.forgetAfterMs);
    expect((await server!.store.loginFailures('account:camille@example.com', day))?.failures).toBe(4);
    expect((await server!.store.loginFailures('address:127.0.0.1', day))?.failures).toBe(4);
    // A sign-in from a stranger's browser now waits too.
    const stranger = await fetch(`${server!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'camille@example.com', password: PASSWORD }),
    });
    expect(stranger.status).toBe(429);
    now = new Date(T0.getTime() + 60_000);
    expect(await thief.secret(device)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rotates on request, then keeps the new secret; and a restart forgets nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tournee-escrow-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'server.sqlite');
    await start(file);
    const phone = browser();
    await phone.signIn();
    const device = uuidv7();
    const first = await phone.secret(device);
    const rotated = await phone.secret(device, { rotate: true });
    expect(rotated).not.toBe(first);
    expect(await phone.secret(device)).toBe(rotated);

    await server!.close();

    await start(file, false);
    expect(await phone.secret(device)).toBe(rotated);
  });

  it('is deleted for every other device when the therapist signs out all other devices; this device keeps its own', async () => {
    await start();
    const lost = browser();
    const kept = browser();
    await lost.signIn();
    await kept.signIn();
    const [lostDevice, keptDevice] = [uuidv7(), uuidv7()];
    const lostSecret = await lost.secret(lostDevice);
    const keptSecret = await kept.secret(keptDevice);

    expect((await kept.revokeOthers()).status).toBe(200);
    expect(await kept.secret(keptDevice)).toBe(keptSecret);
    // The lost phone's session is over; signed in again with the password, it gets a new secret, which opens nothing it held.
    expect((await lost.escrow({ password: PASSWORD, deviceId: lostDevice })).status).toBe(401);
    await lost.signIn();
    expect(await lost.secret(lostDevice)).not.toBe(lostSecret);
  });
});
