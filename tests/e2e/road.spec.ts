import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type BrowserContext } from '@playwright/test';
import { AppPage, openSignedIn } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { startServer } from './support/server-process';

test.use({ locale: 'en-CA' });

// Any PNG will do as a tile; the app's icon is at hand.
const TILE = readFileSync('public/icons/icon-192.png');

/** Serves the OpenStreetMap tile URL locally (the service worker's requests too), counting requests. */
async function serveTiles(context: BrowserContext) {
  const served = { count: 0 };
  await context.route('https://tile.openstreetmap.org/**', async (route) => {
    served.count += 1;
    await route.fulfill({ status: 200, contentType: 'image/png', body: TILE, headers: { 'access-control-allow-origin': '*' } });
  });
  return served;
}

test('the map shows the day’s homes numbered in route order', async ({ page, context }) => {
  await serveTiles(context);
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await expect(app.visits).toHaveCount(6);
  await page.getByRole('link', { name: 'Map of the day' }).click();
  const markers = page.locator('.stop-marker');
  await expect(markers).toHaveCount(6);
  await expect(markers).toHaveText(['1', '2', '3', '4', '5', '6']);
  await expect(page.locator('.leaflet-overlay-pane path')).toHaveCount(1);
  await expect(page.locator('.leaflet-control-attribution')).toContainText('OpenStreetMap');

  await page.getByRole('button', { name: 'Stop 3: Linda Nguyen' }).click();
  await expect(page.getByRole('heading', { name: '3. Linda Nguyen' })).toBeVisible();
  await page.getByRole('link', { name: 'Open the visit' }).click();
  await expect(app.heading).toHaveText('Linda Nguyen');
});

test('after "prepare today’s map", an offline reload still shows the map from the cache', async ({ page, context }) => {
  const served = await serveTiles(context);
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await expect(app.visits).toHaveCount(6);
  await app.waitForOfflineReady();
  await page.getByRole('link', { name: 'Map of the day' }).click();
  await expect(page.locator('.stop-marker')).toHaveCount(6);

  await page.getByRole('button', { name: 'Prepare today’s map for offline use' }).click();
  await expect(page.getByText(/^Map saved for offline use \(\d+ tiles\)\.$/)).toBeVisible({ timeout: 30_000 });
  const prepared = Number((await page.getByText(/^Map saved for offline use/).textContent())!.match(/\((\d+) tiles/)![1]);
  expect(prepared).toBeGreaterThan(20);
  expect(prepared).toBeLessThanOrEqual(400);

  await context.setOffline(true);
  const before = served.count;
  await page.reload();
  await expect(page.locator('.stop-marker')).toHaveCount(6);
  await expect.poll(() => page.locator('img.leaflet-tile-loaded').count()).toBeGreaterThan(4);
  await expect(page.getByText('The map background is not available offline here.')).toHaveCount(0);
  expect(served.count).toBe(before);
});

test('"on my way" opens a text to the client, in their language, with the arrival time', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await app.openVisit(0);
  await expect(app.heading).toHaveText('Marie-Ève Gagnon');
  const link = page.getByRole('link', { name: /^(On my way|Running late), arriving around .+: text to Marie-Ève Gagnon$/ });
  const label = await link.textContent();
  const [, time] = label!.match(/arriving around (.+)$/)!;
  const href = (await link.getAttribute('href'))!;
  expect(href.startsWith('sms:5145550142?&body=')).toBe(true);
  const body = decodeURIComponent(href.slice('sms:5145550142?&body='.length));
  // Marie-Ève reads French: the time is written the Quebec way.
  const frenchTime = time!.replace(/^(\d+):(\d\d) (AM|PM)$/, (_, h: string, mm: string, half: string) => `${(Number(h) % 12) + (half === 'PM' ? 12 : 0)} h ${mm}`);
  expect(body).toMatch(/^Bonjour Marie-Ève, c’est Camille, votre massothérapeute\. (Je suis en route et j’arriverai|J’ai du retard, toutes mes excuses : j’arriverai) vers /);
  expect(body.endsWith(`vers ${frenchTime}.`)).toBe(true);

  await page.getByRole('link', { name: 'Back to the day' }).click();
  await app.openVisit(2);
  const english = (await page.getByRole('link', { name: /: text to Linda Nguyen$/ }).getAttribute('href'))!;
  expect(decodeURIComponent(english)).toMatch(/^sms:4505550187\?&body=Hello Linda, this is Camille, your massage therapist\. .*arrive around \d{1,2}:\d\d (AM|PM)\.$/);
});

