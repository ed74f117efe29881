import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { AppPage, openSignedIn } from './pages/app-page';
import { axeReport } from './support/axe';
import { useOwnServer } from './support/own-server';
import { serverDb } from './support/server-db';

// Remote wipe, in real Chromium with its service worker and IndexedDB, against a real
// server process: a note typed offline reaches the server first, then the device's data goes.

const OFFICE = { email: 'office@example.com', password: 'office-demo' };
const NOTE = 'Apixaban depuis mardi; entorse lombaire (typed offline)';

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((one) => one.name === 'session');
  if (!cookie) throw new Error('no session cookie');
  return `session=${cookie.value}`;
}

async function signInByApi(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** What the app leaves on this device outside the precache: its databases, its storage keys, its caches. */
async function deviceTraces(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((one) => one.name).filter((name) => name?.startsWith('tournee-')),
    // The phone's preferences stay (language, theme, text size, road settings, the map's configuration).
    localStorage: Object.keys(localStorage)
      .filter((key) => key.startsWith('tournee.') && !['tournee.locale', 'tournee.theme', 'tournee.textSize', 'tournee.road', 'tournee.config'].includes(key))
      .sort(),
    sessionStorage: sessionStorage.length,
    caches: (await caches.keys()).filter((name) => !name.startsWith('workbox-precache')),
    precached: (await caches.keys()).some((name) => name.startsWith('workbox-precache')),
  }));
}

/** Leaves what a working day leaves besides the database: a map tile in the cache, a step order, copied fields. */
async function leaveDayTraces(page: Page) {
  await page.evaluate(async () => {
    const tiles = await caches.open('map-tiles');
    await tiles.put('https://tile.example.org/15/9660/11700.png', new Response('tile near a client'));
    localStorage.setItem('tournee.order.2026-11-24', '["a","b"]');
    sessionStorage.setItem('tournee.scroll', '1');
  });
}

/** Offline, types a note on the first visit; returns the visit's id. */
async function typeNoteOffline(app: AppPage, context: BrowserContext): Promise<string> {
  await context.setOffline(true);
  await app.openVisit(0);
  await app.writeNote(NOTE);
  return new URL(app.page.url()).pathname.split('/').pop()!;
}

