// Renders public/icons/icon.svg to the PNG sizes the manifest and iOS need.
// Run by hand after changing the SVG (needs Debian's Chromium); the PNGs are committed.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const out = (name) => new URL(`../public/icons/${name}`, import.meta.url).pathname;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();

async function render(name, size, { maskable = false } = {}) {
  await page.setViewportSize({ width: size, height: size });
  // Maskable icons are cropped to a circle of 80 %: full-bleed colour, artwork inside the safe zone.
  const art = maskable
    ? `<div style="width:100%;height:100%;background:#0f6b63;display:grid;place-items:center"><div style="width:78%;height:78%">${svg}</div></div>`
    : svg;
  await page.setContent(`<html><body style="margin:0;background:transparent"><div style="position:relative;width:${size}px;height:${size}px">${art}</div></body></html>`);
  await page.screenshot({ path: out(name), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

await render('icon-192.png', 192);
await render('icon-512.png', 512);
await render('icon-maskable-512.png', 512, { maskable: true });
await render('apple-touch-icon.png', 180, { maskable: true });
await browser.close();
console.log('Icons written to public/icons/');
