import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { EntityName } from '../../shared/protocol';
import { onDataChange, type DataChange } from '../data/changes';

export interface LiveQuery<T> {
  data: ReadonlySignal<T | undefined>;
  error: ReadonlySignal<unknown>;
  dispose(): void;
}

/**
 * How long a screen that already shows data may wait for the rest of a pull
 * before showing the pages that have landed. Each re-read is a read
 * transaction that the next page's write queues behind (IndexedDB runs
 * overlapping transactions in order), so re-reading at every page of a first
 * pull made it a third slower; a slow pull still refreshes every second.
 */
export const PULL_REFRESH_MS = 1000;

/**
 * Runs `load` now, again whenever a signal it reads changes, and again whenever
 * a write is announced on the change channel (only writes to `entities`,
 * when given). `load` must read its signals before its first await: only
 * those reads are tracked.
 *
 * At most one run is in flight and one waits: changes that arrive during a
 * run are read by one more run after it, however many they were. A pull page
 * with more to come waits up to PULL_REFRESH_MS (or for the pull's last page)
 * once the query has data to show.
 */
export function liveQuery<T>(
  load: () => Promise<T>,
  options: { entities?: readonly EntityName[]; /** Also when a push settles (refusals are written then). */ onPush?: boolean } = {},
): LiveQuery<T> {
  const data = signal<T | undefined>(undefined);
  const error = signal<unknown>(null);
  const changes = signal(0);
  let inFlight = false;
  let pending = false;
  let disposed = false;
  let pullTimer: ReturnType<typeof setTimeout> | undefined;

  const rerun = () => {
    clearTimeout(pullTimer);
    pullTimer = undefined;
    if (!disposed) changes.value++;
  };
  // A query that names what it reads ignores other writes: typing a session note must not
  // make the day's list re-read every visit at each keystroke.
  const unsubscribe = onDataChange((change: DataChange) => {
    const named = change.entities.length === 0 || !options.entities || change.entities.some((entity) => options.entities!.includes(entity));
    if (!named && !(options.onPush && change.outbox === 'drained')) return;
    if (change.more && data.peek() !== undefined) {
      pullTimer ??= setTimeout(rerun, PULL_REFRESH_MS);
      return;
    }
    rerun();
  });

  const stop = effect(() => {
    void changes.value;
    if (inFlight) {
      pending = true;
      return;
    }
    inFlight = true;
    // Called inside the effect, so the signals `load` reads before its first await are tracked.
    load()
      .then(
        (value) => {
          data.value = value;
          error.value = null;
        },
        (failure: unknown) => {
          error.value = failure;
        },
      )
      .finally(() => {
        inFlight = false;
        if (pending) {
          pending = false;
          rerun();
        }
      });
  });
  return {
    data,
    error,
    dispose() {
      disposed = true;
      clearTimeout(pullTimer);
      stop();
      unsubscribe();
    },
  };
}
