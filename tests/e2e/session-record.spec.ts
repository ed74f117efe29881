import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { startServer, type ServerProcess } from './support/server-process';

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

test.describe('with a server of our own', () => {
  let server: ServerProcess;
  let dataDir: string;

  test.beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tournee-record-e2e-'));
    server = await startServer({ port: 4314, dataDir });
  });
  test.afterEach(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('chart offline, survive an abrupt close, sign, amend; another device sees it all', async ({ browser }) => {
    const phone = await browser.newContext({ baseURL: server.url, locale: 'en-CA', timezoneId: 'America/Toronto' });
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
    await page.getByRole('button', { name: 'Back: leg left' }).click();
    await expect(page.getByRole('button', { name: 'Back: leg left (Tension)' })).toBeVisible();

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
    await expect(page.getByRole('button', { name: 'Back: leg left (Tension)' })).toBeVisible();

    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sign and lock the record' }).click();
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
    const tablet = await browser.newContext({ baseURL: server.url, locale: 'en-CA', timezoneId: 'America/Toronto' });
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

    const db = new Database(join(dataDir, 'tournee.sqlite'), { readonly: true });
    const records = db.prepare(`SELECT entity, json_extract(data, '$.signedAt') AS signedAt FROM clinical_records WHERE entity != 'intake'`).all() as { entity: string; signedAt: string | null }[];
    db.close();
    expect(records.map((record) => record.entity).sort()).toEqual(['amendment', 'sessionRecord']);
    expect(records.find((record) => record.entity === 'sessionRecord')!.signedAt).toBeTruthy();
    await phone.close();
    await tablet.close();
  });
});
