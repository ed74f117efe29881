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