test.describe('with a server of our own', () => {
  const own = useOwnServer(4313);

  test('the big button walks a visit to completed offline, and it syncs when back online', async ({ browser }) => {
    const { context, page, app } = await openSignedIn(browser, own.server.url);
    await expect(app.visits).toHaveCount(6);
    await app.waitForOfflineReady();
    await app.openVisit(1);
    await expect(app.heading).toHaveText('Ahmed Benali');

    await context.setOffline(true);
    for (const step of ['I’m on my way', 'I’ve arrived', 'Start the session', 'End the session']) {
      await page.getByRole('button', { name: step }).click();
      if (step === 'End the session') await page.getByRole('button', { name: 'Yes, end the session' }).click();
      // Each step is held on the phone for undo (held-step.ts) until the next one writes it.
      await expect(page.getByRole('button', { name: `Undo “${step}”` })).toBeVisible();
    }
    await expect(page.locator('.facts .status-badge')).toHaveText('Completed');
    await expect(page.getByRole('button', { name: 'End the session', exact: true })).toHaveCount(0);
    await expect(page.locator('.status-times li')).toHaveCount(4);

    await page.getByRole('link', { name: 'Back to the day' }).click();
    await expect(app.visits.nth(1)).toContainText('Completed');
    await expect(page.getByText('1 of 6 done')).toBeVisible();

    // The last step is still held for undo; the app's next start writes it (as would two minutes).
    await page.reload();
    await expect(app.visits.nth(1)).toContainText('Completed');
    await context.setOffline(false);
    await app.expectNothingWaiting();
    const db = new Database(join(own.dataDir, 'tournee.sqlite'), { readonly: true });
    const row = db.prepare(`SELECT json_extract(data, '$.status') AS status, json_extract(data, '$.statusTimes') AS times FROM visits WHERE json_extract(data, '$.status') = 'completed' AND date = (SELECT max(date) FROM visits WHERE json_extract(data, '$.status') = 'completed' AND json_extract(data, '$.statusTimes.completed') IS NOT NULL)`).get() as { status: string; times: string } | undefined;
    db.close();
    expect(row?.status).toBe('completed');
    expect(Object.keys(JSON.parse(row!.times)).sort()).toEqual(['arrived', 'completed', 'en_route', 'in_session']);
    await context.close();
  });

  test('with a routing service configured, the map follows the road it returns', async ({ browser }) => {
    await own.server.stop();
    own.server = await startServer({ port: 4313, dataDir: own.dataDir, env: { ROUTING_URL: 'https://osrm.test' } });
    const context = await browser.newContext({ baseURL: own.server.url, locale: 'en-CA', timezoneId: 'America/Toronto' });
    const asked: string[] = [];
    await context.route('https://osrm.test/**', async (route) => {
      asked.push(route.request().url());
      const points = new URL(route.request().url()).pathname.split('/').pop()!.split(';').map((pair) => pair.split(',').map(Number));
      // A road with a bend between each pair of homes.
      const coordinates = points.flatMap(([lng, lat], index) => (index === 0 ? [[lng, lat]] : [[lng! + 0.01, lat! + 0.01], [lng, lat]]));
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ code: 'Ok', routes: [{ legs: points.slice(1).map(() => ({ duration: 600 })), geometry: { type: 'LineString', coordinates } }] }),
      });
    });
    await context.route('https://tile.openstreetmap.org/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: TILE, headers: { 'access-control-allow-origin': '*' } }));
    const page = await context.newPage();
    const app = new AppPage(page);
    await app.open();
    await app.signIn();
    await expect(app.visits).toHaveCount(6);
    await page.getByRole('link', { name: 'Map of the day' }).click();
    await expect(page.locator('.stop-marker')).toHaveCount(6);
    // The routed road is drawn solid; the estimated straight line is dashed.
    await expect(page.locator('.leaflet-overlay-pane path:not([stroke-dasharray])')).toHaveCount(1);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked[0]).toMatch(/^https:\/\/osrm\.test\/route\/v1\/driving\/-73\.5753,45\.5476;/);
    await context.close();
  });
});
