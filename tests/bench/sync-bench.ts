/**
 * Sync benchmark, on loopback against the real server (the production build)
 * with a real SQLite file, and the real app in Debian's Chromium:
 *  - first pull of 5,000 ~1 KB records (sign-in to everything stored in IndexedDB);
 *  - push of 2,000 changes queued in IndexedDB while offline;
 *  - bytes on the wire per pushed mutation;
 *  - server pushes per second with 50 devices pushing at once.
 * Run with `npm run bench` (after `npm run build`). It prints figures; it asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { hashPassword } from '../../src/server/auth/passwords';
import { openSqliteStore } from '../../src/server/store/sqlite/sqlite-store';
import { calendarDateIn, shiftDate } from '../../src/shared/calendar';
import { createHlcClock, deviceTabNode } from '../../src/shared/hlc';
import { uuidv7 } from '../../src/shared/ids';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { aClient, aTherapist, aVisit } from '../../src/shared/testing/fixtures';

const PORT = 4399;
const URL = `http://localhost:${PORT}`;
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password';
const CLIENTS = 1000;
const VISITS = 3999; // + clients + the profile = 5,000 records
const QUEUED = 2000;
const DEVICES = 50;
const LOAD_SECONDS = 5;

const filler = (n: number) => 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(Math.ceil(n / 57)).slice(0, n);

async function seed(dataDir: string) {
  const store = openSqliteStore(join(dataDir, 'tournee.sqlite'));
  const clock = createHlcClock('be0c000000000000');
  const therapist = aTherapist({ email: EMAIL });
  await store.createTherapist(therapist, await hashPassword(PASSWORD), clock.tick());
  const clients = Array.from({ length: CLIENTS }, (_, i) => aClient({ lastName: `Client ${i}`, preferences: filler(500) }));
  for (const client of clients) await store.putClient(client, clock.tick());
  const today = calendarDateIn(new Date());
  for (let i = 0; i < VISITS; i++) {
    const visit = aVisit(therapist.id, clients[i % CLIENTS]!.id, {
      date: shiftDate(today, (i % 15) - 1),
      routePosition: 1 + Math.floor(i / 15),
      officeNotes: filler(600),
    });
    await store.putVisit(visit, clock.tick());
  }
  await store.close();
  return therapist.id;
}

async function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['dist/server/main.js'], { env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, HOST: '127.0.0.1' }, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${URL}/api/health`)).ok) return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('server did not start');
}

async function measure(page: import('@playwright/test').Page, name: string) {
  await page.waitForFunction((entry) => performance.getEntriesByName(entry).length > 0, name, { timeout: 60_000 });
  return page.evaluate((entry) => performance.getEntriesByName(entry)[0]!.duration, name);
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

const dataDir = await mkdtemp(join(tmpdir(), 'tournee-bench-'));
const therapistId = await seed(dataDir);
const server = await startServer(dataDir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ baseURL: URL, locale: 'en-CA', timezoneId: 'America/Toronto' });
  const page = await context.newPage();
  const wire = { pullRequests: 0, pushRequests: 0, pushBodyBytes: 0 };
  page.on('request', (request) => {
    if (request.url().endsWith('/api/sync/pull')) wire.pullRequests += 1;
    if (request.url().endsWith('/api/sync/push')) {
      wire.pushRequests += 1;
      wire.pushBodyBytes += request.postDataBuffer()?.length ?? 0;
    }
  });

  // First pull: sign in, and the engine pulls the whole window.
  await page.goto('/');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const pullMs = await measure(page, 'tournee:pull');
  const held = await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`tournee-${id}`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const count = (store: string) => new Promise<number>((resolve) => (db.transaction(store).objectStore(store).count().onsuccess = (e) => resolve((e.target as IDBRequest<number>).result)));
    const total = (await count('visit')) + (await count('client')) + (await count('therapist'));
    db.close();
    return total;
  }, therapistId);
  const pullRequests = wire.pullRequests;

  // Queue 2,000 changes as the app would have while offline, then reopen the app: it pushes them at start.
  await page.evaluate(
    async ({ id, queued }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`tournee-${id}`);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['visit', 'outbox', 'meta'], 'readwrite');
      const visits = tx.objectStore('visit');
      const all = await new Promise<{ id: string; fields: Record<string, unknown>; hlc: Record<string, string> }[]>(
        (resolve) => (visits.getAll(null, queued).onsuccess = (e) => resolve((e.target as IDBRequest).result)),
      );
      const node = 'be0c00000000beef';
      all.forEach((record, index) => {
        const hlc = `${new Date().toISOString()}-${index.toString(16).padStart(4, '0')}-${node}`;
        const base = { status: record.hlc.status };
        record.fields.status = 'en_route';
        record.hlc.status = hlc;
        visits.put(record);
        tx.objectStore('outbox').add({ mutationId: index + 1, entity: 'visit', id: record.id, op: 'update', fields: { status: 'en_route' }, hlc, base, createdAt: new Date().toISOString() });
      });
      tx.objectStore('meta').put(queued + 1, 'nextMutationId');
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    { id: therapistId, queued: QUEUED },
  );
  await page.reload();
  const pushMs = await measure(page, 'tournee:push');
  const pushRequests = wire.pushRequests;
  const bytesPerMutation = wire.pushBodyBytes / QUEUED;

  // 50 devices at once, from Node, on the same server.
  const login = await fetch(`${URL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const pulled = await (await fetch(`${URL}/api/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, limit: 5000 }) })).json();
  const visitIds = (pulled.records as { entity: string; id: string }[]).filter((record) => record.entity === 'visit').map((record) => record.id);
  const load = await loadTest(cookie, visitIds);

  console.log('Sync benchmark (loopback, real server and SQLite, Debian Chromium):');
  console.log(`  first pull of ${held.toLocaleString('en')} records     ${pullMs.toFixed(0).padStart(6)} ms   ${pullRequests} request(s)   (budget 800 ms)`);
  console.log(`  push of ${QUEUED.toLocaleString('en')} queued changes       ${pushMs.toFixed(0).padStart(6)} ms   ${pushRequests} request(s)   (budget 300 ms)`);
  console.log(`  bytes on the wire per mutation  ${bytesPerMutation.toFixed(0).padStart(6)} B    (push request body)`);
  console.log(`  ${DEVICES} devices pushing at once      ${load.pushesPerSecond.toFixed(0).padStart(6)} pushes/s   ${load.mutationsPerSecond.toFixed(0)} mutations/s (10 per push)`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
}
