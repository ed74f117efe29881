import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { serverDb } from './support/server-db';

/**
 * The visit screen at the door, on a 390 × 844 phone in French: what is needed
 * before ringing is on the first screen; the last status step can be undone
 * for two minutes (held on the phone, see src/client/state/held-step.ts); ending
 * the session asks first. The page's clock (Date and timers) is Playwright's,
 * installed before the app loads, so moving it moves everything the app reads.
 */
const own = useOwnServer(4341);
const PHONE = { width: 390, height: 844 };

async function openOnPhone(browser: Browser): Promise<{ page: Page; app: AppPage }> {
  const context = await browser.newContext({ baseURL: own.server.url, locale: 'fr-CA', timezoneId: 'America/Toronto', viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.clock.install();
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await expect(app.visits).toHaveCount(6);
  return { page, app };
}

/** Entirely inside the first viewport (the page not scrolled), above the tab bar fixed at its foot. */
async function expectOnFirstScreen(page: Page, locator: Locator, what: string) {
  await expect(locator, what).toBeVisible();
  const tabBar = await page.locator('.tab-bar').boundingBox();
  const bottom = tabBar ? tabBar.y : PHONE.height;
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box!.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what}: bottom at ${box!.y + box!.height}`).toBeLessThanOrEqual(bottom);
  expect(box!.x + box!.width, `${what}: right`).toBeLessThanOrEqual(PHONE.width);
}

test('the door facts are on the first screen of a 390 × 844 phone, in French; the day card marks door code and risk', async ({ browser }) => {
  const { page, app } = await openOnPhone(browser);
  // The first visit's client has a door code and someone else at home (seeded): the card says so in words.
  const card = app.visits.nth(0);
  await expect(card.locator('[data-marker="door"]')).toHaveText(/Code de porte/);
  await expect(card.locator('[data-marker="risk"]')).toHaveText(/Risque noté/);
  await app.openVisit(0);
  await expect(app.heading).toHaveText('Marie-Ève Gagnon');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

  await expectOnFirstScreen(page, page.locator('.doorstep address'), 'address and unit');
  await expect(page.locator('.doorstep address')).toContainText('3245 rue Masson, App. 2');
  await expectOnFirstScreen(page, page.getByText('Sonner au 2, porte de côté'), 'door code');
  await expectOnFirstScreen(page, page.getByRole('link', { name: 'Appeler Marie-Ève' }), 'call button');
  const risk = page.getByRole('region', { name: 'Avant d’entrer' });
  await expectOnFirstScreen(page, risk.getByText('Rue, vignette zone 88 (gratuit après 18 h)'), 'parking');
  await expectOnFirstScreen(page, risk.getByText('Escalier extérieur en colimaçon, glissant en hiver'), 'stairs');
  await expectOnFirstScreen(page, risk.getByText('Un chat, sociable'), 'pets');
  await expectOnFirstScreen(page, risk.getByText('Son conjoint travaille à la maison'), 'others present');
  await expectOnFirstScreen(page, page.locator('.flags'), 'flags (or that no intake is on file)');
  await expectOnFirstScreen(page, page.getByText('Lombalgie depuis octobre; reçu pour assurance demandé.'), 'office notes');
});

test('a status step can be undone for two minutes, and is sent only once they pass', async ({ browser }) => {
  const { page, app } = await openOnPhone(browser);
  await app.openVisit(0);
  await page.getByRole('button', { name: 'Je suis en route' }).click();
  const undo = page.getByRole('button', { name: 'Annuler « Je suis en route »' });
  await expect(undo).toBeVisible();
  await expect(page.getByRole('button', { name: 'Je suis sur place' })).toBeVisible();

  // A minute and a half later it can still be undone; nothing reached the server.
  await page.clock.fastForward('01:30');
  await expect(undo).toBeVisible();
  await undo.click();
  await expect(page.getByRole('button', { name: 'Je suis en route' })).toBeVisible();
  const visitId = new URL(page.url()).pathname.split('/').pop()!;
  expect(serverDb(own.dataDir).visitField(visitId, 'status')).toBe('scheduled');
  await expect(page.locator('.facts .status-badge')).toHaveText('Prévue');

  // Taken again: after two minutes the undo is gone and the step is on the server.
  await page.getByRole('button', { name: 'Je suis en route' }).click();
  await expect(undo).toBeVisible();
  await page.clock.fastForward('02:01');
  await expect(undo).toHaveCount(0);
  await expect(page.locator('.facts .status-badge')).toHaveText('En route');
  await app.expectNothingWaiting();
  await expect.poll(() => serverDb(own.dataDir).visitField(visitId, 'status')).toBe('en_route');
});

test('"Terminer la séance" asks first; "not yet" keeps the session going', async ({ browser }) => {
  const { page, app } = await openOnPhone(browser);
  await app.openVisit(0);
  for (const step of ['Je suis en route', 'Je suis sur place', 'Commencer la séance']) {
    await page.getByRole('button', { name: step, exact: true }).click();
  }
  await page.getByRole('button', { name: 'Terminer la séance', exact: true }).click();
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText('Cela arrête aussi la minuterie de sécurité');
  await ask.getByRole('button', { name: 'Pas encore' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.locator('.facts .status-badge')).toHaveText('En séance');

  await page.getByRole('button', { name: 'Terminer la séance', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Oui, terminer la séance' }).click();
  await expect(page.locator('.facts .status-badge')).toHaveText('Terminée');
  await expect(page.getByRole('button', { name: 'Annuler « Terminer la séance »' })).toBeVisible();
});
