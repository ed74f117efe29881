import { computed, effect, signal } from '@preact/signals';
import { getMeta, openTherapistDb, type Db } from '../data/db';
import { ensureDeviceId, tabClock } from '../data/device';
import type { Change, WriteOptions } from '../data/local-write';
import { createClinicalRepo, type ClinicalRepo } from '../data/clinical-repo';
import { createSyncIssuesRepo, type SyncIssuesRepo } from '../data/sync-issues-repo';
import { createVisitsRepo, type VisitsRepo } from '../data/visits-repo';
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine';
import { account } from './account';
import { refreshAppConfig } from './app-config';
import { plainCodec, type RecordCodec } from '../data/codec';
import type { LockedDevice } from './device-lock';
import { lockState } from './lock-state';
import { commitHeldStep, flushLeftoverStep, releaseHeldStep } from './held-step';

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

/**
 * The lock (the keyring, Argon2id, the auto-lock, the AES codec) loads only
 * on a device whose lock is on, or when it is turned on: the day view of a
 * phone without it does not carry it (precached, so offline too).
 */
const deviceLock = () => import('./device-lock');

/** The write path (local-write.ts, and the sealing to the server), loaded with the first write, for the same reason. */
let writePath: Promise<typeof import('../data/local-write')> | null = null;
const loadWritePath = () => (writePath ??= import('../data/local-write'));

/** The AES key shared with the server for the outbox opens what it sealed: it goes with the data key. */
function forgetSealingKeys(): void {
  if (writePath) void writePath.then((module) => module.forgetSealingKeys());
}

/** The signed-in therapist's records: sealed under the device's data key once the lock is on, plain before. */
function openWorkspace({ therapistId, db, deviceId }: LockedDevice, codec: RecordCodec): Workspace {
  const clock = tabClock(deviceId);
  const space: Workspace = {
    therapistId,
    db,
    deviceId,
    sealed: codec !== plainCodec,
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
      onWipe: (reason) => void import('./leaving').then(({ wipeThisDevice }) => wipeThisDevice(space, reason)),
    }),
    // Any other edit means the therapist moved on: a status step held for undo is written first,
    // so that the server sees it before what follows it (a receipt needs the visit completed).
    write: async (changes, options) => {
      await commitHeldStep(space);
      const { writeChanges } = await loadWritePath();
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
  if (opened.sealed) {
    void deviceLock().then(({ watchForLock }) => {
      if (current === opened && !stopWatching) stopWatching = watchForLock(() => void import('./lock-paths').then(({ lockWorkspace }) => lockWorkspace()));
    });
  }
}

async function openDevice(therapistId: string): Promise<void> {
  opening = therapistId;
  try {
    const db = await openTherapistDb(therapistId, () => (reloadNeeded.value = true));
    const deviceId = await ensureDeviceId(db);
    // A keyring means the lock is on: the lock screen asks for the PIN (or the password).
    const sealed = (await getMeta(db, 'keyring')) !== undefined;
    const device = { therapistId, db, deviceId };
    if (sealed) await (await deviceLock()).showLockFor(device);
    if (account.value?.therapistId !== therapistId) {
      lockState.value = null;
      return db.close();
    }
    if (sealed) locked = device;
    else activate(openWorkspace(device, plainCodec));
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

/** Ask the browser not to evict this device's data on its own (asked after sign-in). */
async function requestPersistence(): Promise<void> {
  if (!navigator.storage?.persist) return;
  storagePersisted.value = (await navigator.storage.persisted()) || (await navigator.storage.persist());
}

/**
 * For the paths loaded only when used (lock-paths.ts: unlocking, locking,
 * turning the lock on; leaving.ts: sign-out and remote wipe), which keep
 * the day view light: this module's state, changed only through these.
 */
export const workspaces = {
  current: (): Workspace | null => current,
  locked: (): LockedDevice | null => locked,
  /** Opens `device`'s records with `codec`: the workspace every screen uses. */
  open(device: LockedDevice, codec: RecordCodec): void {
    activate(openWorkspace(device, codec));
  },
  /** Closes the workspace for good (sign-out, a wipe, or to open it again sealed). */
  drop: dropWorkspace,
  /** The key leaves memory with the workspace; the database stays open, for the lock screen. */
  lockOut(space: Workspace): LockedDevice {
    stopWatching?.();
    stopWatching = null;
    forgetSealingKeys();
    releaseHeldStep();
    space.sync.stop();
    if (current === space) current = null;
    workspace.value = null;
    locked = { therapistId: space.therapistId, db: space.db, deviceId: space.deviceId };
    return locked;
  },
  openDb: (therapistId: string) => openTherapistDb(therapistId, () => (reloadNeeded.value = true)),
};
