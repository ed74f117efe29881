import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { startServer } from './support/server-process';

test.use({ locale: 'en-CA' });

/**
 * The built app is served with a spy added at the end of its service worker: a fetch listener
 * that writes the address of every request it is handed into a cache the test
 * reads. The app's API must never reach it (sw.ts routes /api/* straight to
 * the network with the Static Routing API): no API answer can be kept by the
 * worker, and a push's megabyte body is not handed to it on the way out.
 */
const SPY = `
self.addEventListener('fetch', (event) => {
  event.waitUntil(caches.open('spy').then((cache) => cache.put('/spy/' + crypto.randomUUID(), new Response(new URL(event.request.url).pathname))));
});
`;

test('API requests go straight to the network, never through the service worker', async ({ browser }) => {
  const port = 4397 + Number(process.env.E2E_PORT_OFFSET ?? 0);
  const dataDir = await mkdtemp(join(tmpdir(), 'tournee-e2e-'));
  const spied = await mkdtemp(join(tmpdir(), 'tournee-spied-'));
  await cp('dist/client', spied, { recursive: true });
  await writeFile(join(spied, 'sw.js'), `${await readFile(join(spied, 'sw.js'), 'utf8')}\n${SPY}`);
  const server = await startServer({ port, dataDir, staticDir: spied });
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-CA' });
  try {
    await signInAndSync(new AppPage(await context.newPage()));
  } finally {
    await context.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(spied, { recursive: true, force: true });
  }
});

async function signInAndSync(app: AppPage) {
  const { page } = app;
  await app.open();
  await app.waitForOfflineReady();
  await app.signIn();
  await app.expectSynced();
  await page.reload();
  await app.expectSynced();

  const seen = await page.evaluate(async () => {
    // A request the worker must still see, to show the spy is live.
    await (await fetch('/icons/icon.svg?spy')).text();
    const cache = await caches.open('spy');
    return Promise.all((await cache.keys()).map(async (request) => (await cache.match(request))!.text()));
  });
  expect(seen).toContain('/icons/icon.svg');
  // Sign-in and pulls were sent (the app is synced), and none of them passed through it.
  expect(seen.filter((path) => path.startsWith('/api/'))).toEqual([]);
}
