import { expect, test } from '@playwright/test';
import { openSignedIn, type AppPage } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { serverDb } from './support/server-db';

/**
 * A signature vouches for the text the therapist read. Signed on a device that
 * never received a newer text from another device, it is refused: the record
 * stays unsigned everywhere, the device says why in the therapist's language,
 * shows the newer text, and the therapist signs again over what is now on screen.
 */
test.describe('a signature over text that changed on another device', () => {
  const own = useOwnServer(4318);

  /** What the signer reads: the SOAP texts of the record, as shown. */
  async function shownTexts(app: AppPage) {
    return {
      subjective: await app.subjective.inputValue(),
      objective: await app.recordField(/^(Objective|Objectif) \(/).inputValue(),
      assessment: await app.recordField(/^(Assessment|Analyse)$/).inputValue(),
      plan: await app.plan.inputValue(),
    };
  }

  test('is refused, shown in French, signed nowhere; signed again over the newer text, it sticks', async ({ browser }) => {
    const server = serverDb(own.dataDir);
    const first = 'Revoir dans deux semaines';
    const fromB = 'Tablet: see again in one week, focus on the lower back';

    // A, in French, starts the session record and writes a plan.
    const a = await openSignedIn(browser, own.server.url, { locale: 'fr-CA' });
    await a.app.openVisit(1);
    await a.app.startSessionRecord();
    const visitId = a.app.visitId();
    await a.app.plan.fill(first);
    await a.app.plan.blur();
    await expect.poll(() => server.recordField(visitId, 'plan')).toBe(first);

    // B, the same therapist's tablet, gets the record by sync.
    const b = await openSignedIn(browser, own.server.url);
    await b.app.openVisit(1);
    await b.app.openSessionRecord();
    await expect(b.app.plan).toHaveValue(first);

    // A has no signal while B changes the plan.
    await a.context.setOffline(true);
    await b.app.plan.fill(fromB);
    await b.app.plan.blur();
    await expect.poll(() => server.recordField(visitId, 'plan')).toBe(fromB);

    // A still shows the old plan, and signs it.
    await expect(a.app.plan).toHaveValue(first);
    await a.app.signRecord();
    await expect(a.app.signedNotice).toBeVisible();
    await expect(a.app.status).toContainText('1 modification en attente');

    // Back online: the signature is refused, and A says why, in French, on the record.
    await a.context.setOffline(false);
    await expect(a.app.status).toContainText('1 modification refusée');
    const refusal = a.app.recordRefusals;
    await expect(refusal).toContainText('Une modification : un dossier de séance');
    await expect(refusal).toContainText('Le dossier a changé sur un autre appareil depuis votre lecture. Lisez le texte plus récent, puis signez de nouveau.');

    // Signed nowhere: not on A (the newer text shows, editable), not on the server, not on B.
    await expect(a.app.signedNotice).toBeHidden();
    await expect(a.app.signButton).toBeVisible();
    await expect(a.app.plan).toHaveValue(fromB);
    await expect(a.app.plan).toBeEditable();
    expect(server.recordField(visitId, 'signedAt')).toBeNull();
    expect(server.recordField(visitId, 'plan')).toBe(fromB);
    await b.app.connectionBlip();
    await b.app.expectNothingWaiting();
    await expect(b.app.signedNotice).toBeHidden();
    await expect(b.app.signButton).toBeVisible();
    expect(server.recordField(visitId, 'signedAt')).toBeNull();

    // A reads the newer text, marks the refusal read, and signs again: this time it sticks.
    await a.app.markRefusalRead(refusal.getByRole('listitem'));
    await expect(refusal).toBeHidden();
    const read = await shownTexts(a.app);
    expect(read.plan).toBe(fromB);
    await a.app.signRecord();
    await expect(a.app.signedNotice).toBeVisible();
    await expect.poll(() => server.recordField(visitId, 'signedAt')).toBeTruthy();
    await a.app.expectNothingWaiting();
    await expect(a.app.status).not.toContainText('refusée');
    await expect(a.app.signedNotice).toBeVisible();

    // The server signed exactly what A read.
    const signed = server.sessionRecord(visitId)!;
    expect(signed.data.signedBy).toBe('Camille Tremblay');
    expect({ subjective: signed.data.subjective, objective: signed.data.objective, assessment: signed.data.assessment, plan: signed.data.plan }).toEqual(read);

    // B sees it signed, over the same text.
    await b.app.connectionBlip();
    await expect(b.app.signedNotice).toBeVisible();
    await expect(b.app.signButton).toBeHidden();
    expect(await shownTexts(b.app)).toEqual(read);

    await a.context.close();
    await b.context.close();
  });
});

/**
 * The cursor left in a field while another device changes it: the field keeps
 * the text on screen, and the newer one waits until the field is left. Tapping
 * "Sign" leaves the field, and so would show the newer text only as the
 * signature is taken: the device stops instead, says why, and shows the newer
 * text, which the therapist then reads and signs.
 */
test.describe('a signature tapped while a newer text waits behind the field being edited', () => {
  const own = useOwnServer(4319);

  test('is not taken, shown in French, signed nowhere; signed again over the newer text, it sticks', async ({ browser }) => {
    const server = serverDb(own.dataDir);
    const first = 'Revoir dans deux semaines';
    const fromB = 'Tablet: see again in one week, focus on the lower back';

    // A, in French, starts the session record and writes a plan.
    const a = await openSignedIn(browser, own.server.url, { locale: 'fr-CA' });
    await a.app.openVisit(1);
    await a.app.startSessionRecord();
    const visitId = a.app.visitId();
    await a.app.plan.fill(first);
    await a.app.plan.blur();
    await expect.poll(() => server.recordField(visitId, 'plan')).toBe(first);
    await a.app.expectNothingWaiting();

    // The therapist puts the cursor back in Plan on the phone, and leaves it there.
    await a.app.plan.click();
    await expect(a.app.plan).toBeFocused();

    // B, the same therapist's tablet, changes the plan.
    const b = await openSignedIn(browser, own.server.url);
    await b.app.openVisit(1);
    await b.app.openSessionRecord();
    await expect(b.app.plan).toHaveValue(first);
    await b.app.plan.fill(fromB);
    await b.app.plan.blur();
    await expect.poll(() => server.recordField(visitId, 'plan')).toBe(fromB);

    // A receives it while Plan is still focused: stored on the device, not shown.
    await a.app.connectionBlip();
    await expect.poll(() => a.app.storedOnDevice('sessionRecord', visitId, 'plan')).toBe(fromB);
    await expect(a.app.plan).toBeFocused();
    await expect(a.app.plan).toHaveValue(first);
    await a.app.expectNothingWaiting();

    // A taps "Sign" over the plan on screen: leaving Plan brings in B's text, so no signature is taken.
    await a.app.signRecord();
    const stopped = a.page.getByRole('alert').filter({ hasText: 'Le dossier a changé sur un autre appareil pendant la signature.' });
    await expect(stopped).toHaveText('Le dossier a changé sur un autre appareil pendant la signature. Lisez le texte plus récent, puis signez de nouveau.');
    await expect(a.app.plan).toHaveValue(fromB);
    await expect(a.app.plan).toBeEditable();
    await expect(a.app.signedNotice).toBeHidden();
    await expect(a.app.signButton).toBeVisible();
    // Give a signature that was taken anyway time to reach the server before looking there.
    await a.page.waitForTimeout(500);
    await a.app.expectNothingWaiting();
    expect(server.recordField(visitId, 'signedAt')).toBeNull();
    expect(server.recordField(visitId, 'plan')).toBe(fromB);
    expect(await a.app.storedOnDevice('sessionRecord', visitId, 'signedAt')).toBeNull();

    // A has read the newer text and signs again: this time it sticks.
    await a.app.signRecord();
    await expect(a.app.signedNotice).toBeVisible();
    await expect(stopped).toBeHidden();
    await expect.poll(() => server.recordField(visitId, 'signedAt')).toBeTruthy();
    await a.app.expectNothingWaiting();
    await expect(a.app.status).not.toContainText('refusée');
    await expect(a.app.signedNotice).toBeVisible();
    await expect(a.app.plan).toHaveValue(fromB);

    // The server signed the plan A read: B's.
    const signed = server.sessionRecord(visitId)!;
    expect(signed.data.signedBy).toBe('Camille Tremblay');
    expect(signed.data.plan).toBe(fromB);

    await a.context.close();
    await b.context.close();
  });
});
