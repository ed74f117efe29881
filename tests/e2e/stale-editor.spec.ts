import { expect, test, type Browser, type Locator } from '@playwright/test';
import { openSignedIn, type AppPage } from './pages/app-page';
import { useOwnServer } from './support/own-server';
import { serverDb } from './support/server-db';

/**
 * A field left open on one device while another device of the same therapist
 * changes it: the open field keeps what it shows, and when the therapist types
 * there, the edit starts from the text on screen, not from the newer text that
 * arrived underneath. The server then keeps both texts; no device loses one.
 */
test.use({ locale: 'en-CA' });

const SUBJECTIVE = 'Subjective (what the client says)';

interface Editor {
  entity: 'visit' | 'sessionRecord';
  field: string;
  /** On the first device: opens the visit and what is edited (creating it if needed). */
  open(app: AppPage): Promise<void>;
  /** On the other devices: opens what the first one opened. */
  join(app: AppPage): Promise<void>;
  input(app: AppPage): Locator;
  conflict(app: AppPage): Locator;
}

const sessionRecord: Editor = {
  entity: 'sessionRecord',
  field: 'subjective',
  async open(app) {
    await app.openVisit(1);
    await app.startSessionRecord();
  },
  async join(app) {
    await app.openVisit(1);
    await app.openSessionRecord();
  },
  input: (app) => app.subjective,
  conflict: (app) => app.recordConflict(SUBJECTIVE),
};

const visitNote: Editor = {
  entity: 'visit',
  field: 'therapistNote',
  async open(app) {
    await app.openVisit(0);
    await expect(app.note).toBeVisible();
  },
  join(app) {
    return this.open(app);
  },
  input: (app) => app.note,
  conflict: (app) => app.conflictPanel,
};

test.describe('an editor left open while another device edits the same text', () => {
  const own = useOwnServer(4316);

  async function bothTextsSurvive(browser: Browser, editor: Editor) {
    const server = serverDb(own.dataDir);
    const onServer = (visitId: string) => (editor.entity === 'visit' ? server.visitField(visitId, editor.field) : server.recordField(visitId, editor.field));
    const fromB = 'Tablet: sore neck after driving all week';
    const fromA = 'Cramping';
    const merged = 'Sore neck after driving; cramping';

    const a = await openSignedIn(browser, own.server.url);
    await editor.open(a.app);
    const visitId = a.app.visitId();
    await expect.poll(() => onServer(visitId)).toBe('');
    // The therapist puts the cursor in the field on the phone, and leaves it there.
    await editor.input(a.app).click();

    const b = await openSignedIn(browser, own.server.url);
    await editor.join(b.app);
    await editor.input(b.app).fill(fromB);
    await editor.input(b.app).blur();
    await expect.poll(() => onServer(visitId)).toBe(fromB);

    // The phone receives the tablet's text while its field is still focused and empty.
    await expect(editor.input(a.app)).toBeFocused();
    await a.app.connectionBlip();
    await expect.poll(() => a.app.storedOnDevice(editor.entity, visitId, editor.field)).toBe(fromB);
    await expect(editor.input(a.app)).toHaveValue('');
    await expect(editor.input(a.app)).toBeFocused();
    // Time for the screen to take in what arrived: an editor that took its base
    // from what is stored (the bug) would now start from the tablet's text.
    await a.page.waitForTimeout(500);
    await editor.input(a.app).pressSequentially(fromA);

    // The server keeps both: the newer text on the record, the other in a conflict.
    await expect.poll(() => server.conflicts(editor.field).map(({ keptValue, winningValue, resolved }) => ({ keptValue, winningValue, resolved }))).toEqual([
      { keptValue: fromB, winningValue: fromA, resolved: false },
    ]);
    expect(onServer(visitId)).toBe(fromA);

    await b.app.connectionBlip();
    for (const device of [a, b]) {
      await expect(editor.conflict(device.app)).toBeVisible();
      await expect(editor.conflict(device.app)).toContainText(fromA);
      await expect(editor.conflict(device.app)).toContainText(fromB);
      await expect(editor.input(device.app)).toHaveValue(fromA);
    }

    // A third device, signed in afresh, sees both texts.
    const c = await openSignedIn(browser, own.server.url);
    await editor.join(c.app);
    await expect(editor.input(c.app)).toHaveValue(fromA);
    await expect(editor.conflict(c.app)).toContainText(fromB);
    await c.context.close();

    // The therapist merges them on the phone; the merge reaches the tablet.
    await a.app.mergeConflict(editor.conflict(a.app), merged);
    await expect(editor.input(a.app)).toHaveValue(merged);
    await expect.poll(() => onServer(visitId)).toBe(merged);
    expect(server.conflicts(editor.field).map((conflict) => conflict.resolved)).toEqual([true]);
    await b.app.connectionBlip();
    await expect(editor.input(b.app)).toHaveValue(merged);
    await expect(editor.conflict(b.app)).toBeHidden();

    await a.context.close();
    await b.context.close();
  }

  test('the session record: both texts of Subjective are kept, then merged', async ({ browser }) => {
    await bothTextsSurvive(browser, sessionRecord);
  });

  test('the visit note: both texts are kept, then merged', async ({ browser }) => {
    await bothTextsSurvive(browser, visitNote);
  });
});
