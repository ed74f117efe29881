import { signal } from '@preact/signals';
import { ClockDriftError } from '../../shared/hlc';
import { announceChange, onDataChange } from '../data/changes';
import type { RecordCodec } from '../data/codec';
import { getMeta, type Db } from '../data/db';
import type { WipeReason } from '../../shared/api';
import { ApiRequestError, NetworkError } from './api-client';
import type { PushSummary } from './push';
import { BACKGROUND_SYNC_TAG_PREFIX, SYNC_LOCK_NAME } from './sync-names';

/**
 * The code that talks to the server loads after the day has painted from
 * IndexedDB: the first screen never needs it, and the service worker has it
 * precached. The push (sealed changes, re-stamping, refusals) loads only when
 * something waits to be sent, which most openings of the app do not have.
 */
const loadPull = () => import('./pull');
const loadPush = () => import('./push');
const NOTHING_SENT: PushSummary = { applied: 0, rejected: 0, entities: [] };

export type SyncProblem =
  | { kind: 'network' }
  | { kind: 'signed-out' }
  | { kind: 'update-app' }
  /** The device's clock is off: positive when it is ahead of the server's, in ms. */
  | { kind: 'clock'; deviceAheadMs: number }
  | { kind: 'server'; status: number; message: string }
  | { kind: 'storage'; message: string };

export interface SyncState {
  running: boolean;
  lastSyncedAt: string | null;
  problem: SyncProblem | null;
  /** Local changes committed on this device and not yet acknowledged by the server. */
  waiting: number;
  /** Changes the server refused, kept until the therapist has seen them. */
  refused: number;
}

const PERIOD_MS = 60_000;
const AFTER_WRITE_MS = 1_000;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** Delay before retry number `attempt` (1-based): doubling from 1 s to 5 min, with full jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempt - 1));
  return Math.max(BACKOFF_MIN_MS, Math.round(ceiling * random()));
}

function describe(error: unknown): SyncProblem {
  if (error instanceof NetworkError) return { kind: 'network' };
  // Pulled stamps too far ahead of this device's clock: the device is behind.
  if (error instanceof ClockDriftError) return { kind: 'clock', deviceAheadMs: -error.driftMs };
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return { kind: 'signed-out' };
    if (error.status === 426) return { kind: 'update-app' };
    if (error.code === 'clock_skew') return { kind: 'clock', deviceAheadMs: error.details.driftMs ?? 0 };
    return { kind: 'server', status: error.status, message: error.message };
  }
  return { kind: 'storage', message: error instanceof Error ? error.message : String(error) };
}

interface EngineDeps {
  db: Db;
  codec: RecordCodec;
  deviceId: string;
  therapistId: string;
  /** Remote wipe: called before the last push, to queue what is held outside the outbox (a step held for undo). */
  beforeWipe?: () => Promise<void>;
  /** Remote wipe: the outbox is empty and the server has said why; delete this device's data. */
  onWipe?: (reason: WipeReason) => void;
}

function wipeOrder(error: unknown): WipeReason | null {
  if (!(error instanceof ApiRequestError) || error.code !== 'wipe_device') return null;
  return error.details.wipe ?? 'signed_out_elsewhere';
}

/**
 * Decides when this device talks to the server: at start, about a second
 * after a local write, when the network returns, when the app becomes visible,
 * every minute while visible, and after failures with backoff. Each run pushes
 * the outbox, then pulls. Only one tab syncs at a time (Web Locks); the others
 * learn of new data through the change channel.
 */
