// Prints the gzipped JavaScript and CSS the day view loads on a cold start,
// against DESIGN.md's budget. Reads the built index.html, so it measures what
// a phone actually downloads: the entry, its preloaded chunks and stylesheets.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 40;
const dist = join(import.meta.dirname, '..', 'dist', 'client');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const urls = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]+href="([^"]+)"/g),
].map((match) => match[1]);

let total = 0;
const rows = [...new Set(urls)].map((url) => {
  const bytes = readFileSync(join(dist, url));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  return { file: url, raw: bytes.length, gzip: gzipped };
});

const kb = (n) => (n / 1024).toFixed(1);
console.log('Day view, initial JS + CSS (gzip -9):');
for (const row of rows) console.log(`  ${row.file.padEnd(40)} ${kb(row.raw).padStart(7)} KB raw  ${kb(row.gzip).padStart(6)} KB gzip`);
console.log(`  ${'total'.padEnd(40)} ${''.padStart(7)}          ${kb(total).padStart(6)} KB gzip  (budget ${BUDGET_KB} KB)`);
// The map screen and Leaflet load only when the map opens: reported, not in the budget.
const mapFiles = readdirSync(join(dist, 'assets')).filter((file) => /^MapScreen-.*\.(js|css)$/.test(file));
const mapGzip = mapFiles.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, 'assets', file)), { level: 9 }).length, 0);
console.log(`Map screen chunk (Leaflet included, loaded on demand): ${kb(mapGzip)} KB gzip (${mapFiles.join(', ')})`);

const formFiles = readdirSync(join(dist, 'assets')).filter((file) => /^SessionForm-.*\.(js|css)$/.test(file));
const formGzip = formFiles.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, 'assets', file)), { level: 9 }).length, 0);
console.log(`Session form chunk (loaded on demand): ${kb(formGzip)} KB gzip (${formFiles.join(', ')})`);

// Push and pull load right after the day has painted from IndexedDB: reported, not in the first download.
const syncFiles = readdirSync(join(dist, 'assets')).filter((file) => /^(push|pull)-.*\.js$/.test(file));
const syncGzip = syncFiles.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, 'assets', file)), { level: 9 }).length, 0);
console.log(`Sync chunks (loaded after the first paint): ${kb(syncGzip)} KB gzip (${syncFiles.join(', ')}); first download plus sync: ${kb(total + syncGzip)} KB`);

if (total > BUDGET_KB * 1024) {
  console.error(`Over budget by ${kb(total - BUDGET_KB * 1024)} KB`);
  process.exit(1);
}
