import { computed, effect, signal } from '@preact/signals';
import { plainCodec } from '../data/codec';
import { deleteTherapistDb, getMeta, openTherapistDb, type Db } from '../data/db';
import { createVisitsRepo, type VisitsRepo } from '../data/visits-repo';
import { postJson } from '../sync/api-client';
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine';
import { account, forgetAccount } from './account';
import * as v from 'valibot';

/** Everything that exists only while a therapist is signed in on this device. */
export interface Workspace {
  therapistId: string;
  db: Db;
  visits: VisitsRepo;
  sync: SyncEngine;
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
  const codec = plainCodec;
  return {
    therapistId,
    db,
    visits: createVisitsRepo(db, codec),
    sync: createSyncEngine({ db, codec }),
    async getWindow() {
      return (await getMeta(db, 'window')) ?? null;
    },
  };
}

function closeWorkspace(current: Workspace): void {
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

/**
 * Signs out: ends the server session, then removes this therapist's data from
 * the device. If the network is down the local data is removed all the same;
 * the server session then ends on its own when it expires.
 */
export async function signOut(): Promise<void> {
  const current = workspace.value;
  await postJson('/api/auth/logout', {}, v.unknown()).catch(() => undefined);
  if (current) {
    closeWorkspace(current);
    workspace.value = null;
    await deleteTherapistDb(current.therapistId);
  }
  forgetAccount();
}