export function createSyncEngine({ db, codec, deviceId, therapistId, beforeWipe, onWipe }: EngineDeps) {
  const state = signal<SyncState>({ running: false, lastSyncedAt: null, problem: null, waiting: 0, refused: 0 });
  const update = (patch: Partial<SyncState>) => (state.value = { ...state.value, ...patch });
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let soonTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function refreshCounts() {
    const [waiting, refused] = await Promise.all([db.count('outbox'), db.count('rejection')]);
    update({ waiting, refused });
    return waiting;
  }
  void getMeta(db, 'lastPulledAt').then((lastSyncedAt) => {
    if (lastSyncedAt && !state.value.lastSyncedAt) update({ lastSyncedAt });
  });
  void refreshCounts();

  /**
   * The server ordered a wipe: send what is left (a session marked to wipe may
   * still push), and wipe only once nothing waits. A push that fails leaves
   * everything in place; the order comes again at the next contact.
   */
  async function wipeOnceSent(reason: WipeReason): Promise<void> {
    await beforeWipe?.();
    await pushWaiting();
    if ((await db.count('outbox')) > 0) throw new Error('Changes were written during the last push before the wipe; sending them first.');
    stopped = true;
    onWipe?.(reason);
  }

  /** Sends the outbox, if anything waits in it (pushAll would find nothing, and send nothing, otherwise). */
  async function pushWaiting(): Promise<PushSummary> {
    if ((await db.count('outbox')) === 0) return NOTHING_SENT;
    const { pushAll } = await loadPush();
    return pushAll(db, codec, deviceId);
  }

  async function runOnce(): Promise<void> {
    update({ running: true });
    try {
      // Timings land in the Performance timeline (DevTools, and the sync benchmark).
      const pushStart = performance.now();
      const pushed = await pushWaiting();
      if (pushed.applied + pushed.rejected > 0) {
        performance.measure('tournee:push', { start: pushStart, detail: pushed.applied + pushed.rejected });
        announceChange({ entities: pushed.entities, outbox: 'drained' });
      }
      if (pushed.wipe) return await wipeOnceSent(pushed.wipe);
      const pullStart = performance.now();
      const { pullAll } = await loadPull();
      const pages = await pullAll(db, codec, undefined, (entities, more) => announceChange({ entities, more }));
      performance.measure('tournee:pull', { start: pullStart, detail: pages });
      // Edits made while this run was under way go out now rather than in a minute.
      const again = await pushWaiting();
      if (again.applied + again.rejected > 0) announceChange({ entities: again.entities, outbox: 'drained' });
      failures = 0;
      update({ running: false, lastSyncedAt: new Date().toISOString(), problem: null });
    } catch (caught) {
      let error = caught;
      const wipe = wipeOrder(error);
      if (wipe) error = await wipeOnceSent(wipe).catch((failure: unknown) => failure);
      if (stopped) return;
      const problem = describe(error);
      update({ running: false, problem });
      if (problem.kind === 'network') void askForBackgroundSync();
      // Signed out, outdated or a wrong clock: retrying cannot help until the therapist acts.
      if (problem.kind === 'network' || problem.kind === 'server' || problem.kind === 'storage') scheduleRetry();
    } finally {
      // A wipe has closed the database.
      if (!stopped) await refreshCounts();
    }
  }

  /** Where the browser has Background Sync (Chromium), the service worker sends the outbox even if the app is closed. */
  async function askForBackgroundSync() {
    if (state.value.waiting === 0 || !('serviceWorker' in navigator)) return;
    const registration = (await navigator.serviceWorker.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await registration?.sync?.register(BACKGROUND_SYNC_TAG_PREFIX + therapistId).catch(() => undefined);
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    failures += 1;
    retryTimer = setTimeout(() => void syncNow(), backoffDelay(failures));
  }

  let inFlight: Promise<void> | null = null;
  let queued = false;
  function syncNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    clearTimeout(retryTimer);
    if (inFlight) {
      // A run is under way; make sure one more follows it.
      queued = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        if (navigator.locks) {
          await navigator.locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (lock) => {
            if (lock) await runOnce();
          });
        } else {
          await runOnce();
        }
      } finally {
        inFlight = null;
        if (queued && !stopped) {
          queued = false;
          void syncNow();
        }
      }
    })();
    return inFlight;
  }

  const offChange = onDataChange((change) => {
    if (!change.outbox) return;
    void refreshCounts();
    if (change.outbox !== 'written') return;
    clearTimeout(soonTimer);
    soonTimer = setTimeout(() => void syncNow(), AFTER_WRITE_MS);
  });
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
    refreshCounts,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(soonTimer);
      clearInterval(period);
      offChange();
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
