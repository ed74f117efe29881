import { expect, test } from '@playwright/test';
import { useOwnServer } from '../support/own-server';
import { PhonePage } from './phone-page';

/**
 * The day as a therapist lives it on a 360 × 780 phone in French, by taps:
 * every screen fits the phone, and its controls are big enough for a finger.
 */
const own = useOwnServer(4392);

test('day, visit, status, session record, intake, receipt: all by taps, all on the phone', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  const phone = new PhonePage(page);
  const check = async (screen: string) => {
    await phone.expectFits(screen);
    await phone.expectTapTargets(screen);
  };
  await page.goto(`${own.server.url}/`);
  await check('sign-in');
  await phone.tapSignIn();
  await expect(phone.visits).toHaveCount(6);
  await check('day');
  // The day's header (title, progress, tools: everything above the first visit) leaves two thirds of the screen to the visits.
  const dayTop = (await page.locator('.day').boundingBox())!.y;
  const firstVisitTop = (await phone.visits.first().boundingBox())!.y;
  expect(firstVisitTop - dayTop, 'height above the first visit').toBeLessThanOrEqual(780 / 3);

  await phone.tapNamed('link', /Jour précédent/);
  await expect(page).toHaveURL(/date=/);
  await check('day, previous day');
  await phone.expectDateButtonsFit();
  await phone.tapNamed('link', /^Aujourd’hui$/);
  await expect(phone.visits).toHaveCount(6);

  await phone.tapVisit(0);
  await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
  await check('visit');
  for (const step of ['Je suis en route', 'Je suis sur place', 'Commencer la séance']) {
    await phone.tapNamed('button', new RegExp(`^${step}$`));
  }
  await expect(page.getByText(/^Séance commencée à /)).toBeVisible();
  await check('visit, in session');

  await phone.tapNamed('link', /^Ouvrir le dossier de séance$/);
  await phone.tapNamed('button', /^Commencer le dossier de séance$/);
  await expect(phone.subjective).toBeVisible();
  await phone.tap(phone.subjective);
  await phone.subjective.fill('Bas du dos raide au réveil.');
  await check('session record');
  await phone.tap(phone.signButton);
  await phone.tap(phone.confirmSignButton);
  await expect(phone.signedNotice).toBeVisible();
  await check('session record, signed');

  await page.goBack();
  await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
  await phone.tapNamed('button', /^Terminer la séance$/);
  await phone.tapNamed('button', /^Oui, terminer la séance$/);
  await expect(page.getByText(/^Terminée à /)).toBeVisible();
  await page.getByLabel('Montant avant taxes ($)').fill('95');
  await check('visit, completed');
  await phone.tapNamed('button', /^Émettre le reçu$/);
  await phone.tapNamed('link', /^Voir et imprimer le reçu$/);
  await expect(page.locator('article.receipt')).toContainText('Nº 00001', { timeout: 15_000 });
  await check('receipt');

  await page.goto(`${own.server.url}/`);
  await phone.tapVisit(3);
  await expect(phone.heading).toHaveText("Margaret O'Brien");
  await phone.tapNamed('link', /^Dossier client$/);
  await expect(phone.heading).toHaveText("Dossier client · Margaret O'Brien");
  await check('client file');
  await phone.tapNamed('link', /^Remplir la fiche santé$/);
  await check('intake');
  await phone.tap(page.getByRole('link', { name: /^Réglages$/ }));
  await expect(phone.heading).toHaveText('Réglages');
  await check('settings');
  console.log(phone.report('Widths on the phone (360 px, fr-CA):'));
});

// The consent signed with a fingertip on the pad (touch, not a mouse) is saved with the intake.
test('an intake signed with a finger is saved on the phone', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  const phone = new PhonePage(page);
  await page.goto(`${own.server.url}/`);
  await phone.tapSignIn();
  await phone.tapVisit(3);
  await phone.tapNamed('link', /^Dossier client$/);
  await phone.tapNamed('link', /^Remplir la fiche santé$/);
  await phone.drawWithFinger(page.locator('canvas.signature__canvas'));
  await phone.tapNamed('button', /^Enregistrer la fiche$/);
  await expect(phone.heading).toHaveText("Dossier client · Margaret O'Brien");
  await expect(page.locator('img.signature-image')).toHaveCount(1);
  await phone.expectFits('client file, with intake');
});
