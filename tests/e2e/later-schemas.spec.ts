import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';

/**
 * The schemas of session records, amendments, receipts and conflicts come in a chunk
 * of their own on the first screen that reads them (src/client/data/later-schemas.ts).
 * A download that fails is not kept as the answer: the next read fetches it again.
 */
test.describe('the later screens\' schemas', () => {
  // No service worker: it precaches the chunk, so a failed download can only happen
  // before it is installed (the first visit, or a browser that refuses it).
  test.use({ locale: 'fr-CA', serviceWorkers: 'block' });

  test('a failed download of their chunk is tried again on the next read', async ({ page }) => {
    const app = new AppPage(page);
    await app.open();
    await app.signIn();
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    const marieEve = page.getByRole('list', { name: 'Clients sur cet appareil' }).getByRole('link', { name: /^Marie-Ève Gagnon/ });
    const heading = page.getByRole('heading', { level: 1, name: 'Dossier client · Marie-Ève Gagnon' });

    let failed = 0;
    await page.route('**/assets/later-schemas-table-*.js', async (route) => {
      failed++;
      await route.fulfill({ status: 404, body: '' });
    });
    await marieEve.click();
    await expect.poll(() => failed).toBeGreaterThan(0);
    // The client file reads her session records, so it cannot show yet.
    await expect(heading).toHaveCount(0);
    await page.unroute('**/assets/later-schemas-table-*.js');

    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await marieEve.click();
    await expect(heading).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Fiche santé, version 1' })).toBeVisible();
  });
});
