import { expect, test } from '@playwright/test';
import { openSignedIn } from './pages/app-page';
import { useOwnServer } from './support/own-server';

// Receipt numbers start at 1 on a fresh database.
const own = useOwnServer(4315);

test('a completed visit gets a French receipt with every required field; a reprint says DUPLICATA', async ({ browser }) => {
  const { context, page, app } = await openSignedIn(browser, own.server.url);
  await app.openVisit(0);
  await expect(app.heading).toHaveText('Marie-Ève Gagnon');
  await expect(page.getByText('A receipt can be issued once the visit is completed.')).toBeVisible();
  for (const step of ['I’m on my way', 'I’ve arrived', 'Start the session', 'End the session']) {
    await page.getByRole('button', { name: step }).click();
  }
  await page.getByLabel('Amount before taxes ($)').fill('95');
  await page.getByRole('button', { name: 'Issue the receipt' }).click();
  await expect(page.getByText('Receipt no. 00001')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('link', { name: 'View and print the receipt' }).click();

  const receipt = page.locator('article.receipt');
  await expect(receipt).toHaveAttribute('lang', 'fr-CA');
  for (const text of [
    'REÇU',
    'Nº 00001',
    'Camille Tremblay',
    'Association démo des massothérapeutes',
    'DEMO-4821',
    'Marie-Ève Gagnon',
    'Date du traitement',
    'Heure du début',
    '60 minutes',
    'Massage thérapeutique',
    '3245 rue Masson, app. 2, Montréal (Québec) H1Y 1X9',
    '95,00 $',
    'TPS (5 %) — 123456789 RT0001',
    '4,75 $',
    'TVQ (9,975 %) — 1234567890 TQ0001',
    '9,48 $',
    '109,23 $',
    'Virement Interac',
    'Signature du massothérapeute',
  ]) {
    await expect(receipt, text).toContainText(text);
  }
  await expect(receipt).not.toContainText('DUPLICATA');

  // Printing is the browser's; what matters is that the first print is recorded.
  await page.evaluate(() => (window.print = () => undefined));
  await page.getByRole('button', { name: 'Print', exact: true }).click();
  await expect(receipt).toContainText('DUPLICATA');
  await page.reload();
  await expect(page.locator('article.receipt')).toContainText('DUPLICATA');
  await expect(page.getByRole('button', { name: 'Print a duplicate' })).toBeVisible();
  await context.close();
});

test('a no-show gets no receipt', async ({ browser }) => {
  const { context, page, app } = await openSignedIn(browser, own.server.url);
  await app.openVisit(1);
  await page.getByRole('button', { name: 'Client not there' }).click();
  await page.getByLabel('Client cancelled').check();
  await page.getByRole('button', { name: 'Record a no-show' }).click();
  await expect(page.getByText('No receipt is issued for a cancelled visit or a no-show.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Issue the receipt' })).toHaveCount(0);
  await context.close();
});
