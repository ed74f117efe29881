// Sums the runners' JSON reports into the one line CI reads: "N passed, N failed".
// A step that failed without a report (typecheck, lint, build) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const exitStatus = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;

const vitestReport = '.reports/vitest.json';
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

const playwrightReport = '.reports/playwright.json';
if (existsSync(playwrightReport)) {
  const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  failed += stats?.unexpected ?? 0;
  skipped += stats?.skipped ?? 0;
}

// `npm run lighthouse`: one check per audited screen (all three scores 100, nothing external).
const lighthouseReport = '.reports/lighthouse.json';
if (existsSync(lighthouseReport)) {
  const report = JSON.parse(readFileSync(lighthouseReport, 'utf8'));
  passed += report.passed ?? 0;
  failed += report.failed ?? 0;
}

if (exitStatus !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
