/**
 * Sync benchmark, on loopback against the real server (the production build)
 * with a real SQLite file, and the real app in Debian's Chromium. Equal work
 * to what PouchDB 9 replicating to express-pouchdb was measured doing side by
 * side on this machine (DESIGN.md, "Budgets"); this engine must be at least
 * 4 times faster:
 *
 *  - first pull of 5,000 records of every kind a phone holds (clients,
 *    visits, intakes with drawn signatures, session records with free text,
 *    amendments, receipts; see sync-seed.ts), timed from the sign-in
 *    submit to the last page committed in IndexedDB, less the server's
 *    password check (scrypt, slow on purpose, and absent from PouchDB's
 *    figure; printed beside it), with its requests and the bytes on the
 *    wire. PouchDB: 4.0-4.2 s, 253 requests. Budget 1,000 ms.
 *  - push of 2,000 session-record notes of about 1 KB each, saved through the
 *    app's write path in this browser while the app was closed, timed by the
 *    app from the start of its push to an empty outbox, with its requests.
 *    PouchDB: 1.52-1.57 s, 83 requests. Budget 380 ms.
 *  - for information, server pushes per second with 50 devices pushing at once.
 *
 * BENCH_PROFILE=file.cpuprofile saves the page's CPU profile from the
 * sign-in to the end of the pull, and file-push.cpuprofile from the app's
 * opening to the end of its push (open them in Chromium's DevTools).
 * SERVER_CPU_PROF=dir profiles the server process too (node --cpu-prof).
 *
 * Exits non-zero when a budget is missed or when the work was not all done
 * (records missing after the pull, changes left or refused after the push).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { createHlcClock, deviceTabNode } from '../../src/shared/hlc';
import { uuidv7 } from '../../src/shared/ids';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { BENCH_CODEC, BENCH_PIN, checkBudget, launchChromium, startServer, turnLockOn } from './bench-env';
import type { NoteEdit } from './browser/write-session-notes';
import { PULLED, clinicalText, seedSyncBench } from './sync-seed';

// Moved with E2E_PORT_OFFSET like the e2e server, so parallel runs do not collide.
const PORT = 4399 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const URL = `http://localhost:${PORT}`;
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password';
const PUSHED = 2000;
const NOTE_FIELDS = ['subjective', 'objective', 'assessment', 'plan', 'clientResponse', 'homeCare'] as const;
const BUDGET_PULL_MS = 1000;
const BUDGET_PUSH_MS = 380;
const DEVICES = 50;
const LOAD_SECONDS = 5;

/** Every /api/ request the page makes, with what crossed the wire. */
interface Wire {
  path: string;
  requestBytes: number;
  responseBytes: number;
  /** From the request sent to the first byte of the answer: the server's share. */
  waitMs: number;
}

/** Samples the page's JavaScript every 0.2 ms until `save` writes the profile to a file. */
async function startProfiler(page: Page): Promise<{ save(file: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async save(file) {
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      await cdp.detach();
    },
  };
}

function watchWire(page: Page): Wire[] {
  const wire: Wire[] = [];
  page.on('requestfinished', async (request) => {
    const path = new globalThis.URL(request.url()).pathname;
    if (!path.startsWith('/api/')) return;
    const sizes = await request.sizes();
    const timing = request.timing();
    wire.push({
      path,
      requestBytes: sizes.requestBodySize + sizes.requestHeadersSize,
      responseBytes: sizes.responseBodySize + sizes.responseHeadersSize,
      waitMs: timing.responseStart - timing.requestStart,
    });
  });
  return wire;
}

/** The `index`th performance entry named `name` (the first by default), once there is one. */
async function measure(page: Page, name: string, index = 0): Promise<{ startTime: number; duration: number; detail: unknown }> {
  await page.waitForFunction(([entry, at]) => performance.getEntriesByName(entry).length > at, [name, index] as const, { timeout: 60_000 });
  return page.evaluate(([entry, at]) => {
    const { startTime, duration, detail } = performance.getEntriesByName(entry)[at] as PerformanceMeasure;
    return { startTime, duration, detail };
  }, [name, index] as const);
}

/** Records of each store, and the outbox and refusals, as IndexedDB holds them now. */
async function countStores(page: Page, therapistId: string): Promise<Record<string, number>> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`tournee-${id}`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const counts: Record<string, number> = {};
    for (const store of ['therapist', 'client', 'visit', 'intake', 'sessionRecord', 'amendment', 'receipt', 'outbox', 'rejection']) {
      counts[store] = await new Promise<number>((resolve) => (db.transaction(store).objectStore(store).count().onsuccess = (e) => resolve((e.target as IDBRequest<number>).result)));
    }
    db.close();
    return counts;
  }, therapistId);
}

