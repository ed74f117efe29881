/**
 * What the browser benchmarks share: the production server started on a
 * fresh data directory, Debian's Chromium, and how a figure is printed next
 * to its budget. A missed budget sets the exit code; the run goes on, so
 * every figure is still printed.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium';
import { startServer as startServerProcess, type ServerProcess } from '../e2e/support/server-process';

/** The built server on `port`, as the end-to-end tests start it. */
export function startServer(port: number, dataDir: string): Promise<ServerProcess> {
  return startServerProcess({ port, dataDir });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}

/** Prints "figure (budget …) OK|OVER BUDGET" and remembers a miss for the exit code. */
export function checkBudget(label: string, figure: number, budget: number, unit: string, extra = ''): boolean {
  const ok = figure <= budget;
  console.log(`  ${label.padEnd(34)} ${figure.toFixed(0).padStart(6)} ${unit}${extra ? `   ${extra}` : ''}   (budget ${budget} ${unit})   ${ok ? 'ok' : 'OVER BUDGET'}`);
  if (!ok) process.exitCode = 1;
  return ok;
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * BENCH_CODEC=aes: the therapist turns the lock on (Settings) before the
 * measured work, so records are sealed with AES-GCM (aes-codec.ts) under the
 * data key her PIN opens; without it, records stay plain (the lock is off).
 */
export const BENCH_CODEC: 'aes' | 'plain' = process.env.BENCH_CODEC === 'aes' ? 'aes' : 'plain';
/** The PIN the benchmarks choose when they turn the lock on. */
export const BENCH_PIN = '482913';

/** Settings → Locking: the password and the PIN; resolves once the lock is on (the day is then pulled again, sealed). */
export async function turnLockOn(page: Page, password: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const card = page.getByRole('region', { name: 'Locking' });
  await card.getByLabel('Password').fill(password);
  await card.getByLabel(/^New PIN/).fill(BENCH_PIN);
  await card.getByLabel('The same PIN again').fill(BENCH_PIN);
  await card.getByRole('button', { name: 'Turn on the lock' }).click();
  await card.getByRole('button', { name: 'Lock now' }).waitFor({ timeout: 30_000 });
}
