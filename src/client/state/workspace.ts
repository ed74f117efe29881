import { computed, effect, signal } from '@preact/signals';
import { announceChange } from '../data/changes';
import type { WipeReason } from '../../shared/api';
import { getMeta, openTherapistDb, type Db } from '../data/db';
import { wipeTherapistData } from '../data/wipe-data';
import { tabClock } from '../data/device';
import { forgetSealingKeys } from '../data/seal-for-server';
import { writeChanges, type Change, type WriteOptions } from '../data/local-write';
import { createClinicalRepo, type ClinicalRepo } from '../data/clinical-repo';
import { createSyncIssuesRepo, type SyncIssuesRepo } from '../data/sync-issues-repo';
import { createVisitsRepo, type VisitsRepo } from '../data/visits-repo';
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine';
import { account, forgetAccount } from './account';
import { refreshAppConfig } from './app-config';
import { clearDeviceTraces, noteWipe } from './device-traces';
import { rememberSignOut, sendPendingSignOuts } from './pending-sign-out';
import { createAesCodec } from '../data/aes-codec';
import { keyFromPassword, keyFromPin, lockState, openLock, showLockFor, turnOnLock, watchForLock, type LockedDevice } from './device-lock';
import { plainCodec } from '../data/codec';
import { commitHeldStep, flushLeftoverStep, releaseHeldStep, undoStep } from './held-step';

/** Everything that exists only while a therapist is signed in on this device. */
export interface Workspace {
  therapistId: string;
  db: Db;
  deviceId: string;
  /** The lock is on: records are sealed under the device's data key, and the app locks itself. */
  sealed: boolean;
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

/** The signed-in therapist's records: sealed under the device's data key once the lock is on, plain before. */
function openWorkspace({ therapistId, db, deviceId }: LockedDevice, key: CryptoKey | null): Workspace {
  const codec = key ? createAesCodec(key) : plainCodec;
  const clock = tabClock(deviceId);
  const space: Workspace = {
    therapistId,
    db,
    deviceId,
    sealed: key !== null,
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

/** The open workspace; or the database whose key is not in memory (the lock screen shows). */
let current: Workspace | null = null;
let locked: LockedDevice | null = null;
let opening: string | null = null;
let stopWatching: (() => void) | null = null;

function closeWorkspace(space: Workspace): void {
  stopWatching?.();
  stopWatching = null;
  // The AES key shared with the server for the outbox opens what it sealed: it goes with the data key.
  forgetSealingKeys();
  releaseHeldStep();
  space.sync.stop();
  space.db.close();
}

/** Closes the workspace for good (sign-out, wipe): the next account opens its own. */
function dropWorkspace(space: Workspace): void {
  closeWorkspace(space);
  if (current === space) current = null;
  workspace.value = null;
}

function activate(opened: Workspace): void {
  current = opened;
  locked = null;
  workspace.value = opened;
  workspaceError.value = null;
  void requestPersistence();
  // A status step held for undo when the app was closed is written now (held-step.ts).
  void flushLeftoverStep(opened);
  // The map and routing settings need a session; fetch them once signed in.
  void refreshAppConfig();
  // Only a device whose records are sealed locks: plain records would stay readable anyway.
  if (opened.sealed) stopWatching = watchForLock(() => void lockWorkspace());
}

async function openDevice(therapistId: string): Promise<void> {
  opening = therapistId;
  try {
    const db = await openTherapistDb(therapistId, () => (reloadNeeded.value = true));
    const { deviceId, sealed } = await openLock({ therapistId, db });
    if (account.value?.therapistId !== therapistId) {
      lockState.value = null;
      return db.close();
    }
    const device = { therapistId, db, deviceId };
    if (sealed) locked = device;
    else activate(openWorkspace(device, null));
  } catch (error) {
    workspaceError.value = error instanceof Error ? error.message : String(error);
  } finally {
    opening = null;
  }
}

/** Opens the signed-in therapist's database (unlocked, or behind the lock screen), and closes it when the account changes. */
export function startWorkspaces(): void {
  effect(() => {
    const therapistId = account.value?.therapistId ?? null;
    if (current && current.therapistId !== therapistId) {
      closeWorkspace(current);
      current = null;
      workspace.value = null;
    }
    if (locked && locked.therapistId !== therapistId) {
      locked.db.close();
      locked = null;
      lockState.value = null;
    }
    if (!therapistId || current || locked || opening === therapistId) return;
    void openDevice(therapistId);
  });
}

/**
 * From the lock screen: the PIN, or the password and a new PIN. Throws what
 * the lock screen explains (WrongPinError, PinLockedOutError, a refused or
 * unreachable password); nothing is lost either way.
 */
export async function unlock(how: { pin: string } | { password: string; newPin: string }): Promise<void> {
  const device = locked;
  if (!device) return;
  const key = 'pin' in how ? await keyFromPin(device, how.pin) : await keyFromPassword(device, how.password, how.newPin);
  if (locked !== device) return;
  activate(openWorkspace(device, key));
}

/**
 * Turns the lock on (Settings): from now on this phone's records are sealed
 * under a data key opened by the PIN, or the password. The records held
 * plain are pulled again, sealed (device-lock.ts turnOnLock).
 */
export async function turnLockOn(password: string, pin: string): Promise<void> {
  const opened = current;
  if (!opened) return;
  const key = await turnOnLock(opened, password, pin);
  if (current !== opened) return;
  closeWorkspace(opened);
  current = null;
  workspace.value = null;
  const db = await openTherapistDb(opened.therapistId, () => (reloadNeeded.value = true));
  activate(openWorkspace({ therapistId: opened.therapistId, db, deviceId: opened.deviceId }, key));
  announceChange({ entities: [] });
}

/** From "forgot your PIN?": back to the PIN, with the attempts left. */
export function backToPin(): void {
  if (locked) void showLockFor(locked);
}

/**
 * Locks now (Settings) or by itself (hidden or untouched too long): a step
 * held for undo is written first, and writes in flight finish (the database
 * stays open for the lock screen); then the key leaves memory with the
 * workspace. The service worker still sends the outbox, sealed to the server.
 */
export async function lockWorkspace(): Promise<void> {
  const opened = current;
  if (!opened) return;
  await commitHeldStep(opened).catch(() => undefined);
  if (current !== opened) return;
  stopWatching?.();
  stopWatching = null;
  forgetSealingKeys();
  releaseHeldStep();
  opened.sync.stop();
  current = null;
  workspace.value = null;
  locked = { therapistId: opened.therapistId, db: opened.db, deviceId: opened.deviceId };
  await showLockFor(locked);
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
    dropWorkspace(space);
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
async function wipeThisDevice(space: Workspace, reason: WipeReason): Promise<void> {
  if (account.value?.therapistId !== space.therapistId) return;
  rememberSignOut(account.value.signOutToken);
  noteWipe(reason);
  undoStep(space);
  dropWorkspace(space);
  clearDeviceTraces();
  forgetAccount();
  await wipeTherapistData(space.therapistId).catch(() => undefined);
  announceChange({ entities: [] });
  void sendPendingSignOuts().catch(() => undefined);
}
