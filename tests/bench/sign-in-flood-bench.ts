/**
 * `npm run bench:signin`: 64 bogus sign-ins at once (each from its own address,
 * for its own unknown email, so that no backoff can refuse them before scrypt),
 * then the therapist's own sign-in from her browser. Printed: how long hers took
 * with password checks unbounded (as before the queue) and with the queue.
 */
import { createHashQueue } from '../../src/server/auth/hash-queue';
import { SIGN_IN_LIMITS } from '../../src/server/auth/login-throttle';
import { parseTrustProxy } from '../../src/server/http/client-address';
import { startTestServer, testPasswordHash } from '../../src/server/testing/test-server';
import { aTherapist, testClock } from '../../src/shared/testing/fixtures';

const FLOOD = 64;
const BUDGET_MS = 2_000;

async function signIn(url: string, email: string, password: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started, cookies: response.headers.getSetCookie().map((line) => line.split(';')[0]!) };
}

async function run(label: string, hashQueue: ReturnType<typeof createHashQueue>) {
  const server = await startTestServer({ trustProxy: parseTrustProxy('loopback'), auth: { hashQueue, limits: SIGN_IN_LIMITS } });
  const camille = aTherapist({ email: 'camille@example.com' });
  await server.store.createTherapist(camille, await testPasswordHash(), testClock().tick());
  const first = await signIn(server.url, camille.email, 'correct horse', { 'x-forwarded-for': '198.51.100.7' });
  const device = first.cookies.find((cookie) => cookie.startsWith('device='))!;

  const flood = Array.from({ length: FLOOD }, (_, i) =>
    signIn(server.url, `nobody-${i}@example.com`, 'guess', { 'x-forwarded-for': `203.0.113.${i + 1}` }),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  const own = await signIn(server.url, camille.email, 'correct horse', { 'x-forwarded-for': '198.51.100.7', cookie: device });
  const answers = await Promise.all(flood);
  const counts = answers.reduce<Record<number, number>>((all, answer) => ({ ...all, [answer.status]: (all[answer.status] ?? 0) + 1 }), {});
  console.log(
    `${label.padEnd(34)} her sign-in: ${own.status} in ${(own.ms / 1000).toFixed(2)} s` +
      ` (alone: ${(first.ms / 1000).toFixed(2)} s); the flood: ${Object.entries(counts).map(([status, n]) => `${n}× ${status}`).join(', ')},` +
      ` last answered after ${(Math.max(...answers.map((answer) => answer.ms)) / 1000).toFixed(2)} s`,
  );
  await server.close();
  return own;
}

const before = await run('unbounded (before)', createHashQueue({ concurrency: Infinity, maxWaiting: Infinity }));
const after = await run('2 at once, 8 waiting (now)', createHashQueue());
const ok = after.status === 200 && after.ms <= BUDGET_MS;
console.log(`\nunder a ${FLOOD}-sign-in flood: ${(before.ms / 1000).toFixed(2)} s before, ${(after.ms / 1000).toFixed(2)} s now (budget ${BUDGET_MS / 1000} s) ${ok ? 'ok' : 'MISSED'}`);
if (!ok) process.exitCode = 1;
