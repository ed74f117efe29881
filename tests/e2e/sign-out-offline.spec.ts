import { expect, test, type BrowserContext } from '@playwright/test';
import { AppPage, openSignedIn } from './pages/app-page';
import { useOwnServer } from './support/own-server';

/** Settings' list of signed-in devices, as the therapist reads it. */
class DevicesPage extends AppPage {
  get devices() {
    return this.page.getByRole('region', { name: /^(Signed-in devices|Appareils connectés)$/ });
  }

  get deviceItems() {
    return this.devices.getByRole('listitem');
  }

  /** Taps "Sign out all other devices" and accepts the confirmation. */
  async signOutOthers() {
    this.page.once('dialog', (dialog) => void dialog.accept());
    await this.devices.getByRole('button', { name: /^(Sign out all other devices|Déconnecter tous les autres appareils)$/ }).click();
  }
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((one) => one.name === 'session');
  if (!cookie) throw new Error('no session cookie');
  return `session=${cookie.value}`;
}

test.describe('sessions', () => {
  const own = useOwnServer(4320);
  const meWith = async (cookie: string) => (await fetch(`${own.server.url}/api/me`, { headers: { cookie } })).status;

  test('signing out offline forgets the account at once and ends the server session as soon as the phone is back online, even after a reload', async ({ browser }) => {
    const { context, page, app } = await openSignedIn(browser, own.server.url);
    await app.waitForOfflineReady();
    await app.expectSynced();
    const cookie = await sessionCookie(context);

    await context.setOffline(true);
    await app.openSettings();
    await app.signOut();
    await expect(page.getByRole('heading', { name: /^(Sign in|Se connecter)$/ })).toBeVisible();
    // The page cannot delete an HttpOnly cookie: until the phone is online, the server still honours it.
    expect(await meWith(cookie)).toBe(200);

    // Closed and reopened in the basement: the account stays forgotten, and the revocation waits.
    await page.reload();
    await expect(page.getByRole('heading', { name: /^(Sign in|Se connecter)$/ })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('tournee.pendingSignOuts'))).toContain('signOutToken');

    await context.setOffline(false);
    await expect.poll(() => meWith(cookie), { timeout: 10_000 }).toBe(401);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('tournee.pendingSignOuts'))).toBeNull();
    expect((await context.cookies()).find((one) => one.name === 'session')).toBeUndefined();
    await context.close();
  });

  test('the next person to sign in on that browser gets a fresh session, and the old one is dead first', async ({ browser }) => {
    const { context, page, app } = await openSignedIn(browser, own.server.url);
    await app.waitForOfflineReady();
    const first = await sessionCookie(context);
    await context.setOffline(true);
    await app.openSettings();
    await app.signOut();
    await expect(page.getByRole('heading', { name: /^(Sign in|Se connecter)$/ })).toBeVisible();

    // Back online, someone signs in at once. The revocation is slow to arrive: the sign-in still waits for it.
    await page.route('**/api/auth/logout', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    const oldSessionWhenSignInLeft: number[] = [];
    await page.route('**/api/auth/login', async (route) => {
      oldSessionWhenSignInLeft.push(await meWith(first));
      await route.continue();
    });
    await context.setOffline(false);
    await app.signIn();
    await app.expectSynced();
    expect(oldSessionWhenSignInLeft).toEqual([401]);
    expect(await meWith(first)).toBe(401);
    const second = await sessionCookie(context);
    expect(second).not.toBe(first);
    expect(await meWith(second)).toBe(200);
    await context.close();
  });

  test('Settings lists the signed-in devices on a 360 px phone in French, and signs out all the others', async ({ browser }) => {
    const laptop = await openSignedIn(browser, own.server.url);
    const phoneContext = await browser.newContext({
      baseURL: own.server.url,
      locale: 'fr-CA',
      timezoneId: 'America/Toronto',
      viewport: { width: 360, height: 740 },
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    });
    const phone = new DevicesPage(await phoneContext.newPage());
    await phone.open();
    await phone.signIn();
    await expect(phone.visits).toHaveCount(6);
    await phone.openSettings();

    await expect(phone.deviceItems).toHaveCount(2);
    const mine = phone.deviceItems.filter({ hasText: 'Cet appareil' });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText('Chrome sur Android');
    await expect(mine).toHaveAttribute('aria-current', 'true');
    // The list and its button fit the phone's width, whatever the length of the French strings.
    const overflowing = await phone.devices.evaluate((section) =>
      [section, ...section.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > 360 || element.scrollWidth > element.clientWidth + 1).length,
    );
    expect(overflowing).toBe(0);

    await phone.signOutOthers();
    await expect(phone.devices.getByRole('status')).toHaveText('1 autre appareil déconnecté.');
    await expect(phone.deviceItems).toHaveCount(1);
    expect(await meWith(await sessionCookie(laptop.context))).toBe(401);
    expect(await meWith(await sessionCookie(phoneContext))).toBe(200);
    await laptop.context.close();
    await phoneContext.close();
  });
});
