import { expect, test } from '@playwright/test';
import { openSignedIn } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { serverDb } from './support/server-db';

// Receipt numbers start at 1 on a fresh database.
const own = useOwnServer(4315);

test('a completed visit gets a French receipt with every required field, composed by the server; a reprint says DUPLICATA', async ({ browser }) => {
  const { context, page, app } = await openSignedIn(browser, own.server.url);
  await app.openVisit(0);
  await expect(app.heading).toHaveText('Marie-Ève Gagnon');
  await expect(page.getByText('A receipt can be issued once the visit is completed.')).toBeVisible();
  for (const step of ['I’m on my way', 'I’ve arrived', 'Start the session', 'End the session']) {
    await page.getByRole('button', { name: step }).click();
  }
  await page.getByRole('button', { name: 'Yes, end the session' }).click();
  await app.expectNothingWaiting();

  // The office renews the member number; the phone, about to go offline, has not heard.
  serverDb(own.dataDir).changeProfileQuietly('therapist@example.com', 'memberNumber', 'DEMO-9999');
  await app.waitForOfflineReady();
  await app.goOffline(context);
  await page.getByLabel('Amount before taxes ($)').fill('95');
  await page.getByLabel('Issued to, if not the client (optional)').fill('Jean Gagnon');
  await page.getByRole('button', { name: 'Issue the receipt' }).click();
  await expect(page.getByText('Receipt issued; its number is assigned when it syncs.')).toBeVisible();
  await page.getByRole('link', { name: 'View and print the receipt' }).click();

  // Offline, the phone shows its own preview, from the profile it holds, and cannot print it yet.
  const receipt = page.locator('article.receipt');
  await expect(receipt).toContainText('Numéro attribué à la synchronisation');
  await expect(receipt).toContainText('DEMO-4821');
  await expect(page.getByText('Connect once so the receipt gets its number, then print it.')).toBeVisible();

  // Online: the server numbers the receipt and composes it from its own records; the phone takes both.
  await context.setOffline(false);
  await expect(receipt).toContainText('Nº 00001', { timeout: 15_000 });
  await expect(receipt).toContainText('DEMO-9999');
  await expect(receipt).not.toContainText('DEMO-4821');
  await expect(receipt).toHaveAttribute('lang', 'fr-CA');
  for (const text of [
    'REÇU',
    'Nº 00001',
    'Camille Tremblay',
    'Association démo des massothérapeutes',
    'Marie-Ève Gagnon',
    'Émis au nom de',
    'Jean Gagnon',
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
