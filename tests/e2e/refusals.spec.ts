import { expect, test } from '@playwright/test';
import { openSignedIn } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { serverDb } from './support/server-db';

/**
 * A change the server refuses is kept on the device with what was typed, told
 * in the therapist's language, and sign-out (which wipes the device) waits
 * until the therapist has read it.
 */
test.describe('a refused change', () => {
  const own = useOwnServer(4317);

  test('is shown in French as readable text, and sign-out waits until it is read', async ({ browser }) => {
    const server = serverDb(own.dataDir);
    const typed = 'Étirements des mollets, deux fois par jour';

    // The phone, in French, starts the session record and keeps it open.
    const phone = await openSignedIn(browser, own.server.url, { locale: 'fr-CA' });
    await phone.app.openVisit(1);
    await phone.app.startSessionRecord();
    const visitId = phone.app.visitId();
    await expect.poll(() => server.recordField(visitId, 'plan')).not.toBeNull();

    const tablet = await openSignedIn(browser, own.server.url);
    await tablet.app.openVisit(1);
    await tablet.app.openSessionRecord();

    // No signal on the phone: the plan is typed and kept on the device.
    await phone.context.setOffline(true);
    await phone.app.plan.fill(typed);
    await expect(phone.app.status).toContainText('1 modification en attente');

    // Meanwhile the record is signed on the tablet, so it can no longer change.
    await tablet.app.signRecord();
    await expect(tablet.app.signedNotice).toBeVisible();
    await expect.poll(() => server.recordField(visitId, 'signedAt')).toBeTruthy();
    const signed = server.sessionRecord(visitId)!;

    // Back online, the phone's edit is refused (read_only), and says so in French.
    await phone.context.setOffline(false);
    await expect(phone.app.status).toContainText('1 modification refusée');
    await expect(phone.app.recordRefusals).toContainText('Le dossier ne peut plus être modifié');
    await expect(phone.app.recordRefusals.getByText(typed, { exact: true })).toBeVisible();
    // The signed record on the server is untouched, to the last field and stamp.
    expect(server.sessionRecord(visitId)).toEqual(signed);
    // The phone shows the record as signed, with the signed text, not the refused one.
    await expect(phone.app.signedNotice).toBeVisible();
    await expect(phone.app.signButton).toBeHidden();
    await expect.poll(() => phone.app.storedOnDevice('sessionRecord', visitId, 'plan')).toBe(signed.data.plan);
    // The field still has the cursor, so it keeps what was typed until it is left (see stale-editor.spec.ts).
    await phone.app.plan.blur();
    await expect(phone.app.plan).toHaveValue(signed.data.plan as string);
    await expect(phone.app.plan).not.toBeEditable();
    // The tablet, synced again, still shows what it signed.
    await tablet.app.connectionBlip();
    await tablet.app.expectNothingWaiting();
    await expect(tablet.app.signedNotice).toBeVisible();
    await expect(tablet.app.plan).toHaveValue(signed.data.plan as string);
    expect(server.sessionRecord(visitId)).toEqual(signed);

    await phone.app.openSettings();
    const refusals = phone.app.refusals;
    await expect(refusals).toContainText('Une modification : un dossier de séance');
    await expect(refusals).toContainText('Le dossier ne peut plus être modifié (il est signé, ou seul le bureau peut le changer).');
    await expect(refusals).toContainText('Ce que vous aviez écrit (gardé ici)');
    await expect(refusals.getByText(typed, { exact: true })).toBeVisible();
    // Readable: the typed text as typed, never the change as raw JSON.
    await expect(refusals).not.toContainText('{');
    await expect(refusals).not.toContainText(`"${typed}"`);

    // Sign-out would wipe the only copy of what was typed: refused while unread.
    await phone.app.signOut();
    await expect(phone.page.getByRole('alert')).toContainText('Le serveur a refusé 1 modification que vous n’avez pas encore lue');
    await expect(phone.app.heading).toHaveText('Réglages');

    await phone.app.markRefusalRead(refusals.getByRole('listitem'));
    await expect(refusals).toBeHidden();
    await phone.app.signOut();
    await expect(phone.page.getByRole('heading', { name: 'Connexion' })).toBeVisible();

    await phone.context.close();
    await tablet.context.close();
  });
});