async function loadTest(cookie: string, visitIds: string[]) {
  let pushes = 0;
  let mutations = 0;
  const end = Date.now() + LOAD_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: DEVICES }, async () => {
      const deviceId = uuidv7();
      const clock = createHlcClock(deviceTabNode(deviceId, 1));
      let next = 1;
      while (Date.now() < end) {
        const batch = Array.from({ length: 10 }, () => ({
          mutationId: next++,
          entity: 'visit',
          id: visitIds[Math.floor(Math.random() * visitIds.length)]!,
          op: 'update',
          fields: { status: 'arrived' },
          hlc: clock.tick(),
          base: {},
        }));
        const response = await fetch(`${URL}/api/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId, deviceTime: Date.now(), mutations: batch }),
        });
        if (!response.ok) throw new Error(`push failed: ${response.status}`);
        await response.arrayBuffer();
        pushes += 1;
        mutations += batch.length;
      }
    }),
  );
  return { pushesPerSecond: pushes / LOAD_SECONDS, mutationsPerSecond: mutations / LOAD_SECONDS };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
function fail(message: string) {
  console.error(`  FAILED: ${message}`);
  process.exitCode = 1;
}

const dataDir = await mkdtemp(join(tmpdir(), 'tournee-bench-'));
const { therapistId, unsignedRecordIds } = await seedSyncBench(join(dataDir, 'tournee.sqlite'), EMAIL, PASSWORD);
const server = await startServer(PORT, dataDir);
const browser = await launchChromium();
const writer = await build({
  entryPoints: ['tests/bench/browser/write-session-notes.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  write: false,
  logLevel: 'warning',
});
try {
  const context = await browser.newContext({ baseURL: URL, locale: 'en-CA', timezoneId: 'America/Toronto' });
  const page = await context.newPage();
  const wire = watchWire(page);
  console.log(`Sync benchmark (loopback, real server and SQLite, Debian Chromium; records ${BENCH_CODEC === 'aes' ? 'sealed with AES-GCM' : 'plain'} at rest):`);

  // First pull. The app is loaded and its service worker has finished precaching, as on a
  // phone where the therapist opens the installed app and signs in.
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.evaluate(() => document.addEventListener('submit', () => performance.mark('bench:sign-in'), { capture: true, once: true }));
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  wire.length = 0;
  let profiler = process.env.BENCH_PROFILE && BENCH_CODEC === 'plain' ? await startProfiler(page) : null;
  await page.getByRole('button', { name: 'Sign in' }).click();
  let pull = await measure(page, 'tournee:pull');
  let tapMark = 'bench:sign-in';
  let checkedAt = '/api/auth/login';
  if (BENCH_CODEC === 'aes') {
    // Sealed: the therapist turns the lock on, and the day comes again, sealed under the data key.
    // Timed the same way, from the tap (Turn on the lock) to the last page stored, less the password check.
    await page.evaluate(() => document.addEventListener('submit', () => performance.mark('bench:lock-on'), { capture: true, once: true }));
    wire.length = 0;
    profiler = process.env.BENCH_PROFILE ? await startProfiler(page) : null;
    await turnLockOn(page, PASSWORD);
    pull = await measure(page, 'tournee:pull', 1);
    tapMark = 'bench:lock-on';
    checkedAt = '/api/auth/key-escrow';
  }
  await profiler?.save(process.env.BENCH_PROFILE!);
  const signIn = await measure(page, tapMark);
  const fromSignIn = pull.startTime + pull.duration - signIn.startTime;
  // The password check is scrypt at OWASP's floor, on purpose slow (~0.3 s of a core): PouchDB's
  // replication figure had no sign-in in it, so equal work is the rest of the way from the tap.
  const passwordCheck = wire.find((entry) => entry.path === checkedAt)?.waitMs;
  if (passwordCheck === undefined) fail(`the password check (${checkedAt}) was not seen`);
  const pullMs = fromSignIn - (passwordCheck ?? 0);
  const pulls = wire.filter((entry) => entry.path === '/api/sync/pull');
  const held = await countStores(page, therapistId);
  const records = ['therapist', 'client', 'visit', 'intake', 'sessionRecord', 'amendment', 'receipt'].reduce((sum, store) => sum + held[store]!, 0);
  const pullBytes = pulls.reduce((sum, entry) => sum + entry.responseBytes + entry.requestBytes, 0);
  checkBudget(`first pull of ${records.toLocaleString('en')} records`, pullMs, BUDGET_PULL_MS, 'ms', `${pulls.length} request(s), ${kb(pullBytes)} on the wire`);
  console.log(
    `    ${held.client} clients, ${held.visit} visits, ${held.intake} intakes, ${held.sessionRecord} session records, ${held.amendment} amendments, ${held.receipt} receipts; ${wire.length} API requests from sign-in to the end of the pull`,
  );
  console.log(
    `    from the sign-in tap to the last page stored ${fromSignIn.toFixed(0)} ms, of which the server's password check ${(passwordCheck ?? 0).toFixed(0)} ms (not budgeted); the pull itself ${pull.duration.toFixed(0)} ms`,
  );
  const pages = await page.evaluate(() =>
    performance.getEntriesByName('tournee:pull-page').map((entry) => `${(entry as PerformanceMeasure).detail} in ${entry.duration.toFixed(0)} ms`),
  );
  console.log(`    each page written to IndexedDB: ${pages.join(', ')}`);
  const waits = (path: string) => wire.filter((entry) => entry.path === path).map((entry) => entry.waitMs.toFixed(0));
  console.log(`    server's wait for each pull page: ${waits('/api/sync/pull').join(', ')} ms`);
  if (records !== PULLED) fail(`IndexedDB holds ${records} records, the server has ${PULLED} for this therapist`);

  // Push. A day's notes saved through the app's write path while the app is closed
  // (on a page of the same origin that does not run it), then the app opens and pushes.
  const edits: NoteEdit[] = Array.from({ length: PUSHED }, (_, i) => ({
    recordId: unsignedRecordIds[Math.floor(i / NOTE_FIELDS.length)]!,
    field: NOTE_FIELDS[i % NOTE_FIELDS.length]!,
    text: clinicalText(i + 7000, 1000),
  }));
  // Served from the app's origin (its CSP allows only 'self' scripts); context.route also sees service worker fetches.
  await context.route('**/bench/write-session-notes.js', (route) => route.fulfill({ contentType: 'text/javascript', body: writer.outputFiles[0]!.text }));
  await page.goto('/api/health');
  await page.addScriptTag({ url: '/bench/write-session-notes.js' });
  const { queued } = await page.evaluate(
    ({ id, edits, pin }) =>
      (globalThis as unknown as { benchWriteSessionNotes(id: string, edits: NoteEdit[], pin?: string): Promise<{ queued: number }> }).benchWriteSessionNotes(id, edits, pin),
    { id: therapistId, edits, pin: BENCH_CODEC === 'aes' ? BENCH_PIN : undefined },
  );
  if (queued !== PUSHED) fail(`${queued} changes queued, ${PUSHED} written`);
  wire.length = 0;
  const pushProfiler = process.env.BENCH_PROFILE ? await startProfiler(page) : null;
  await page.goto('/');
  if (BENCH_CODEC === 'aes') {
    // The lock is on: the app opens locked, and pushes once the PIN has opened the data key.
    await page.getByLabel('PIN', { exact: true }).fill(BENCH_PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
  }
  const push = await measure(page, 'tournee:push');
  await pushProfiler?.save(process.env.BENCH_PROFILE!.replace(/(\.cpuprofile)?$/, '-push.cpuprofile'));
  const pushes = wire.filter((entry) => entry.path === '/api/sync/push');
  const pushBytes = pushes.reduce((sum, entry) => sum + entry.requestBytes, 0);
  checkBudget(`push of ${queued.toLocaleString('en')} ~1 KB notes`, push.duration, BUDGET_PUSH_MS, 'ms', `${pushes.length} request(s), ${kb(pushBytes)} sent`);
  const pushSteps = await page.evaluate(() =>
    ['tournee:push', 'tournee:push-request', 'tournee:push-settle'].map((name) =>
      performance
        .getEntriesByName(name)
        .map((entry) => `${name.slice('tournee:'.length)} ${(entry as PerformanceMeasure).detail} at ${entry.startTime.toFixed(0)}-${(entry.startTime + entry.duration).toFixed(0)}`)
        .join(', '),
    ),
  );
  console.log(`    timeline (ms since the page opened): ${pushSteps.join('; ')}`);
  console.log(`    server's wait: push requests ${waits('/api/sync/push').join(', ')} ms`);
  const after = await countStores(page, therapistId);
  if (push.detail !== PUSHED) fail(`the push answered for ${String(push.detail)} changes, not ${PUSHED}`);
  if (after.outbox !== 0 || after.rejection !== 0) fail(`${after.outbox} changes left in the outbox, ${after.rejection} refused`);

  // 50 devices at once, from Node, on the same server.
  const login = await fetch(`${URL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const pulled = await (await fetch(`${URL}/api/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, limit: 5000 }) })).json();
  const visitIds = (pulled.records as { entity: string; id: string }[]).filter((record) => record.entity === 'visit').map((record) => record.id);
  const load = await loadTest(cookie, visitIds);
  console.log(`  ${DEVICES} devices pushing at once      ${load.pushesPerSecond.toFixed(0).padStart(6)} pushes/s   ${load.mutationsPerSecond.toFixed(0)} mutations/s (10 per push; for information)`);
} finally {
  await browser.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
