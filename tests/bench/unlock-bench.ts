/**
 * Unlock with the PIN, in Debian's Chromium, on the app's origin (the built
 * server, so the page has the app's Content-Security-Policy) with the
 * production Argon2id cost: Argon2id, AES-GCM unwrap and import of the data
 * key, plus the keyring's two IndexedDB transactions. The first unlock on a
 * fresh page includes compiling hash-wasm's WebAssembly. Prints every figure
 * next to the budget (issue 11: unlock in 1 s at most); it is not a timed test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { checkBudget, launchChromium, percentile, startServer } from './bench-env';

const PORT = Number(process.env.BENCH_PORT ?? 4399);
const RUNS = 10;
const WRONG = 5;
const BUDGET_MS = 1000;
const THERAPIST = '0193b000-0000-7000-8000-00000000be0c';

interface BenchPage {
  benchSetUp(id: string): Promise<{ ms: number; params: { memoryKiB: number; iterations: number; parallelism: number } }>;
  benchUnlock(id: string, runs: number, wrong: number): Promise<{ right: number[]; wrong: number[]; extractable: boolean }>;
}

const dataDir = await mkdtemp(join(tmpdir(), 'tournee-unlock-bench-'));
const server = await startServer(PORT, dataDir);
const browser = await launchChromium();
const bundle = await build({
  entryPoints: ['tests/bench/browser/unlock-keyring.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  write: false,
  logLevel: 'warning',
});
try {
  const context = await browser.newContext({ baseURL: server.url });
  await context.route('**/bench/unlock-keyring.js', (route) => route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0]!.text }));
  const page = await context.newPage();
  const open = async () => {
    await page.goto('/api/health');
    await page.addScriptTag({ url: '/bench/unlock-keyring.js' });
  };
  await open();
  const setUp = await page.evaluate((id) => (globalThis as unknown as BenchPage).benchSetUp(id), THERAPIST);
  // A fresh page, as when the app starts locked: the keyring comes from IndexedDB, the WebAssembly is compiled again.
  await open();
  const unlock = await page.evaluate(({ id, runs, wrong }) => (globalThis as unknown as BenchPage).benchUnlock(id, runs, wrong), { id: THERAPIST, runs: RUNS, wrong: WRONG });
  if (unlock.extractable) throw new Error('the unlocked data key is extractable');

  const { memoryKiB, iterations, parallelism } = setUp.params;
  console.log(`Unlock with the PIN (Debian Chromium; Argon2id m=${memoryKiB} KiB (${(memoryKiB / 1024).toFixed(0)} MiB), t=${iterations}, p=${parallelism}):`);
  const warm = unlock.right.slice(1).sort((a, b) => a - b);
  checkBudget('first unlock on a fresh page', unlock.right[0]!, BUDGET_MS, 'ms');
  checkBudget(`unlock, median of ${warm.length}`, percentile(warm, 0.5), BUDGET_MS, 'ms', `min ${warm[0]!.toFixed(0)}, max ${warm.at(-1)!.toFixed(0)}`);
  const wrong = [...unlock.wrong].sort((a, b) => a - b);
  console.log(`  ${'wrong PIN, median of ' + wrong.length} ${percentile(wrong, 0.5).toFixed(0).padStart(18)} ms   (always derives: about the same as a right one)`);
  console.log(`  ${'set up (new key, PIN and escrow)'.padEnd(34)} ${setUp.ms.toFixed(0).padStart(6)} ms`);
} finally {
  await browser.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
