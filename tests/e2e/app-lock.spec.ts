import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { useOwnServer } from './support/own-server';

test.use({ locale: 'fr-CA', timezoneId: 'America/Toronto' });

const PIN = '482913';

/**
 * The lock, as the therapist meets it: turned on in Settings, then the app
 * locks (now, or by itself), opens with the PIN (offline too), counts wrong
 * PINs, and falls back to the password; what was typed is never lost.
 */
test.describe('the app lock', () => {
  const own = useOwnServer(4353);

  test('locks, shows nothing of the day while locked, opens with the PIN (offline after a reload too), and keeps the note', async ({ page, context }) => {
    const app = new AppPage(page);
    await page.goto(own.server.url);
    await app.signIn();
    await expect(app.visits).toHaveCount(6);
    await app.waitForOfflineReady();
    await app.turnLockOn(PIN);
    await page.getByRole('link', { name: 'Journée' }).click();
    await expect(app.visits.first()).toContainText('Marie-Ève Gagnon');
    await app.openVisit(0);
    await app.writeNote('Entorse lombaire, côté droit');

    await app.lockNow();
    await expect(page.getByText('Marie-Ève Gagnon')).toHaveCount(0);
    await expect(page.getByRole('navigation')).toHaveCount(0);

    // A wrong PIN says how many tries are left; the typed PIN stays to correct.
    await app.unlockWithPin('000000');
    await expect(page.getByRole('alert')).toHaveText('NIP incorrect. Encore 9 essais.');
    await app.unlockWithPin(PIN);
    await expect(app.heading).toHaveText('Réglages');
    await page.getByRole('link', { name: 'Journée' }).click();
    await app.openVisit(0);
    await expect(app.note).toHaveValue('Entorse lombaire, côté droit');

    // No network and a reload: the lock screen, and the PIN opens the day (the key is on the phone).
    await app.expectNothingWaiting();
    await app.goOffline(context);
    await page.reload();
    await app.unlockWithPin(PIN);
    await expect(app.note).toHaveValue('Entorse lombaire, côté droit');
    await expect(app.status).toContainText('Hors ligne');
  });

  test('after 10 wrong PINs only the password opens it, with a new PIN, and a change typed offline is still sent; a forgotten PIN the same way', async ({ page, context }) => {
    test.slow(); // each wrong PIN costs a full Argon2id derivation, on purpose
    const app = new AppPage(page);
    await page.goto(own.server.url);
    await app.signIn();
    await app.waitForOfflineReady();
    await app.turnLockOn(PIN);
    // A note typed in a basement, waiting to be sent when the phone is lost track of.
    await page.getByRole('link', { name: 'Journée' }).click();
    await app.openVisit(0);
    await app.goOffline(context);
    await app.writeNote('Tapé hors ligne : entorse');
    await expect(app.status).toContainText('en attente');
    await app.lockNow();

    for (let left = 9; left >= 1; left--) {
      await app.unlockWithPin('111111');
      await expect(page.getByRole('alert')).toHaveText(left === 1 ? /Encore un essai/ : `NIP incorrect. Encore ${left} essais.`);
    }
    await app.unlockWithPin('111111');
    await expect(page.getByRole('heading', { name: 'Trop de NIP incorrects' })).toBeVisible();
    // The right PIN no longer opens it: its wrapping is gone.
    await expect(page.getByLabel('NIP', { exact: true })).toHaveCount(0);

    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByLabel(/^Nouveau NIP/).fill('246810');
    await page.getByLabel('Le même NIP, encore').fill('246810');
    await page.getByRole('button', { name: 'Déverrouiller avec ce NIP' }).click();
    // Still offline: the password needs the office's server, and the screen says so.
    await expect(page.getByRole('alert')).toContainText('connectez-vous à Internet');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Déverrouiller avec ce NIP' }).click();
    await expect(page.getByRole('alert')).toHaveText('Le mot de passe est incorrect.');
    // Nothing typed is lost on a failure.
    await expect(page.getByLabel(/^Nouveau NIP/)).toHaveValue('246810');
    await page.getByLabel('Mot de passe').fill('massage-demo');
    await page.getByRole('button', { name: 'Déverrouiller avec ce NIP' }).click();
    await expect(app.heading).toHaveText('Réglages');
    // The note typed offline was kept through it all, and now reaches the office.
    await page.getByRole('link', { name: 'Journée' }).click();
    await app.openVisit(0);
    await expect(app.note).toHaveValue('Tapé hors ligne : entorse');
    await app.expectNothingWaiting();

    // Forgot the PIN: the password and a new one, from the lock screen.
    await app.lockNow();
    await page.getByRole('button', { name: 'NIP oublié ? Utiliser le mot de passe' }).click();
    await page.getByLabel('Mot de passe').fill('massage-demo');
    await page.getByLabel(/^Nouveau NIP/).fill('135790');
    await page.getByLabel('Le même NIP, encore').fill('135790');
    await page.getByRole('button', { name: 'Déverrouiller avec ce NIP' }).click();
    await expect(app.heading).toHaveText('Réglages');
    await app.lockNow();
    await app.unlockWithPin('135790');
    await expect(app.heading).toHaveText('Réglages');
  });

  test('locks by itself after 15 minutes untouched, never while typing, and after 5 minutes in the background', async ({ page }) => {
    // One clock for the page: the app's timers and Date both follow it.
    await page.clock.install();
    const app = new AppPage(page);
    await page.goto(own.server.url);
    await app.signIn();
    await app.turnLockOn(PIN);
    await page.getByRole('link', { name: 'Journée' }).click();
    await app.openVisit(0);

    // Typing a key every 5 minutes for half an hour: no lock.
    for (let i = 0; i < 6; i++) {
      await app.note.pressSequentially('x');
      await page.clock.runFor('05:00');
    }
    await expect(app.lockHeading).toHaveCount(0);
    await expect(app.note).toHaveValue('xxxxxx');
    await page.clock.runFor('15:01');
    await expect(app.lockHeading).toBeVisible();

    await app.unlockWithPin(PIN);
    await expect(app.note).toHaveValue('xxxxxx');
    // In the background (another app on top) for 5 minutes: locked when shown again.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.clock.runFor('05:01');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect(app.lockHeading).toBeVisible();
  });
});
