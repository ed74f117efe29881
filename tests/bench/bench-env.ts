/**
 * What the browser benchmarks share: the production server started on a
 * fresh data directory, Debian's Chromium, and how a figure is printed next
 * to its budget. A missed budget sets the exit code; the run goes on, so
 * every figure is still printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';

export async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error('server did not start');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
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
