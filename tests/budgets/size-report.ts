/**
 * `npm run size`: what the day view really loads, measured in Chromium against
 * the production server (fresh data directory, demo day). Signs in through the
 * form, then opens the day view in a new tab of the same profile and records
 * every script, stylesheet, manifest and font the page requests until the
 * network is idle, dynamic chunks included (push and pull come after the first
 * paint). Each body is gzipped at level 9, as the server serves it.
 *
 * The service worker is blocked for the measurement: its precache fetches every
 * screen in the background once, which is not what the day view needs, and
 * with it in control the page's own requests would be answered from its cache.
 * Budget (DESIGN.md): 40 KB gzipped; exits non-zero over it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Response } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium';
import { startServer } from '../e2e/support/server-process';

// Moved with E2E_PORT_OFFSET like the e2e server, so parallel runs do not collide.
const PORT = Number(process.env.SIZE_PORT ?? 4722 + Number(process.env.E2E_PORT_OFFSET ?? 0));
const BUDGET_KB = 40;
const COUNTED = new Set(['script', 'stylesheet', 'manifest', 'font']);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const gzip = (body: Buffer) => gzipSync(body, { level: 9 }).length;

async function measureDayView(origin: string) {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', locale: 'fr-CA', timezoneId: 'America/Toronto', viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
    const signIn = await context.newPage();
    await signIn.goto(`${origin}/`);
    await signIn.getByLabel(/^(Email|Courriel)$/).fill('therapist@example.com');
    await signIn.getByLabel(/^(Password|Mot de passe)$/).fill('massage-demo');
    await signIn.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
    await signIn.locator('.sync-status').filter({ hasText: /Synced|Synchronisé/ }).waitFor({ timeout: 30_000 });
    await signIn.close();

    // The day view as the therapist opens it on a later morning: signed in, data on the device.
    const page = await context.newPage();
    const responses: Response[] = [];
    page.on('response', (response) => {
      if (COUNTED.has(response.request().resourceType())) responses.push(response);
    });
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    await page.getByRole('list', { name: /^(Visits on|Visites du)/ }).getByRole('listitem').first().waitFor();
    await page.locator('.sync-status').filter({ hasText: /Synced|Synchronisé/ }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');

    const rows = [];
    for (const response of responses) {
      const body = await response.body();
      rows.push({ file: new URL(response.url()).pathname, type: response.request().resourceType(), raw: body.length, gzip: gzip(body) });
    }
    return rows;
  } finally {
    await browser.close();
  }
}

/** Chunks the day view does not load, reported from the build for scale (not in the budget). */
function onDemand(pattern: RegExp): { files: string[]; gzip: number } {
  const assets = join('dist', 'client', 'assets');
  const files = readdirSync(assets).filter((file) => pattern.test(file));
  return { files, gzip: files.reduce((sum, file) => sum + gzip(readFileSync(join(assets, file))), 0) };
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'tournee-size-'));
  const server = await startServer({ port: PORT, dataDir });
  let rows;
  try {
    rows = await measureDayView(server.url);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (rows.length === 0) throw new Error('the day view loaded no script or style: nothing was measured');

  const total = rows.reduce((sum, row) => sum + row.gzip, 0);
  console.log('Day view as Chromium loads it, signed in (scripts, styles, manifest, fonts; gzip -9 as served):');
  for (const row of rows) console.log(`  ${row.file.padEnd(48)} ${row.type.padEnd(10)} ${kb(row.raw).padStart(7)} KB raw  ${kb(row.gzip).padStart(6)} KB gzip`);
  console.log(`  ${`total, ${rows.length} files`.padEnd(48)} ${''.padEnd(10)} ${''.padStart(7)}          ${kb(total).padStart(6)} KB gzip  (budget ${BUDGET_KB} KB)`);
  const map = onDemand(/^MapScreen-.*\.(js|css)$/);
  console.log(`Map screen chunk (Leaflet included, loaded when the map opens): ${kb(map.gzip)} KB gzip (${map.files.join(', ')})`);
  const form = onDemand(/^SessionForm-.*\.(js|css)$/);
  console.log(`Session form chunk (loaded when a record opens): ${kb(form.gzip)} KB gzip (${form.files.join(', ')})`);

  if (total > BUDGET_KB * 1024) {
    console.error(`Over budget by ${kb(total - BUDGET_KB * 1024)} KB`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
