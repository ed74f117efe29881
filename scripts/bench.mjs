// `npm run bench`: builds once, then runs every benchmark even when an earlier
// one misses its budget, so one run prints every figure; exits non-zero if any
// of them failed (a missed budget, lost work, or a crash).
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' }).status ?? 1;

if (run('build') !== 0) process.exit(1);
const failed = ['size', 'lighthouse:audit', 'bench:route', 'bench:sync', 'bench:keys', 'bench:signin'].filter((script) => run(script) !== 0);
if (failed.length > 0) {
  console.error(`\nBenchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nEvery benchmark within budget.');
