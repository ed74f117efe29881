// Takes the README's screenshots from a running server (npm start) on a phone:
// 360 × 780, touch and mobile emulation, French, as the phone Playwright project runs.
// Usage: BASE_URL=http://localhost:8080 node scripts/screenshots.mjs
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://localhost:8080';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const phone = { baseURL: base, viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-CA', timezoneId: 'America/Toronto' };

async function signedIn(options = {}) {
  const context = await browser.newContext({ ...phone, ...options });
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
await page.locator('.visit-card').nth(0).tap();
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
await page.screenshot({ path: 'docs/screenshots/clients.png' });

const dark = await signedIn({ colorScheme: 'dark' });
await dark.screenshot({ path: 'docs/screenshots/day-dark.png' });
await dark.goto('/map');
await dark.locator('.stop-marker').first().waitFor();
await dark.waitForTimeout(1500);
await dark.screenshot({ path: 'docs/screenshots/map.png' });
await browser.close();
console.log('Wrote docs/screenshots/day.png, visit.png, session.png, clients.png, day-dark.png and map.png');
