import { computed, effect, signal } from '@preact/signals';
import { announceChange } from '../data/changes';
import type { WipeReason } from '../../shared/api';
import { getMeta, openTherapistDb, type Db } from '../data/db';
import { wipeTherapistData } from '../data/wipe-data';
import { ensureDeviceId, tabClock } from '../data/device';
import { writeChanges, type Change, type WriteOptions } from '../data/local-write';
import { createClinicalRepo, type ClinicalRepo } from '../data/clinical-repo';
import { createSyncIssuesRepo, type SyncIssuesRepo } from '../data/sync-issues-repo';
import { createVisitsRepo, type VisitsRepo } from '../data/visits-repo';
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine';
import { account, forgetAccount } from './account';
import { refreshAppConfig } from './app-config';
import { clearDeviceTraces, noteWipe } from './device-traces';
import { rememberSignOut, sendPendingSignOuts } from './pending-sign-out';
import { workspaceCodec } from './device-codec';
import { commitHeldStep, flushLeftoverStep, releaseHeldStep, undoStep } from './held-step';

/** Everything that exists only while a therapist is signed in on this device. */
export interface Workspace {
  therapistId: string;
  db: Db;
  visits: VisitsRepo;
  clinical: ClinicalRepo;
  issues: SyncIssuesRepo;
  sync: SyncEngine;
  /** Commits changes on this device (record + outbox, one transaction); resolves with their HLC once durable. */
  write(changes: Change[], options?: WriteOptions): Promise<{ hlc: string }>;
  getWindow(): Promise<{ from: string; to: string } | null>;
}

export const workspace = signal<Workspace | null>(null);
export const workspaceError = signal<string | null>(null);
/** Another tab upgraded the database; this one must reload. */
export const reloadNeeded = signal(false);
export const storagePersisted = signal<boolean | null>(null);

export const syncState = computed(() => workspace.value?.sync.state.value ?? null);

async function openWorkspace(therapistId: string): Promise<Workspace> {
  const db = await openTherapistDb(therapistId, () => (reloadNeeded.value = true));
  const codec = await workspaceCodec();
  const deviceId = await ensureDeviceId(db);
  const clock = tabClock(deviceId);
  const space: Workspace = {
    therapistId,
    db,
    visits: createVisitsRepo(db, codec),
    clinical: createClinicalRepo(db, codec),
    issues: createSyncIssuesRepo(db, codec),
    sync: createSyncEngine({
      db,
      codec,
      deviceId,
      therapistId,
      // A step held for undo goes out with the rest before a remote wipe.
      beforeWipe: () => commitHeldStep(space),
      onWipe: (reason) => void wipeThisDevice(space, reason),
    }),
    // Any other edit means the therapist moved on: a status step held for undo is written first,
    // so that the server sees it before what follows it (a receipt needs the visit completed).
    write: async (changes, options) => {
      await commitHeldStep(space);
      return writeChanges(db, codec, clock, changes, options);
    },
    async getWindow() {
      return (await getMeta(db, 'window')) ?? null;
    },
  };
  return space;
}

function closeWorkspace(current: Workspace): void {
  releaseHeldStep();
  current.sync.stop();
  current.db.close();
}

/** Opens the signed-in therapist's database, and closes it when the account changes. */
export function startWorkspaces(): void {
  let current: Workspace | null = null;
  effect(() => {
    const therapistId = account.value?.therapistId ?? null;
    if (current && current.therapistId !== therapistId) {
      closeWorkspace(current);
      current = null;
      workspace.value = null;
    }
    if (!therapistId || current) return;
    openWorkspace(therapistId).then(
      (opened) => {
        if (account.value?.therapistId !== therapistId) return closeWorkspace(opened);
        current = opened;
        workspace.value = opened;
        workspaceError.value = null;
        void requestPersistence();
        // A status step held for undo when the app was closed is written now (held-step.ts).
        void flushLeftoverStep(opened);
        // The map and routing settings need a session; fetch them once signed in.
        void refreshAppConfig();
      },
      (error: unknown) => (workspaceError.value = error instanceof Error ? error.message : String(error)),
    );
  });
}

/** Ask the browser not to evict this device's data on its own (asked after sign-in). */
async function requestPersistence(): Promise<void> {
  if (!navigator.storage?.persist) return;
  storagePersisted.value = (await navigator.storage.persisted()) || (await navigator.storage.persist());
}

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
  const current = workspace.value;
  if (current && !options.discardWaiting) {
    // A step held for undo is a change like any other: written, it counts as waiting.
    await commitHeldStep(current);
    const waiting = await current.issues.waitingCount();
    if (waiting > 0) throw new ChangesWaitingError(waiting);
    const refused = (await current.issues.refusals()).length;
    if (refused > 0) throw new RefusalsUnreviewedError(refused);
  }
  rememberSignOut(account.value?.signOutToken);
  if (current) {
    undoStep(current); // discarded with the rest (after a commit above, nothing is held)
    closeWorkspace(current);
    workspace.value = null;
    await wipeTherapistData(current.therapistId);
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
async function wipeThisDevice(current: Workspace, reason: WipeReason): Promise<void> {
  if (account.value?.therapistId !== current.therapistId) return;
  rememberSignOut(account.value.signOutToken);
  noteWipe(reason);
  undoStep(current);
  closeWorkspace(current);
  workspace.value = null;
  clearDeviceTraces();
  forgetAccount();
  await wipeTherapistData(current.therapistId).catch(() => undefined);
  announceChange({ entities: [] });
  void sendPendingSignOuts().catch(() => undefined);
}
