import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aTherapist, testClock } from '../../shared/testing/fixtures';
import { parseTrustProxy } from '../http/client-address';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';
import { createHashQueue } from './hash-queue';
import { SMALL_SIGN_IN_LIMITS } from '../testing/small-sign-in-limits';
import { hashPassword } from './passwords';

const T0 = new Date('2026-11-24T15:00:00Z');
const PASSWORD = 'correct horse';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const SMALL = SMALL_SIGN_IN_LIMITS;
// The throttle tests check many wrong passwords: a cheap scrypt keeps them fast. The queue test uses the real cost.
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

async function start(options: Parameters<typeof startTestServer>[0] = {}, hash?: string) {
  server = await startTestServer({ now: () => now, auth: { limits: SMALL }, ...options });
  const camille = aTherapist({ email: 'camille@example.com' });
  await server.store.createTherapist(camille, hash ?? (await cheapHash), testClock().tick());
  return camille;
}

interface Attempt {
  password?: string;
  /** Cookies to send, "name=value" each. */
  cookies?: string[];
  forwardedFor?: string;
  userAgent?: string;
}

async function signIn({ password = PASSWORD, cookies = [], forwardedFor, userAgent }: Attempt = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookies.length) headers.cookie = cookies.join('; ');
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  if (userAgent) headers['user-agent'] = userAgent;
  const response = await fetch(`${server!.url}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email: 'camille@example.com', password }) });
  const set = Object.fromEntries(response.headers.getSetCookie().map((line) => [line.split('=')[0], line.split(';')[0]!]));
  const body = (await response.json()) as { signOutToken?: string };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), session: set.session, device: set.device, signOutToken: body.signOutToken };
}

const wrong = (attempt: Attempt = {}) => signIn({ ...attempt, password: 'guess' });
const me = async (cookie: string) => (await fetch(`${server!.url}/api/me`, { headers: { cookie } })).status;

describe('a wrong-password flood does not lock the therapist out', () => {
  it('from one address: strangers wait, the right password from her own browser gets in', async () => {
    await start();
    const own = await signIn();
    expect(own.status).toBe(200);
    expect(own.device).toMatch(/^device=[A-Za-z0-9_-]{43}$/);

    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await wrong()).status);
    // Three free failures, a fourth that starts the backoff, then refusals that cost no scrypt.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    const stranger = await signIn();
    expect(stranger.status).toBe(429);
    expect(Number(stranger.retryAfter)).toBe(60);

    const back = await signIn({ cookies: [own.device!] });
    expect(back.status).toBe(200);
    expect(await me(back.session!)).toBe(200);
  });

  it('from many addresses behind the proxy: the account backs off for strangers, not for her own browser', async () => {
    await start({ trustProxy: parseTrustProxy('loopback') });
    const own = await signIn({ forwardedFor: '198.51.100.10' });
    const statuses = [];
    for (let i = 1; i <= 8; i++) statuses.push((await wrong({ forwardedFor: `203.0.113.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    expect((await signIn({ forwardedFor: '198.51.100.99' })).status).toBe(429);
    expect((await signIn({ forwardedFor: '198.51.100.11', cookies: [own.device!] })).status).toBe(200);
  });

  it('her browser is no pass for guessing: past its free failures it waits like a stranger', async () => {
    await start();
    const own = await signIn();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await wrong({ cookies: [own.device!] })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await signIn({ cookies: [own.device!] })).status).toBe(429);
    // A browser known to another account is a stranger to this one.
    expect((await signIn({ cookies: ['device=' + 'x'.repeat(43)] })).status).toBe(429);
    now = new Date(T0.getTime() + 60_000);
    expect((await signIn({ cookies: [own.device!] })).status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('counts failures by the socket address unless the peer is a listed proxy', async () => {
    const camille = await start({ trustProxy: parseTrustProxy('192.0.2.1') });
    await wrong({ forwardedFor: '203.0.113.5' });
    await wrong({ forwardedFor: '203.0.113.6' });
    const day = new Date(T0.getTime() - SMALL.forgetAfterMs);
    expect((await server!.store.loginFailures('address:127.0.0.1', day))?.failures).toBe(2);
    expect(await server!.store.loginFailures('address:203.0.113.5', day)).toBeNull();
    await server!.close();

    server = undefined;
    await start({ trustProxy: parseTrustProxy('127.0.0.1') });
    await wrong({ forwardedFor: '203.0.113.5' });
    expect((await server!.store.loginFailures('address:203.0.113.5', day))?.failures).toBe(1);
    expect(await server!.store.loginFailures('address:127.0.0.1', day)).toBeNull();
    expect(camille.email).toBe('camille@example.com');
  });
});