test.describe('remote wipe', () => {
  const own = useOwnServer(4355);
  const meWith = async (cookie: string) => {
    const response = await fetch(`${own.server.url}/api/me`, { headers: { cookie } });
    return { status: response.status, error: ((await response.json()) as { error?: string }).error };
  };

  test('the office deactivates the account while the phone is offline: back online, the note typed offline reaches the server, then the data is deleted and the sign-in screen says why', async ({ browser }) => {
    const { context, page, app } = await openSignedIn(browser, own.server.url, { locale: 'fr-CA' });
    await app.waitForOfflineReady();
    await app.expectSynced();
    await leaveDayTraces(page);
    const cookie = await sessionCookie(context);
    const therapistId = await page.evaluate(() => (JSON.parse(localStorage.getItem('tournee.account')!) as { therapistId: string }).therapistId);
    // Nothing personal in localStorage, even while signed in: an id and a sign-out token.
    expect(await page.evaluate(() => localStorage.getItem('tournee.account'))).not.toMatch(/@|Camille|Tremblay/);

    const visitId = await typeNoteOffline(app, context);

    const office = await signInByApi(own.server.url, OFFICE.email, OFFICE.password);
    const deactivated = await fetch(`${own.server.url}/api/office/accounts/${therapistId}/deactivate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: office },
      body: '{}',
    });
    expect(deactivated.status).toBe(200);
    expect(serverDb(own.dataDir).visitField(visitId, 'therapistNote')).not.toBe(NOTE);

    await context.setOffline(false);
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Le bureau a désactivé votre compte' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Les données de cet appareil ont été effacées' })).toBeVisible();

    // The note went first; then the database, the caches (but the app shell) and the app's storage went.
    expect(serverDb(own.dataDir).visitField(visitId, 'therapistNote')).toBe(NOTE);
    // The sign-out that followed confirmed the wipe: the session is over.
    await expect.poll(async () => (await meWith(cookie)).error).toBe('unauthenticated');
    expect(await deviceTraces(page)).toEqual({ databases: [], localStorage: ['tournee.wiped'], sessionStorage: 0, caches: [], precached: true });

    // Reopened: still the sign-in screen with the reason, until someone signs in.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Les données de cet appareil ont été effacées' })).toBeVisible();
    // Readable by all, in the light and dark themes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect((await axeReport(page)).findings, colorScheme).toEqual([]);
    }
    await context.close();
  });

  test('a phone signed out from another device pushes its offline note, then wipes', async ({ browser }) => {
    const { context, page, app } = await openSignedIn(browser, own.server.url);
    await app.waitForOfflineReady();
    await app.expectSynced();
    const visitId = await typeNoteOffline(app, context);
    // A step held for undo (two minutes) is not in the outbox yet: it must go out before the wipe too.
    await page.getByRole('button', { name: 'I’m on my way' }).click();
    await expect(page.getByRole('button', { name: /^Undo/ })).toBeVisible();

    // The therapist, on her laptop, signs out every other device.
    const laptop = await signInByApi(own.server.url, 'therapist@example.com', 'massage-demo');
    const revoked = await fetch(`${own.server.url}/api/auth/sessions/revoke-others`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: laptop }, body: '{}' });
    expect(await revoked.json()).toEqual({ ended: 1 });

    await context.setOffline(false);
    await expect(page.getByRole('heading', { name: 'The data on this device was removed' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('This device was signed out from another of your devices')).toBeVisible();
    expect(serverDb(own.dataDir).visitField(visitId, 'therapistNote')).toBe(NOTE);
    expect(serverDb(own.dataDir).visitField(visitId, 'status')).toBe('en_route');
    const traces = await deviceTraces(page);
    expect(traces.databases).toEqual([]);
    expect(traces.localStorage.filter((key) => key !== 'tournee.wiped' && key !== 'tournee.pendingSignOuts')).toEqual([]);
    expect((await meWith(laptop)).status).toBe(200);

    // Signing in again clears the notice, and the day comes back from the server, note included.
    await app.signIn();
    await expect(app.note).toHaveValue(NOTE);
    expect(await page.evaluate(() => localStorage.getItem('tournee.wiped'))).toBeNull();
    await context.close();
  });

  test("with the app closed, the service worker's Background Sync sends the note, then deletes the data; the app, opened, says why", async ({ browser }) => {
    const { context, page, app } = await openSignedIn(browser, own.server.url);
    await app.waitForOfflineReady();
    await app.expectSynced();
    await leaveDayTraces(page);
    const therapistId = await page.evaluate(() => (JSON.parse(localStorage.getItem('tournee.account')!) as { therapistId: string }).therapistId);
    const visitId = await typeNoteOffline(app, context);
    await page.close();
    const office = await signInByApi(own.server.url, OFFICE.email, OFFICE.password);
    const deactivated = await fetch(`${own.server.url}/api/office/accounts/${therapistId}/deactivate`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: office }, body: '{}' });
    expect(deactivated.status).toBe(200);
    await context.setOffline(false);

    // No page of the app is open; Chromium fires the sync event (forced here through DevTools).
    const probe = await context.newPage();
    await probe.goto('/api/health');
    const cdp = await context.newCDPSession(probe);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((entry) => entry.scopeURL === `${own.server.url}/` && !entry.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: own.server.url, registrationId: await registration, tag: `tournee-push:${therapistId}`, lastChance: false });
    await expect.poll(() => serverDb(own.dataDir).visitField(visitId, 'therapistNote'), { timeout: 10_000 }).toBe(NOTE);
    await expect.poll(async () => (await deviceTraces(probe)).databases, { timeout: 10_000 }).toEqual([]);
    expect((await deviceTraces(probe)).caches).toEqual([]);

    // Opened later: the app hears the order, forgets the account and says why.
    const reopened = await context.newPage();
    await reopened.goto('/');
    await expect(reopened.getByRole('heading', { name: 'The data on this device was removed' })).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => (await deviceTraces(reopened)).localStorage).toEqual(['tournee.wiped']);
    expect((await deviceTraces(reopened)).databases).toEqual([]);
    await context.close();
  });
});
