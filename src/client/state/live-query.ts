import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { EntityName } from '../../shared/protocol';
import { onDataChange } from '../data/changes';

export interface LiveQuery<T> {
  data: ReadonlySignal<T | undefined>;
  error: ReadonlySignal<unknown>;
  dispose(): void;
}

/**
 * Runs `load` now, again whenever a signal it reads changes, and again whenever
 * a write is announced on the change channel (only writes to `entities`,
 * when given). `load` must read its signals
 * before its first await: only those reads are tracked. An older run that
 * finishes late never overwrites a newer one.
 */
export function liveQuery<T>(
  load: () => Promise<T>,
  options: { entities?: readonly EntityName[]; /** Also when a push settles (refusals are written then). */ onPush?: boolean } = {},
): LiveQuery<T> {
  const data = signal<T | undefined>(undefined);
  const error = signal<unknown>(null);
  const changes = signal(0);
  // A query that names what it reads ignores other writes: typing a session note must not
  // make the day's list re-read every visit at each keystroke.
  const unsubscribe = onDataChange((change) => {
    const named = change.entities.length === 0 || !options.entities || change.entities.some((entity) => options.entities!.includes(entity));
    if (!named && !(options.onPush && change.outbox === 'drained')) return;
    changes.value++;
  });
  let latest = 0;
  const stop = effect(() => {
    void changes.value;
    const run = ++latest;
    load().then(
      (value) => {
        if (run !== latest) return;
        data.value = value;
        error.value = null;
      },
      (failure: unknown) => {
        if (run === latest) error.value = failure;
      },
    );
  });
  return {
    data,
    error,
    dispose() {
      stop();
      unsubscribe();
    },
  };
}
