import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4310);
// A fresh database per run: the server seeds its demo day on first start.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'tournee-e2e-'));

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against
 * the production build served by the real server, because the service worker
 * registers only in a production build.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    timezoneId: 'America/Toronto',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
  projects: [
    // Every spec but the phone's, on the default desktop viewport, as before.
    { name: 'desktop', testIgnore: 'phone/**' },
    // A phone as a therapist holds it: touch, mobile viewport rules, French.
    {
      name: 'phone',
      testMatch: 'phone/**/*.spec.ts',
      use: { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'fr-CA' },
    },
  ],
  webServer: {
    command: 'node dist/server/main.js',
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: { PORT: String(PORT), DATA_DIR: dataDir, HOST: '127.0.0.1' },
    stdout: 'pipe',
  },
});
