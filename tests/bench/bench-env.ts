/**
 * What the browser benchmarks share: the production server started on a
 * fresh data directory, Debian's Chromium, and how a figure is printed next
 * to its budget. A missed budget sets the exit code; the run goes on, so
 * every figure is still printed.
 */
import { chromium, type Browser } from '@playwright/test';
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
