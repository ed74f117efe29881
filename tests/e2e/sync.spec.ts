import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser } from '@playwright/test';
import { AppPage, openSignedIn } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { startServer } from './support/server-process';

test.use({ locale: 'en-CA' });

async function signedInOnFirstVisit(browser: Browser, baseURL: string) {
  const device = await openSignedIn(browser, baseURL);
  await device.app.openVisit(0);
  await expect(device.app.note).toBeVisible();
  return device;
}

test('two devices edit the same note offline: both end with the same state, and the conflict is shown', async ({ browser, baseURL }) => {
  const phone = await signedInOnFirstVisit(browser, baseURL!);
  const tablet = await signedInOnFirstVisit(browser, baseURL!);

  await phone.context.setOffline(true);
  await tablet.context.setOffline(true);
  await phone.app.writeNote('Phone: knee pain, use the bolster');
  await tablet.app.writeNote('Tablet: left shoulder tension');
  await expect(phone.app.status).toContainText('1 change waiting');

  await phone.context.setOffline(false);
  await phone.app.expectNothingWaiting();
  await tablet.context.setOffline(false);
  await tablet.app.expectNothingWaiting();
  // The phone learns of the tablet's edit on its next sync (here: coming back to the app).
  await phone.page.reload();

  for (const device of [phone, tablet]) {
    await expect(device.app.conflictPanel).toBeVisible();
    await expect(device.app.conflictPanel).toContainText('Phone: knee pain, use the bolster');
    await expect(device.app.conflictPanel).toContainText('Tablet: left shoulder tension');
    await expect(device.app.note).toHaveValue('Tablet: left shoulder tension');
  }

  // The therapist merges on the phone; the merge syncs like any edit.
  await phone.app.conflictPanel.getByRole('button', { name: 'Merge them' }).click();
  await phone.page.getByRole('textbox', { name: 'Merged note' }).fill('Knee pain (bolster) and left shoulder tension');
  await phone.page.getByRole('button', { name: 'Save the merged note' }).click();
  await expect(phone.app.conflictPanel).toBeHidden();
  await expect(phone.app.note).toHaveValue('Knee pain (bolster) and left shoulder tension');
  await phone.app.expectNothingWaiting();

  await tablet.page.reload();
  await expect(tablet.app.note).toHaveValue('Knee pain (bolster) and left shoulder tension');
  await expect(tablet.app.conflictPanel).toBeHidden();
  await phone.context.close();
  await tablet.context.close();
});

test.describe('with a server of our own', () => {
  const own = useOwnServer(4312);

  function serverRows() {
    const db = new Database(join(own.dataDir, 'tournee.sqlite'), { readonly: true });
    try {
      const notes = db.prepare(`SELECT json_extract(data, '$.therapistNote') AS note FROM visits WHERE json_extract(data, '$.therapistNote') != ''`).all() as { note: string }[];
      const log = db.prepare(`SELECT device_id, mutation_id, status FROM mutation_log`).all() as { status: string }[];
      const conflicts = (db.prepare(`SELECT count(*) AS n FROM conflicts`).get() as { n: number }).n;
      return { notes: notes.map((row) => row.note), log, conflicts };
    } finally {
      db.close();
    }
  }

  test('a page closed in the middle of a sync loses nothing after reopening', async ({ browser }) => {
    const { context, page, app } = await signedInOnFirstVisit(browser, own.server.url);
    await context.setOffline(true);
    await app.writeNote('Written in the basement, no signal');

    // The push leaves, and the page is closed before any answer comes back.
    let pushSeen!: () => void;
    const pushStarted = new Promise<void>((resolve) => (pushSeen = resolve));
    await page.route('**/api/sync/push', () => pushSeen());
    await context.setOffline(false);
    await pushStarted;
    await page.close();

    const reopened = await context.newPage();
    const again = new AppPage(reopened);
    await again.open();
    await again.openVisit(0);
    await expect(again.note).toHaveValue('Written in the basement, no signal');
    await again.expectNothingWaiting();
    expect(serverRows().notes).toEqual(['Written in the basement, no signal']);
    await context.close();
  });

  test('the server killed with SIGKILL mid-push and restarted: the client retries, nothing is lost or doubled', async ({ browser }) => {
    const { context, page, app } = await signedInOnFirstVisit(browser, own.server.url);
    await context.setOffline(true);
    await app.writeNote('Pressure: medium, avoid the lower back');

    // The server receives and commits the push, then dies before the phone hears back.
    let killed = false;
    await page.route('**/api/sync/push', async (route) => {
      if (killed) return route.continue();
      killed = true;
      await route.fetch();
      await own.server.stop('SIGKILL');
      await route.abort('connectionreset');
    });
    await context.setOffline(false);
    await expect.poll(() => killed).toBe(true);
    await expect(app.status).toContainText(/Offline|1 change waiting/);

    own.server = await startServer({ port: own.port, dataDir: own.dataDir });
    // The backoff retry (1 s, doubling) or coming back online sends it again.
    await app.expectNothingWaiting();

    const rows = serverRows();
    expect(rows.notes).toEqual(['Pressure: medium, avoid the lower back']);
    expect(rows.conflicts).toBe(0);
    // One mutation, logged once, though it was sent twice.
    expect(rows.log).toHaveLength(1);
    expect(rows.log[0]!.status).toBe('applied');
    await context.close();
  });

  test("the service worker's Background Sync sends the outbox with the app closed", async ({ browser }) => {
    const { context, page, app } = await signedInOnFirstVisit(browser, own.server.url);
    await app.waitForOfflineReady();
    const therapistId = await page.evaluate(() => JSON.parse(localStorage.getItem('tournee.account')!).therapistId as string);
    await context.setOffline(true);
    await app.writeNote('Sent by the service worker');
    await expect(app.status).toContainText('1 change waiting');
    await page.close();
    await context.setOffline(false);

    // No page of the app is open; Chromium fires the sync event (forced here through DevTools).
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((entry) => entry.scopeURL === `${own.server.url}/` && !entry.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: own.server.url,
      registrationId: await registration,
      tag: `tournee-push:${therapistId}`,
      lastChance: false,
    });
    await expect.poll(() => serverRows().notes, { timeout: 10_000 }).toEqual(['Sent by the service worker']);
    expect(serverRows().log).toHaveLength(1);
    await context.close();
  });
});

test('a save that fails (storage full) keeps the typed text on screen and says why', async ({ browser, baseURL }) => {
  const { context, page, app } = await signedInOnFirstVisit(browser, baseURL!);
  // The browser refuses to store anything more, as when the phone is full.
  await page.evaluate(() => {
    const original = IDBObjectStore.prototype.add;
    (window as unknown as { restoreStorage: () => void }).restoreStorage = () => (IDBObjectStore.prototype.add = original);
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await app.note.fill('Client reports numbness in the left hand');
  await expect(page.locator('#note-status')).toContainText('Not saved: The quota has been exceeded.');
  await expect(app.note).toHaveValue('Client reports numbness in the left hand');

  // Space is freed; the next keystroke saves everything typed.
  await page.evaluate(() => (window as unknown as { restoreStorage: () => void }).restoreStorage());
  await app.note.press('End');
  await app.note.pressSequentially('.');
  await expect(page.locator('#note-status')).toHaveText('Saved on this device');
  await page.reload();
  await expect(app.note).toHaveValue('Client reports numbness in the left hand.');
  await context.close();
});
