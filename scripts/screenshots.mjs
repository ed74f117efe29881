// Takes the README's screenshots from a running server (npm start) on a phone:
// 360 × 780, touch and mobile emulation, French, as the phone Playwright project runs.
// Usage: start a fresh demo with its clock set, then point the script at it with the same instant:
//   DEMO_NOW=2026-11-24T10:30:00-05:00 DATA_DIR=$(mktemp -d) PORT=8080 node dist/server/main.js
//   DEMO_NOW=2026-11-24T10:30:00-05:00 BASE_URL=http://localhost:8080 node scripts/screenshots.mjs
// The server's seed has then gone as planned up to 10:30 on a Tuesday (the first visit done, the second
// on the table), and the browser's clock (Date and timers) starts at the same instant.
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://localhost:8080';
const demoNow = process.env.DEMO_NOW;
if (!demoNow) throw new Error('Set DEMO_NOW to the instant the server was started with (see the top of this file).');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const phone = { baseURL: base, viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-CA', timezoneId: 'America/Toronto' };

async function signedIn(options = {}) {
  const context = await browser.newContext({ ...phone, ...options });
  await context.clock.install({ time: new Date(demoNow) });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Courriel').fill(process.env.DEMO_EMAIL ?? 'therapist@example.com');
  await page.getByLabel('Mot de passe').fill(process.env.DEMO_PASSWORD ?? 'massage-demo');
  await page.getByRole('button', { name: 'Se connecter' }).tap();
  await page.locator('.visit-card').first().waitFor();
  await page.getByText(/Synchronisé/).waitFor();
  return page;
}

const page = await signedIn();
await page.screenshot({ path: 'docs/screenshots/day.png' });
// The visit under way: its door facts, risk card and flags (an allergy).
await page.locator('.visit-card[data-status="in_session"]').tap();
await page.locator('.visit-detail h1').waitFor();
await page.screenshot({ path: 'docs/screenshots/visit.png' });
await page.getByRole('link', { name: 'Ouvrir le dossier de séance' }).tap();
await page.getByRole('button', { name: 'Commencer le dossier de séance' }).tap();
await page.getByLabel(/^Subjectif/).fill('Douleur lombaire depuis 2 semaines, pire le matin. Dort sur le côté gauche.');
const chart = page.locator('.body-chart');
await chart.scrollIntoViewIfNeeded();
await chart.locator('.body-chart__region').nth(6).tap();
await page.getByRole('group', { name: /^Noter/ }).getByRole('button', { name: 'Douleur' }).tap();
await chart.locator('.body-chart__region').nth(3).tap();
await page.getByRole('group', { name: /^Noter/ }).getByRole('button', { name: 'Tension' }).tap();
await page.waitForTimeout(300);
await chart.evaluate((element) => element.scrollIntoView({ block: 'center' }));
await page.screenshot({ path: 'docs/screenshots/session.png' });
await page.getByRole('link', { name: 'Clients', exact: true }).tap();
await page.locator('.client-row').first().waitFor();
await page.getByText(/Synchronisé/).waitFor(); // the session record's marks have reached the server
await page.screenshot({ path: 'docs/screenshots/clients.png' });

const dark = await signedIn({ colorScheme: 'dark' });
await dark.screenshot({ path: 'docs/screenshots/day-dark.png' });
await dark.goto('/map');
await dark.locator('.stop-marker').first().waitFor();
await dark.waitForTimeout(1500);
await dark.screenshot({ path: 'docs/screenshots/map.png' });
await browser.close();
console.log('Wrote docs/screenshots/day.png, visit.png, session.png, clients.png, day-dark.png and map.png');
