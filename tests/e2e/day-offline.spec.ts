import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';

test.use({ locale: 'en-CA' });

test('a therapist signs in, sees the day, opens a visit, and still sees it all offline after a reload', async ({ page, context }) => {
  const app = new AppPage(page);
  await app.open();
  await app.signIn();

  // Today's round, in route order.
  await expect(app.visits).toHaveCount(6);
  const todayTitle = new Intl.DateTimeFormat('en-CA', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'America/Toronto' })
    .format(new Date())
    .replace(/^(\w+) /, '$1, ');
  await expect(app.heading).toHaveText(todayTitle);
  await expect(app.visits.first()).toContainText('8:30 AM – 9:00 AM');
  await expect(app.visits.first()).toContainText('Marie-Ève Gagnon');
  await expect(app.visits.first()).toContainText('Rosemont');
  await expect(app.visits.first()).toContainText('Therapeutic massage · 60 min');
  await expect(app.visits.first()).toContainText('Scheduled');
  await app.expectSynced();

  // The visit's detail: everything needed on the doorstep.
  await app.openVisit(2);
  await expect(app.heading).toHaveText('Linda Nguyen');
  await expect(page.getByText('125 boulevard Cartier Ouest, Unit 1507')).toBeVisible();
  await expect(page.getByText('Concierge at the desk; give the unit number')).toBeVisible();
  await expect(page.getByText('Visitor parking P2, spots 10-14')).toBeVisible();
  await expect(page.getByRole('link', { name: /Call Linda/ })).toHaveAttribute('href', 'tel:4505550187');
  await expect(page.getByText('Bring the pregnancy pillow; side-lying only.')).toBeVisible();
  await expect(page.getByText('Prenatal massage')).toBeVisible();
  const detailUrl = page.url();

  // No network at all, then a reload: the app and the stored days are still there.
  await app.waitForOfflineReady();
  await app.goOffline(context);
  await page.reload();
  await expect(app.heading).toHaveText('Linda Nguyen');
  await expect(app.status).toContainText('Offline');

  await page.getByRole('link', { name: 'Back to the day' }).click();
  await expect(app.visits).toHaveCount(6);
  await page.goto('/');
  await expect(app.visits).toHaveCount(6);
  await expect(app.status).toContainText('Offline');

  // Other days were stored too.
  await page.getByRole('link', { name: /Next day/ }).click();
  await expect(app.visits).toHaveCount(4);
  await page.getByRole('link', { name: /Previous day/ }).click();
  await page.getByRole('link', { name: /Previous day/ }).click();
  await expect(app.visits).toHaveCount(3);
  await expect(app.visits.first()).toContainText('Completed');

  // Back online: the indicator says so and the app syncs again.
  await context.setOffline(false);
  await page.goto(detailUrl);
  await expect(app.status).toContainText('Online');
  await app.expectSynced();
});

test('a wrong password gets a clear message and keeps what was typed', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.signIn('therapist@example.com', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('The email or the password is wrong.');
  await expect(page.getByLabel('Email')).toHaveValue('therapist@example.com');
  await expect(app.visitList).toHaveCount(0);
});

test('signing in for the first time offline says the network is needed', async ({ page, context }) => {
  const app = new AppPage(page);
  await app.open();
  await context.setOffline(true);
  await app.signIn();
  await expect(page.getByRole('alert')).toContainText('No connection');
  await context.setOffline(false);
});
