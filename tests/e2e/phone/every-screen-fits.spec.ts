import { expect, test } from '@playwright/test';
import { useOwnServer } from '../support/own-server';
import { DOUBLE_TEXT, PhonePage } from './phone-page';

/**
 * Every screen, walked at the narrowest and widest phones, in both languages,
 * and with text twice as large (the root font size set to 34 px, twice the
 * app's 17 px, as a browser's text-size setting does): the widths found are
 * printed, then none may be wider than the phone.
 */
const own = useOwnServer(4391);

const combinations = [320, 430].flatMap((width) =>
  (['fr-CA', 'en-CA'] as const).flatMap((locale) => [false, true].map((doubleText) => ({ width, locale, doubleText }))),
);

for (const { width, locale, doubleText } of combinations) {
  const title = `${width} px, ${locale}${doubleText ? ', text 200 %' : ''}`;
  test.describe(title, () => {
    test.use({ viewport: { width, height: 780 }, locale });

    test(`every screen fits at ${title}`, async ({ page }) => {
      page.on('dialog', (dialog) => void dialog.accept());
      const phone = new PhonePage(page);
      if (doubleText) await phone.useTextSize(DOUBLE_TEXT);
      await page.goto(`${own.server.url}/`);
      await phone.measure('sign-in');
      await phone.tapSignIn();
      await expect(phone.visits).toHaveCount(6);
      await phone.measure('day');
      const ids = await phone.visitIds();

      await phone.tapNamed('link', /^‹?\s*(Previous day|Jour précédent)/);
      await expect(phone.page).toHaveURL(/date=/);
      await phone.measure('day, previous day');
      await phone.expectDateButtonsFit();

      await page.goto(`${own.server.url}/visits/${ids[0]}`);
      await expect(phone.heading).toHaveText('Marie-Ève Gagnon');
      await phone.measure('visit');
      for (const step of [/^(I’m on my way|Je suis en route)$/, /^(I’ve arrived|Je suis sur place)$/, /^(Start the session|Commencer la séance)$/, /^(End the session|Terminer la séance)$/]) {
        await phone.tapNamed('button', step);
      }
      await phone.measure('visit, ending the session?');
      await phone.tapNamed('button', /^(Yes, end the session|Oui, terminer la séance)$/);
      await phone.page.getByLabel(/^(Amount before taxes|Montant avant taxes) \(\$\)$/).fill('95');
      await phone.measure('visit, completed');
      await phone.tapNamed('button', /^(Issue the receipt|Émettre le reçu)$/);
      await phone.tapNamed('link', /^(View and print the receipt|Voir et imprimer le reçu)$/);
      await expect(page.locator('article.receipt')).toContainText(/Nº 00001/, { timeout: 15_000 });
      await phone.measure('receipt');

      await page.goto(`${own.server.url}/visits/${ids[0]}`);
      await phone.tapNamed('link', /^(Open the session record|Ouvrir le dossier de séance)$/);
      await phone.tapNamed('button', /^(Start the session record|Commencer le dossier de séance)$/);
      await expect(phone.subjective).toBeVisible();
      await phone.measure('session record');

      await page.goto(`${own.server.url}/visits/${ids[3]}`);
      await expect(phone.heading).toHaveText("Margaret O'Brien");
      await phone.measure('visit, no intake');
      await phone.tapNamed('link', /^(Client file|Dossier client)$/);
      await expect(phone.heading).toContainText("Margaret O'Brien");
      await phone.measure('client file');
      await phone.tapNamed('link', /^(Fill in the intake|Remplir la fiche santé)$/);
      await expect(page.locator('canvas.signature__canvas')).toBeVisible();
      await phone.measure('intake');

      await page.goto(`${own.server.url}/clients`);
      await expect(phone.heading).toHaveText('Clients');
      await expect(page.locator('.client-row')).toHaveCount(7);
      await phone.measure('client list');
      await page.getByRole('searchbox').fill('Hochelaga-Maisonneuve-Rosemont');
      await expect(page.getByRole('main').getByRole('status')).toContainText(/No client matches|Aucun client ne correspond/);
      await phone.measure('client list, no match');

      await page.goto(`${own.server.url}/settings`);
      await expect(phone.heading).toHaveText(/^(Settings|Réglages)$/);
      await phone.measure('settings');

      await page.goto(`${own.server.url}/map`);
      await expect(page.locator('.map')).toBeVisible();
      await phone.measure('map');

      console.log(phone.report(`Widths at ${title}:`));
      for (const fit of phone.fits) {
        expect.soft(fit.scrollWidth, `${fit.screen}: document width`).toBeLessThanOrEqual(fit.viewport);
        expect.soft(fit.widestRight, `${fit.screen}: ${fit.widestElement} reaches past the right edge`).toBeLessThanOrEqual(fit.viewport + 0.5);
      }
    });
  });
}
