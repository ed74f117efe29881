/**
 * Nothing of a record is in clear in IndexedDB on disk. Known probes reach the
 * device by both paths (a client's name and an intake's medication by a pull,
 * a note typed by the therapist) after the therapist turned the lock on
 * (records sealed under a data key that her PIN opens); then the browser is
 * closed and every file of its profile is searched, as someone holding the
 * phone's storage would, for each probe in UTF-8 and UTF-16LE.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium';
import { AppPage } from './pages/app-page';
import { useOwnServer } from './support/own-server';

const PROBES = ['Gagnon-Probe', 'Apixaban-Probe', 'Entorse lombaire probe'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Per directory of the profile (two levels down), how many probe hits its files hold, and of which probes. */
async function probeHits(profile: string): Promise<Map<string, { count: number; probes: Set<string> }>> {
  const hits = new Map<string, { count: number; probes: Set<string> }>();
  for (const file of await filesUnder(profile)) {
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) continue;
    const where = relative(profile, file).split(sep).slice(0, 2).join('/');
    const found = hits.get(where) ?? { count: 0, probes: new Set<string>() };
    hits.set(where, found);
    for (const probe of PROBES) {
      for (const needle of [Buffer.from(probe, 'utf8'), Buffer.from(probe, 'utf16le')]) {
        for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
          found.count++;
          found.probes.add(probe);
        }
      }
    }
  }
  return hits;
}

test.describe('records at rest', () => {
  const own = useOwnServer(4351);

  test('with the lock on, no probe is found in clear in the IndexedDB files of the Chromium profile', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'tournee-profile-'));
    try {
      const context = await chromium.launchPersistentContext(profile, {
        ...CHROMIUM_LAUNCH,
        baseURL: own.server.url,
        locale: 'fr-CA',
        timezoneId: 'America/Toronto',
        serviceWorkers: 'allow',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const app = new AppPage(page);
      await app.open();
      await app.signIn();
      await expect(app.visits).toHaveCount(6);

      // Then the office's data takes the probes (every client's name, every intake's medication), and
      // the therapist turns the lock on: the day comes again, sealed. (What was pulled plain before can
      // linger in LevelDB's files until they are compacted; see the README.)
      const db = new Database(join(own.dataDir, 'tournee.sqlite'));
      db.pragma('busy_timeout = 5000');
      db.prepare(`UPDATE clients SET data = json_set(data, '$.lastName', 'Gagnon-Probe')`).run();
      const intakes = db.prepare(`UPDATE clinical_records SET data = json_set(data, '$.medications', 'Apixaban-Probe') WHERE entity = 'intake'`).run().changes;
      db.close();
      expect(intakes).toBeGreaterThan(0);
      await app.turnLockOn('482913');
      await page.getByRole('link', { name: /^(Day|Journée)$/ }).click();
      await expect(app.visits).toHaveCount(6);
      await expect(app.visits.first()).toContainText('Gagnon-Probe');
      await app.waitForOfflineReady();
      await app.openVisit(0);
      await app.writeNote('Entorse lombaire probe');
      await app.expectNothingWaiting();
      // What the pull brought is on the device: the intakes with their medication among them.
      const held = await page.evaluate(async () => {
        const name = (await indexedDB.databases()).find((one) => one.name?.startsWith('tournee-'))!.name!;
        const idb = await new Promise<IDBDatabase>((resolve) => (indexedDB.open(name).onsuccess = (event) => resolve((event.target as IDBOpenDBRequest).result)));
        const count = await new Promise<number>((resolve) => (idb.transaction('intake').objectStore('intake').count().onsuccess = (event) => resolve((event.target as IDBRequest<number>).result)));
        idb.close();
        return count;
      });
      expect(held).toBeGreaterThan(0);
      await context.close();

      const hits = await probeHits(profile);
      console.log(`probe hits per profile directory (${PROBES.length} probes, UTF-8 and UTF-16LE):`);
      for (const [where, { count, probes }] of [...hits].sort()) if (count > 0 || where.includes('IndexedDB')) console.log(`  ${where}: ${count}${count ? ` (${[...probes].join(', ')})` : ''}`);
      const inIndexedDb = [...hits].filter(([where]) => where.includes('IndexedDB'));
      expect(inIndexedDb.length, 'the profile has IndexedDB files').toBeGreaterThan(0);
      expect(Object.fromEntries(inIndexedDb.filter(([, { count }]) => count > 0).map(([where, { probes }]) => [where, [...probes]]))).toEqual({});
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });
});
