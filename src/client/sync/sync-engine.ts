import { signal } from '@preact/signals';
import { announceChange } from '../data/changes';
import type { RecordCodec } from '../data/codec';
import type { Db } from '../data/db';
import { getMeta } from '../data/db';
import { ApiRequestError, NetworkError } from './api-client';
import { pullAll } from './pull';

export type SyncProblem =
  | { kind: 'network' }
  | { kind: 'signed-out' }
  | { kind: 'update-app' }
  | { kind: 'server'; status: number; message: string }
  | { kind: 'storage'; message: string };

export interface SyncState {
  running: boolean;
  lastSyncedAt: string | null;
  problem: SyncProblem | null;
}

const PERIOD_MS = 60_000;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const LOCK_NAME = 'tournee-sync';

/** Delay before retry number `attempt` (1-based): doubling from 1 s to 5 min, with full jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempt - 1));
  return Math.max(BACKOFF_MIN_MS, Math.round(ceiling * random()));
}

function describe(error: unknown): SyncProblem {
  if (error instanceof NetworkError) return { kind: 'network' };
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return { kind: 'signed-out' };
    if (error.status === 426) return { kind: 'update-app' };
    return { kind: 'server', status: error.status, message: error.message };
  }
  return { kind: 'storage', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Decides when this device talks to the server: at start, when the network
 * returns, when the app becomes visible, every minute while visible, and after
 * failures with backoff. Only one tab syncs at a time (Web Locks); the others
 * learn of new data through the change channel.
 */
export function createSyncEngine({ db, codec }: { db: Db; codec: RecordCodec }) {
  const state = signal<SyncState>({ running: false, lastSyncedAt: null, problem: null });
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  void getMeta(db, 'lastPulledAt').then((lastSyncedAt) => {
    if (lastSyncedAt && !state.value.lastSyncedAt) state.value = { ...state.value, lastSyncedAt };
  });

  async function runOnce(): Promise<void> {
    state.value = { ...state.value, running: true };
    try {
      await pullAll(db, codec, (entities) => announceChange({ entities }));
      failures = 0;
      state.value = { running: false, lastSyncedAt: new Date().toISOString(), problem: null };
    } catch (error) {
      const problem = describe(error);
      state.value = { ...state.value, running: false, problem };
      // Signed out or outdated: retrying cannot help until the therapist acts.
      if (problem.kind !== 'signed-out' && problem.kind !== 'update-app') scheduleRetry();
    }
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    failures += 1;
    retryTimer = setTimeout(() => void syncNow(), backoffDelay(failures));
  }

  let inFlight: Promise<void> | null = null;
  function syncNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    clearTimeout(retryTimer);
    inFlight ??= (async () => {
      try {
        if (navigator.locks) {
          await navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
            if (lock) await runOnce();
          });
        } else {
          await runOnce();
        }
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  const onOnline = () => void syncNow();
  const onVisible = () => {
    if (document.visibilityState === 'visible') void syncNow();
  };
  const period = setInterval(() => {
    if (document.visibilityState === 'visible') void syncNow();
  }, PERIOD_MS);
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  void syncNow();

  return {
    state,
    syncNow,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(period);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
