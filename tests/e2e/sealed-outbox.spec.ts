import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { useOwnServer } from './support/own-server';

test.use({ locale: 'en-CA' });
const own = useOwnServer(4354);

const PROBE = 'Zolpidem probe 4821, lombalgie';

/** Every file under a folder, with its bytes. */
async function filesUnder(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const found: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.push({ path, bytes: await readFile(path).catch(() => Buffer.alloc(0)) });
  }
  return found;
}

test('with the app locked and no page open, the service worker drains an outbox sealed to the server, and nothing on disk holds the typed text', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'tournee-sealed-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...test.info().project.use.launchOptions, baseURL: own.server.url, locale: 'en-CA', timezoneId: 'America/Toronto' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new AppPage(page);
    await app.open();
    await app.signIn();
    await expect(app.visits).toHaveCount(6);
    await app.waitForOfflineReady();
    const therapistId = await page.evaluate(() => JSON.parse(localStorage.getItem('tournee.account')!).therapistId as string);
    // The lock is on: records and the outbox's own copy of the text are sealed under the data key,
    // which the service worker never has.
    await app.turnLockOn('482913');
    await page.getByRole('link', { name: 'Day' }).click();
    await app.openVisit(0);
    await context.setOffline(true);
    await app.writeNote(PROBE);
    await expect(app.status).toContainText('1 change waiting');

    // The entry as IndexedDB holds it: sealed to the server's key (from the first pull).
    const entry = await page.evaluate(async (id) => {
      const request = indexedDB.open(`tournee-${id}`);
      const db = await new Promise<IDBDatabase>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = reject)));
      const all = db.transaction('outbox').objectStore('outbox').getAll();
      const entries = await new Promise<{ sealed?: { kid: string; epk: string; iv: string; ct: string } }[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
      db.close();
      return entries[0]!;
    }, therapistId);
    expect(entry.sealed).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain('Zolpidem');
    await app.lockNow();
    await page.close();
    // Nowhere in the profile's IndexedDB files: not in the sealed payload, not in the record or the entry's fields.
    for (const file of (await filesUnder(profile)).filter((found) => found.path.includes('IndexedDB'))) {
      expect(file.bytes.includes('Zolpidem'), file.path).toBe(false);
      expect(file.bytes.includes(Buffer.from('Zolpidem', 'utf16le')), file.path).toBe(false);
    }

    // On disk: the sealed payload is there as written (its ciphertext is found in the
    // profile's IndexedDB files), and the bytes from its ephemeral key to the end of its
    // ciphertext do not hold the typed text.
    await expect
      .poll(async () => (await filesUnder(profile)).filter((file) => file.bytes.includes(entry.sealed!.ct)).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    for (const file of await filesUnder(profile)) {
      const ct = file.bytes.indexOf(entry.sealed!.ct);
      if (ct < 0) continue;
      const epk = file.bytes.lastIndexOf(entry.sealed!.epk, ct);
      expect(epk, file.path).toBeGreaterThanOrEqual(0);
      expect(ct - epk, 'kid, epk, iv, ct serialized together').toBeLessThan(400);
      const sealedBytes = file.bytes.subarray(epk, ct + entry.sealed!.ct.length);
      expect(sealedBytes.includes('Zolpidem'), file.path).toBe(false);
      expect(sealedBytes.includes(Buffer.from('Zolpidem', 'utf16le')), file.path).toBe(false);
    }

    // The app is closed; Chromium fires the sync event (forced here through DevTools).
    await context.setOffline(false);
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((found) => found.scopeURL === `${own.server.url}/` && !found.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: own.server.url, registrationId: await registration, tag: `tournee-push:${therapistId}`, lastChance: false });

    const notes = () => {
      const db = new Database(join(own.dataDir, 'tournee.sqlite'), { readonly: true });
      try {
        return (db.prepare(`SELECT json_extract(data, '$.therapistNote') AS note FROM visits WHERE json_extract(data, '$.therapistNote') != ''`).all() as { note: string }[]).map((row) => row.note);
      } finally {
        db.close();
      }
    };
    await expect.poll(notes, { timeout: 10_000 }).toEqual([PROBE]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