describe('password checks queue', () => {
  it('runs a bounded number at once, refuses the overflow with 503 and Retry-After, and lets her own browser go first', async () => {
    const hashQueue = createHashQueue({ concurrency: 1, maxWaiting: 2 });
    await start({ trustProxy: parseTrustProxy('loopback'), auth: { hashQueue } }, await testPasswordHash());
    const own = await signIn({ forwardedFor: '198.51.100.10' });
    expect(own.status).toBe(200);

    const finished: string[] = [];
    const track = (name: string, attempt: Promise<{ status: number }>) => attempt.then((result) => (finished.push(name), result));
    const strangers = [1, 2, 3].map((i) => track(`stranger-${i}`, wrong({ forwardedFor: `203.0.113.${i}` })));
    await expect.poll(() => hashQueue.load(), { timeout: 10_000 }).toEqual({ running: 1, waiting: 2 });

    const overflow = await wrong({ forwardedFor: '203.0.113.4' });
    expect(overflow.status).toBe(503);
    expect(Number(overflow.retryAfter)).toBeGreaterThan(0);

    const ownAgain = await track('own', signIn({ forwardedFor: '198.51.100.10', cookies: [own.device!] }));
    expect(ownAgain.status).toBe(200);
    expect((await Promise.all(strangers)).map((result) => result.status)).toEqual([401, 401, 401]);
    // Her check started as soon as the one under way ended, before the two strangers waiting.
    expect(finished.indexOf('own')).toBeLessThanOrEqual(1);
  });
});

describe('a restart', () => {
  it('keeps the backoff, the sessions and the known browsers: they live in the database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tournee-restart-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'server.sqlite');
    await start({ file });
    const own = await signIn();
    for (let i = 0; i < 4; i++) await wrong();
    expect((await signIn()).status).toBe(429);
    await server!.close();

    server = await startTestServer({ now: () => now, auth: { limits: SMALL }, file });
    expect((await signIn()).status).toBe(429);
    expect(await me(own.session!)).toBe(200);
    expect((await signIn({ cookies: [own.device!] })).status).toBe(200);
  });
});

describe('sign-out', () => {
  it('ends the session named by the sign-out token, even without the cookie (sent later, from a device that signed out offline)', async () => {
    await start();
    const own = await signIn();
    expect(own.signOutToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const out = await fetch(`${server!.url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signOutToken: own.signOutToken }),
    });
    expect(out.status).toBe(204);
    expect(await me(own.session!)).toBe(401);
  });

  it('a sign-in on a browser ends the session that browser held', async () => {
    await start();
    const first = await signIn();
    const second = await signIn({ cookies: [first.session!, first.device!] });
    expect(await me(first.session!)).toBe(401);
    expect(await me(second.session!)).toBe(200);
  });

  it('a malformed sign-out token is a 422, not a 500', async () => {
    await start();
    const out = await fetch(`${server!.url}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"signOutToken": 42}' });
    expect(out.status).toBe(422);
  });
});

describe('signed-in devices', () => {
  const list = async (cookie: string) => {
    const response = await fetch(`${server!.url}/api/auth/sessions`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { sessions: { browser: string; os: string; createdAt: string; lastSeenAt: string; current: boolean }[] }).sessions;
  };

  it('lists each device with its label, when it signed in and was last seen (to the hour), and marks this one', async () => {
    await start();
    const phone = await signIn({ userAgent: ANDROID });
    now = new Date(T0.getTime() + 10 * 60_000);
    const iphone = await signIn({ userAgent: IPHONE });
    expect(await list(iphone.session!)).toEqual([
      { id: expect.any(String), browser: 'Safari', os: 'iPhone', createdAt: now.toISOString(), lastSeenAt: now.toISOString(), current: true },
      { id: expect.any(String), browser: 'Chrome', os: 'Android', createdAt: T0.toISOString(), lastSeenAt: T0.toISOString(), current: false },
    ]);

    // Used half an hour later: not written (at most hourly). Two hours later: written.
    now = new Date(T0.getTime() + 30 * 60_000);
    await me(phone.session!);
    expect((await list(iphone.session!))[1]!.lastSeenAt).toBe(T0.toISOString());
    now = new Date(T0.getTime() + 2 * 3600_000);
    await me(phone.session!);
    expect((await list(iphone.session!)).find((one) => one.os === 'Android')!.lastSeenAt).toBe(now.toISOString());
  });

  it('"sign out everywhere else" ends every other session and forgets every other browser, and keeps this one', async () => {
    const camille = await start();
    const phone = await signIn({ userAgent: ANDROID });
    const laptop = await signIn({ userAgent: IPHONE });
    const revoke = (cookie: string, body = '{}') =>
      fetch(`${server!.url}/api/auth/sessions/revoke-others`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body });
    expect((await revoke(`${laptop.session}; ${laptop.device}`, 'not json')).status).toBe(400);
    const response = await revoke(`${laptop.session}; ${laptop.device}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ended: 1 });
    expect(await me(phone.session!)).toBe(401);
    expect(await me(laptop.session!)).toBe(200);
    expect((await list(laptop.session!)).map((one) => one.current)).toEqual([true]);
    const hashOf = async (cookie: string) => (await import('./session-tokens')).hashSessionToken(cookie.split('=')[1]!);
    expect(await server!.store.isKnownDevice(await hashOf(phone.device!), camille.id, now)).toBe(false);
    expect(await server!.store.isKnownDevice(await hashOf(laptop.device!), camille.id, now)).toBe(true);
    expect((await fetch(`${server!.url}/api/auth/sessions`, { headers: { cookie: phone.session! } })).status).toBe(401);
  });
});
