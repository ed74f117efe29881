import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const DEMO = { email: 'therapist@example.com', password: 'massage-demo' };

/** The app as a therapist sees it; tests speak in these terms, not selectors. */
export class AppPage {
  constructor(readonly page: Page) {}

  async open(path = '/') {
    await this.page.goto(path);
  }

  async signIn(email = DEMO.email, password = DEMO.password) {
    await this.page.getByLabel(/^(Email|Courriel)$/).fill(email);
    await this.page.getByLabel(/^(Password|Mot de passe)$/).fill(password);
    await this.page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  }

  get visitList() {
    return this.page.getByRole('list', { name: /^(Visits on|Visites du)/ });
  }

  get visits() {
    return this.visitList.getByRole('listitem');
  }

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  get status() {
    return this.page.locator('.sync-status');
  }

  async openVisit(index: number) {
    await this.visits.nth(index).getByRole('link').click();
  }

  /** The service worker controls the page: from here on, the app works offline. */
  async waitForOfflineReady() {
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  }

  async goOffline(context: BrowserContext) {
    await context.setOffline(true);
  }

  get note() {
    return this.page.getByRole('textbox', { name: /^(My note|Ma note)$/ });
  }

  /** Types a note and waits until it is committed on this device. */
  async writeNote(text: string) {
    await this.note.fill(text);
    await expect(this.page.locator('#note-status')).toHaveText(/Saved on this device|Enregistré sur cet appareil/);
  }

  get conflictPanel() {
    return this.page.getByRole('region', { name: /changed on another device|modifiée sur un autre appareil/ });
  }

  async expectNothingWaiting() {
    await expect(this.status).not.toContainText(/waiting|en attente/);
    await expect(this.status).toContainText(/Synced|Synchronisé/);
  }

  async expectSynced() {
    await expect(this.status).toContainText(/Synced|Synchronisé/);
  }
}

/** A new device (browser context) on `baseURL`, signed in to the demo account and showing the day. */
export async function openSignedIn(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: 'en-CA', timezoneId: 'America/Toronto' });
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await expect(app.visits).toHaveCount(6);
  return { context, page, app };
}
