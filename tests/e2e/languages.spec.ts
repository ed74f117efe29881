import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';

test.describe('in a French browser', () => {
  test.use({ locale: 'fr-CA' });

  test('everything is in French, times the Quebec way, and English is one tap away', async ({ page }) => {
    const app = new AppPage(page);
    await app.open();
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await app.signIn();
    await expect(app.visits).toHaveCount(6);
    await expect(app.visits.first()).toContainText('8 h 30 – 9 h 00');
    await expect(app.visits.first()).toContainText('Massage thérapeutique');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');

    await page.getByRole('link', { name: 'Réglages' }).click();
    await page.getByRole('radio', { name: 'English' }).check();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await page.getByRole('link', { name: 'Day' }).click();
    await expect(app.visits.first()).toContainText('8:30 AM');

    // The choice survives a reload.
    await page.reload();
    await expect(app.visits.first()).toContainText('8:30 AM');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
  });
});

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('the app is in English', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});

test.describe('when the other language cannot be downloaded', () => {
  // No service worker: it precaches both catalogs, so a missing one can only happen before it
  // is installed (the first visit, or a browser that refuses it), which is what this stands for.
  test.use({ locale: 'fr-CA', serviceWorkers: 'block' });

  test('Settings says so and the app stays in its language, and a later try succeeds', async ({ page, context }) => {
    const app = new AppPage(page);
    await app.open();
    await app.signIn();
    await page.getByRole('link', { name: 'Réglages' }).click();
    const language = page.getByRole('group', { name: 'Langue' });
    const device = language.getByRole('radio', { name: 'Comme cet appareil' });
    const english = language.getByRole('radio', { name: 'English' });
    await expect(device).toBeChecked();

    const stillFrench = async () => {
      await expect(page.getByRole('alert')).toContainText('Cette langue n’a pas pu se charger');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réglages');
      await expect(device).toBeChecked();
      await expect(english).not.toBeChecked();
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
      expect(await page.evaluate(() => localStorage.getItem('tournee.locale'))).toBeNull();
    };

    // The server answers 404 (an app updated under the phone, its old chunk gone).
    await page.route('**/assets/messages-en-*.js', (route) => route.fulfill({ status: 404, body: '' }));
    await english.click();
    await stillFrench();
    await page.unroute('**/assets/messages-en-*.js');

    // Offline, never downloaded.
    await context.setOffline(true);
    await english.click();
    await stillFrench();

    // The rest of the app is untouched: the day is still there, in French.
    await page.getByRole('link', { name: 'Journée' }).click();
    await expect(app.visits.first()).toContainText('8 h 30 – 9 h 00');

    // Back online, the same tap works: a failed download is not remembered as the answer.
    await context.setOffline(false);
    await page.getByRole('link', { name: 'Réglages' }).click();
    await english.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await expect(page.getByRole('group', { name: 'Language' }).getByRole('radio', { name: 'English' })).toBeChecked();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
