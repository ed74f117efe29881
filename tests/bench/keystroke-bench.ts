/**
 * Keystroke to durable commit, in Chromium against the real server (the
 * production build): 1,000 keystrokes typed into a session record; for each,
 * the time until the first IndexedDB commit that contains it (the app marks
 * both in the Performance timeline). Prints median and p95.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const PORT = 4398;
const URL = `http://localhost:${PORT}`;
const KEYSTROKES = 1000;

const dataDir = await mkdtemp(join(tmpdir(), 'tournee-keys-'));
const server = spawn(process.execPath, ['dist/server/main.js'], { env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, HOST: '127.0.0.1' }, stdio: 'ignore' });
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(`${URL}/api/health`)).ok) break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ baseURL: URL, locale: 'en-CA', timezoneId: 'America/Toronto' });
  await page.goto('/');
  await page.getByLabel('Email').fill('therapist@example.com');
  await page.getByLabel('Password').fill('massage-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.visit-card').first().click();
  await page.getByRole('link', { name: 'Open the session record' }).click();
  await page.getByRole('button', { name: 'Start the session record' }).click();
  const field = page.getByLabel('Subjective (what the client says)', { exact: true });
  await field.click();
  await page.evaluate(() => performance.clearMarks());
  const text = 'Client reports tension in the upper trapezius after long hours at the computer. ';
  for (let i = 0; i < KEYSTROKES; i++) await page.keyboard.type(text[i % text.length]!, { delay: 0 });
  await page.waitForTimeout(600);
  const latencies = await page.evaluate(() => {
    const keys = performance.getEntriesByName('tournee:keystroke').map((entry) => entry.startTime);
    const commits = performance.getEntriesByName('tournee:durable').map((entry) => entry.startTime);
    return keys.map((key) => (commits.find((commit) => commit >= key) ?? Infinity) - key);
  });
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const lost = latencies.filter((latency) => !Number.isFinite(latency)).length;
  console.log(`Keystroke to durable commit (${latencies.length} keystrokes in a session record, Chromium):`);
  console.log(`  median ${at(0.5).toFixed(0)} ms   p95 ${at(0.95).toFixed(0)} ms   max ${sorted.at(-1)!.toFixed(0)} ms   never committed: ${lost}   (budget 300 ms)`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
}
