import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

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

  /**
   * The connection drops for a moment and comes back: the app syncs at once,
   * without the page losing focus (a field being typed in stays focused).
   */
  async connectionBlip() {
    const context = this.page.context();
    await context.setOffline(true);
    await context.setOffline(false);
  }

  /** From the visit screen: its session record, which must exist on this device already. */
  async openSessionRecord() {
    await this.page.getByRole('link', { name: /^(Open the session record|Ouvrir le dossier de séance)$/ }).click();
    await expect(this.subjective).toBeVisible();
  }

  /** From the visit screen: its session record, started from the service's template. */
  async startSessionRecord() {
    await this.page.getByRole('link', { name: /^(Open the session record|Ouvrir le dossier de séance)$/ }).click();
    await this.page.getByRole('button', { name: /^(Start the session record|Commencer le dossier de séance)$/ }).click();
    await expect(this.subjective).toBeVisible();
  }

  /** A text field of the session record, by its label. */
  recordField(label: string | RegExp) {
    return this.page.getByLabel(label, { exact: typeof label === 'string' });
  }

  get subjective() {
    return this.recordField(/^(Subjective \(what the client says\)|Subjectif \(ce que dit le client\))$/);
  }

  get plan() {
    return this.recordField('Plan');
  }

  /** "“Subjective …” was changed on another device", shown at that field of the record. */
  recordConflict(label: string) {
    return this.page.getByRole('region', { name: new RegExp(`^[“«]\\s?${label.replace(/[()]/g, '\\$&')}\\s?[”»] (was changed on another device|a été modifié sur un autre appareil)$`) });
  }

  /** Merges the two texts of a conflict card into `text`, and waits until the card is gone. */
  async mergeConflict(card: Locator, text: string) {
    await card.getByRole('button', { name: /^(Merge them|Fusionner)$/ }).click();
    await card.getByRole('textbox', { name: /^(Merged note|Note fusionnée)$/ }).fill(text);
    await card.getByRole('button', { name: /^(Save the merged note|Enregistrer la note fusionnée)$/ }).click();
    await expect(card).toBeHidden();
  }

  /** The visit this screen is about, from its address (/visits/:id…). */
  visitId(): string {
    const id = new URL(this.page.url()).pathname.split('/')[2];
    if (!id) throw new Error(`not on a visit screen: ${this.page.url()}`);
    return id;
  }

  /**
   * What this device has stored for a field of the visit, or of the visit's
   * session record, whatever the screen shows: to know that a remote edit has
   * arrived while a field being edited still shows the text typed.
   */
  async storedOnDevice(entity: 'visit' | 'sessionRecord', visitId: string, field: string): Promise<unknown> {
    return this.page.evaluate(
      async ({ entity, visitId, field }) => {
        const { therapistId } = JSON.parse(localStorage.getItem('tournee.account')!) as { therapistId: string };
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(`tournee-${therapistId}`);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        try {
          const store = db.transaction(entity).objectStore(entity);
          const request = entity === 'visit' ? store.get(visitId) : store.index('by-visit').get(visitId);
          const stored = await new Promise<{ fields: Record<string, unknown> } | undefined>((resolve, reject) => {
            request.onsuccess = () => resolve(request.result as { fields: Record<string, unknown> } | undefined);
            request.onerror = () => reject(request.error);
          });
          return stored?.fields[field] ?? null;
        } finally {
          db.close();
        }
      },
      { entity, visitId, field },
    );
  }

  async openSettings() {
    await this.page.getByRole('link', { name: /^(Settings|Réglages)$/ }).click();
    await expect(this.heading).toHaveText(/^(Settings|Réglages)$/);
  }

  /** Settings: turns the lock on with the password and a PIN; the day is pulled again, sealed. */
  async turnLockOn(pin: string, password = DEMO.password) {
    await this.openSettings();
    const card = this.page.getByRole('region', { name: /^(Locking|Verrouillage)$/ });
    await card.getByLabel(/^(Password|Mot de passe)$/).fill(password);
    await card.getByLabel(/^(New PIN|Nouveau NIP)/).fill(pin);
    await card.getByLabel(/^(The same PIN again|Le même NIP, encore)$/).fill(pin);
    await card.getByRole('button', { name: /^(Turn on the lock|Activer le verrouillage)$/ }).click();
    await expect(card.getByRole('button', { name: /^(Lock now|Verrouiller maintenant)$/ })).toBeVisible({ timeout: 20_000 });
  }

  get lockHeading() {
    return this.page.getByRole('heading', { name: /^(Tournée is locked|Tournée est verrouillée)$/ });
  }

  async lockNow() {
    await this.openSettings();
    await this.page.getByRole('button', { name: /^(Lock now|Verrouiller maintenant)$/ }).click();
    await expect(this.lockHeading).toBeVisible();
  }

  async unlockWithPin(pin: string) {
    await expect(this.lockHeading).toBeVisible();
    await this.page.getByLabel(/^(PIN|NIP)$/).fill(pin);
    await this.page.getByRole('button', { name: /^(Unlock|Déverrouiller)$/ }).click();
  }

  /** Settings' list of changes the server refused. */
  get refusals() {
    return this.page.getByRole('region', { name: /^(Changes the server refused|Modifications refusées par le serveur)$/ });
  }

  /** The same list on a session record, for that record's changes. */
  get recordRefusals() {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('heading', { name: /^(Changes the server refused|Modifications refusées par le serveur)$/ }) });
  }

  /** Marks a refused change as read. */
  async markRefusalRead(refusal: Locator) {
    await refusal.getByRole('button', { name: /^(I have read it|J’ai lu)$/ }).click();
  }

  /** The button that signs the session record: there only while the record is not signed. */
  get signButton() {
    return this.page.getByRole('button', { name: /^(Sign and lock the record|Signer et verrouiller le dossier)$/ });
  }

  /** Signs the session record on screen, accepting the confirmation. */
  /** Taps "Sign", then confirms in the panel that takes its place. */
  async signRecord() {
    await this.signButton.click();
    await this.confirmSignButton.click();
  }

  get confirmSignButton() {
    return this.page.getByRole('alertdialog', { name: /^(Once signed|Une fois signé)/ }).getByRole('button', { name: /^(Yes, sign|Oui, signer)$/ });
  }

  get signedNotice() {
    return this.page.getByText(/^(Signed by|Signé par) /);
  }

  get signOutButton() {
    return this.page.getByRole('button', { name: /^(Sign out|Se déconnecter)$/ });
  }

  /** Taps "Sign out" and accepts the confirmation. */
  async signOut() {
    this.page.once('dialog', (dialog) => void dialog.accept());
    await this.signOutButton.click();
  }
}

/** A new device (browser context) on `baseURL`, signed in to the demo account and showing the day. */
export async function openSignedIn(browser: Browser, baseURL: string, options: { locale?: 'en-CA' | 'fr-CA' } = {}) {
  const context = await browser.newContext({ baseURL, locale: options.locale ?? 'en-CA', timezoneId: 'America/Toronto' });
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await expect(app.visits).toHaveCount(6);
  return { context, page, app };
}

/** Draws a signature on the intake's pad with the mouse (a stroke that ends at rest). */
export async function signWithMouse(page: Page) {
  const canvas = page.locator('canvas.signature__canvas');
  await canvas.scrollIntoViewIfNeeded();
  const pad = (await canvas.boundingBox())!;
  await page.mouse.move(pad.x + 20, pad.y + 100);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(pad.x + 20 + step * 18, pad.y + 90 - Math.sin(step) * 40);
  await page.mouse.up();
}
