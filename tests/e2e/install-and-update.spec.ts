import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { startServer } from './support/server-process';

test.use({ locale: 'en-CA' });

test('the manifest is complete and Chromium reports no installability errors', async ({ request, baseURL, launchOptions }) => {
  for (const [path, lang] of [['/manifest.webmanifest', 'fr-CA'], ['/manifest.en.webmanifest', 'en-CA']] as const) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/manifest+json');
    const manifest = await response.json();
    expect(manifest).toMatchObject({ id: '/', start_url: '/', scope: '/', display: 'standalone', lang });
    for (const key of ['name', 'short_name', 'theme_color', 'background_color']) expect(manifest[key]).toBeTruthy();
    const sizes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes}:${icon.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
    expect(manifest.shortcuts.length).toBeGreaterThanOrEqual(1);
    for (const icon of manifest.icons) {
      const file = await request.get(icon.src);
      expect(file.status(), icon.src).toBe(200);
    }
  }

  // Chromium never offers to install from an incognito profile, which is what
  // Playwright's contexts are; a persistent profile is a real browser's situation.
  const profile = await mkdtemp(join(tmpdir(), 'tournee-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new AppPage(page);
    await app.open();
    await app.waitForOfflineReady();
    // An English device links the English manifest (the French one is the default in index.html).
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.en.webmanifest');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('a new version waits for the therapist to tap "Update now", and never reloads by itself', async ({ browser }) => {
  const port = 4311;
  const dataDir = await mkdtemp(join(tmpdir(), 'tournee-update-'));
  const nextRelease = await mkdtemp(join(tmpdir(), 'tournee-next-'));
  await cp('dist/client', nextRelease, { recursive: true });
  const sw = join(nextRelease, 'sw.js');
  await writeFile(sw, `${await readFile(sw, 'utf8')}\n// next release\n`);

  let server = await startServer({ port, dataDir });
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-CA' });
  try {
    const page = await context.newPage();
    const app = new AppPage(page);
    await app.open();
    await app.signIn();
    await expect(app.visits).toHaveCount(6);
    await app.waitForOfflineReady();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'still the same page'));

    // Deploy: the same database, a build whose service worker changed.
    await server.stop();
    server = await startServer({ port, dataDir, staticDir: nextRelease });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const banner = page.getByText('A new version of Tournée is ready.');
    await expect(banner).toBeVisible();
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('still the same page');

    await page.getByRole('button', { name: 'Update now' }).click();
    await page.waitForFunction(() => !(window as unknown as { marker?: string }).marker);
    await expect(app.visits).toHaveCount(6);
    await expect(banner).toBeHidden();
    const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
    expect(scriptUrl).toBe(`${server.url}/sw.js`);
  } finally {
    await context.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(nextRelease, { recursive: true, force: true });
  }
});
