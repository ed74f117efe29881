import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, signWithMouse } from './pages/app-page';
import { useOwnServer } from './support/own-server';

test.use({ locale: 'en-CA' });

function field(page: Page, label: string) {
  return page.getByLabel(label, { exact: true });
}

test('the visit shows what to watch for from the intake, or that none is on file', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await app.openVisit(2);
  await expect(app.heading).toHaveText('Linda Nguyen');
  await expect(page.getByText('Pregnant, 28 weeks: side-lying, no deep abdominal work')).toBeVisible();
  await page.getByRole('link', { name: 'Back to the day' }).click();
  await app.openVisit(3);
  await expect(app.heading).toHaveText("Margaret O'Brien");
  await expect(page.getByText('No intake on file')).toBeVisible();
});

test('an intake is filled offline with a drawn signature, and its flags show at once', async ({ page, context }) => {
  const app = new AppPage(page);
  await app.open();
  await app.signIn();
  await expect(app.visits).toHaveCount(6);
  await app.waitForOfflineReady();
  await app.openVisit(3);
  await expect(app.heading).toHaveText("Margaret O'Brien");
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Client file' }).click();
  await page.getByRole('link', { name: 'Fill in the intake' }).click();
  await expect(page.getByText('This will be version 1')).toBeVisible();
  // Margaret reads English: the consent is in English.
  await expect(page.getByText(/^I consent to receive massage therapy/)).toBeVisible();
  await page.getByLabel('Takes blood thinners').check();
  await page.getByLabel('Medications', { exact: true }).fill('Warfarin');
  await page.getByLabel('Latex', { exact: true }).check();

  // Saving without a signature is refused, and nothing typed is lost.
  await page.getByRole('button', { name: 'Save the intake' }).click();
  await expect(page.getByRole('alert')).toHaveText('The client’s name and signature are needed for consent.');
  await expect(page.getByLabel('Medications', { exact: true })).toHaveValue('Warfarin');

  await signWithMouse(page);
  await page.getByRole('button', { name: 'Save the intake' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Client file · Margaret O'Brien");
  await expect(page.getByText('Blood thinners: no deep pressure (bruising)')).toBeVisible();
  await expect(page.getByText('Latex allergy: no latex gloves')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Intake, version 1' })).toBeVisible();
  await expect(page.getByText("Consent signed by Margaret O'Brien")).toBeVisible();
  await expect(page.locator('img.signature-image')).toHaveCount(1);
  await expect(app.status).toContainText('1 change waiting');
  await context.setOffline(false);
  await app.expectNothingWaiting();
});

test.describe('with a server of our own', () => {
  const own = useOwnServer(4314);

  test('chart offline, survive an abrupt close, sign, amend; another device sees it all', async ({ browser }) => {
    const phone = await browser.newContext({ baseURL: own.server.url, locale: 'en-CA', timezoneId: 'America/Toronto' });
    let page = await phone.newPage();
    let app = new AppPage(page);
    await app.open();
    await app.signIn();
    await expect(app.visits).toHaveCount(6);
    await app.waitForOfflineReady();
    await app.openVisit(1);
    await expect(app.heading).toHaveText('Ahmed Benali');
    await expect(page.getByText('Nut allergy: no almond or other nut oils')).toBeVisible();
    const visitUrl = page.url();

    await phone.setOffline(true);
    await page.getByRole('link', { name: 'Open the session record' }).click();
    await expect(page.getByText('Nut allergy: no almond or other nut oils')).toBeVisible();
    await page.getByRole('button', { name: 'Start the session record' }).click();
    await field(page, 'Subjective (what the client says)').fill('Calves tight after a 30 km run');
    await page.getByRole('group', { name: 'Pain before (0–10)' }).getByRole('radio', { name: '6', exact: true }).check();
    await page.getByLabel('Sports', { exact: true }).check();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back, left lower leg' }).click();
    await page.getByRole('group', { name: 'Mark: Back, left lower leg' }).getByRole('button', { name: 'Tension' }).click();
    await expect(page.getByRole('button', { name: 'Back, left lower leg: Tension' })).toBeVisible();

    // Typed, then more than 300 ms pass, then a few more keys and the page dies.
    const plan = field(page, 'Plan');
    await plan.pressSequentially('Foam roller daily', { delay: 30 });
    await page.waitForTimeout(400);
    await plan.pressSequentially(' and ice', { delay: 0 });
    await page.close({ runBeforeUnload: false });

    page = await phone.newPage();
    app = new AppPage(page);
    await page.goto(`${visitUrl}/record`);
    await expect(field(page, 'Subjective (what the client says)')).toHaveValue('Calves tight after a 30 km run');
    await expect(field(page, 'Plan')).toHaveValue(/^Foam roller daily/);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Back, left lower leg: Tension' })).toBeVisible();

    await app.signRecord();
    await expect(page.getByText(/^Signed by Camille Tremblay/)).toBeVisible();
    await expect(field(page, 'Subjective (what the client says)')).toHaveAttribute('readonly', '');
    await expect(page.getByLabel('Sports', { exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Sign and lock the record' })).toHaveCount(0);

    await field(page, 'Reason for the amendment').fill('Pain after was not noted');
    await field(page, 'Amendment').fill('Pain after: 2/10');
    await page.getByRole('button', { name: 'Add the amendment' }).click();
    await expect(page.locator('.amendments li')).toHaveCount(1);
    await expect(page.locator('.amendments li')).toContainText('Pain after: 2/10');

    await phone.setOffline(false);
    await app.expectNothingWaiting();

    // Another device of the same therapist.
    const tablet = await browser.newContext({ baseURL: own.server.url, locale: 'en-CA', timezoneId: 'America/Toronto' });
    const other = await tablet.newPage();
    const otherApp = new AppPage(other);
    await otherApp.open();
    await otherApp.signIn();
    await otherApp.openVisit(1);
    await other.getByRole('link', { name: 'Open the session record' }).click();
    await expect(field(other, 'Subjective (what the client says)')).toHaveValue('Calves tight after a 30 km run');
    await expect(field(other, 'Subjective (what the client says)')).toHaveAttribute('readonly', '');
    await expect(other.getByText(/^Signed by Camille Tremblay/)).toBeVisible();
    await expect(other.locator('.amendments li')).toContainText('Pain after: 2/10');

    const db = new Database(join(own.dataDir, 'tournee.sqlite'), { readonly: true });
    const records = db.prepare(`SELECT entity, json_extract(data, '$.signedAt') AS signedAt FROM clinical_records WHERE entity != 'intake'`).all() as { entity: string; signedAt: string | null }[];
    db.close();
    expect(records.map((record) => record.entity).sort()).toEqual(['amendment', 'sessionRecord']);
    expect(records.find((record) => record.entity === 'sessionRecord')!.signedAt).toBeTruthy();
    await phone.close();
    await tablet.close();
  });
});
