import type { WipeReason } from '../../shared/api';
import { announceChange } from '../data/changes';
import { wipeTherapistData } from '../data/wipe-data';
import { account, forgetAccount } from './account';
import { clearDeviceTraces, noteWipe } from './device-traces';
import { commitHeldStep, undoStep } from './held-step';
import { rememberSignOut, sendPendingSignOuts } from './pending-sign-out';
import { workspace, workspaces, type Workspace } from './workspace';

/*
 * Leaving a device: sign-out, and the remote wipe the server orders. Loaded
 * with Settings or with the order, not with the day view.
 */

/** Sign-out was refused: these changes have not reached the server. */
export class ChangesWaitingError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} changes have not reached the server`);
    this.name = 'ChangesWaitingError';
  }
}

/** Sign-out was refused: the server refused changes the therapist has not reviewed yet. */
export class RefusalsUnreviewedError extends Error {
  constructor(readonly refused: number) {
    super(`${refused} refused changes have not been reviewed`);
    this.name = 'RefusalsUnreviewedError';
  }
}

/**
 * Signs out: removes this therapist's data from the device and forgets the
 * account at once, online or not, then ends the server session as soon as the
 * server can be reached (pending-sign-out.ts: before any other request, even
 * after a reload). Refused while changes wait to be sent, or while refused
 * changes (kept with what was typed) are unreviewed, unless the therapist has
 * explicitly chosen to discard them.
 */
export async function signOut(options: { discardWaiting?: boolean } = {}): Promise<void> {
  const space = workspace.value;
  if (space && !options.discardWaiting) {
    // A step held for undo is a change like any other: written, it counts as waiting.
    await commitHeldStep(space);
    const waiting = await space.issues.waitingCount();
    if (waiting > 0) throw new ChangesWaitingError(waiting);
    const refused = (await space.issues.refusals()).length;
    if (refused > 0) throw new RefusalsUnreviewedError(refused);
  }
  rememberSignOut(account.value?.signOutToken);
  if (space) {
    undoStep(space); // discarded with the rest (after a commit above, nothing is held)
    workspaces.drop(space);
    await wipeTherapistData(space.therapistId);
    announceChange({ entities: [] });
  }
  clearDeviceTraces();
  forgetAccount();
  void sendPendingSignOuts().catch(() => undefined);
}

/**
 * Remote wipe (the office deactivated the account, or the therapist signed
 * out this device from another): the sync engine calls this once the outbox
 * has reached the server. Deletes the database, the caches and the app's
 * storage as a sign-out does, and shows the sign-in screen with the reason.
 * The sign-out sent next is the device's confirmation: it ends the session.
 */
export async function wipeThisDevice(space: Workspace, reason: WipeReason): Promise<void> {
  if (account.value?.therapistId !== space.therapistId) return;
  rememberSignOut(account.value.signOutToken);
  noteWipe(reason);
  undoStep(space);
  workspaces.drop(space);
  clearDeviceTraces();
  forgetAccount();
  await wipeTherapistData(space.therapistId).catch(() => undefined);
  announceChange({ entities: [] });
  void sendPendingSignOuts().catch(() => undefined);
}
