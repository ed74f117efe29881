/**
 * What the browser benchmarks share: the production server started on a
 * fresh data directory, Debian's Chromium, and how a figure is printed next
 * to its budget. A missed budget sets the exit code; the run goes on, so
 * every figure is still printed.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
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

/** BENCH_CODEC=aes: the app seals records with AES-GCM (aes-codec.ts) instead of keeping them plain. */
export const BENCH_CODEC: 'aes' | 'plain' = process.env.BENCH_CODEC === 'aes' ? 'aes' : 'plain';

/**
 * With BENCH_CODEC=aes, every page of `context` (the app, and the benchmark's
 * own writer page) gets the same freshly generated, non-extractable AES-GCM
 * 256 data key before any script runs, where the workspace looks for it
 * (src/client/state/device-codec.ts), as the keyring will hand it over once
 * unlocked.
 */
export async function useBenchCodec(context: BrowserContext): Promise<void> {
  if (BENCH_CODEC !== 'aes') return;
  await context.addInitScript((raw: number[]) => {
    (globalThis as Record<string, unknown>).__tourneeTestDataKey = crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
  }, [...randomBytes(32)]);
}
