// Takes the README's screenshots from a running server (npm start), in a phone-sized window.
// Usage: BASE_URL=http://localhost:8080 node scripts/screenshots.mjs
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://localhost:8080';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({
  baseURL: base,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  locale: process.env.SHOT_LOCALE ?? 'fr-CA',
  timezoneId: 'America/Toronto',
});
const page = await context.newPage();
await page.goto('/');
await page.getByLabel(/^(Email|Courriel)$/).fill(process.env.DEMO_EMAIL ?? 'therapist@example.com');
await page.getByLabel(/^(Password|Mot de passe)$/).fill(process.env.DEMO_PASSWORD ?? 'massage-demo');
await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
await page.locator('.visit-card').first().waitFor();
await page.getByText(/Synchronisé|Synced/).waitFor();
await page.screenshot({ path: 'docs/screenshots/day.png' });
await page.locator('.visit-card').nth(2).click();
await page.locator('.visit-detail h1').waitFor();
await page.screenshot({ path: 'docs/screenshots/visit.png' });
await page.goto('/');
await page.locator('.visit-card').nth(2).click();
await page.getByRole('link', { name: /Ouvrir le dossier de séance|Open the session record/ }).click();
await page.getByRole('button', { name: /Commencer le dossier de séance|Start the session record/ }).click();
await page.getByLabel(/^(Subjectif|Subjective)/).fill('Douleur lombaire depuis 2 semaines, pire le matin. Dort sur le côté gauche.');
await page.getByRole('radio', { name: '6', exact: true }).first().check();
await page.waitForTimeout(500);
await page.screenshot({ path: 'docs/screenshots/session.png' });
await page.goto('/map');
await page.locator('.stop-marker').first().waitFor();
await page.waitForTimeout(1500);
await page.screenshot({ path: 'docs/screenshots/map.png' });
await browser.close();
console.log('Wrote docs/screenshots/day.png, visit.png, session.png and map.png');
