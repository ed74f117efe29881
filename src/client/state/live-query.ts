import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { onDataChange } from '../data/changes';

export interface LiveQuery<T> {
  data: ReadonlySignal<T | undefined>;
  error: ReadonlySignal<unknown>;
  dispose(): void;
}

/**
 * Runs `load` now, again whenever a signal it reads changes, and again whenever
 * a write is announced on the change channel. `load` must read its signals
 * before its first await: only those reads are tracked. An older run that
 * finishes late never overwrites a newer one.
 */
export function liveQuery<T>(load: () => Promise<T>): LiveQuery<T> {
  const data = signal<T | undefined>(undefined);
  const error = signal<unknown>(null);
  const changes = signal(0);
  const unsubscribe = onDataChange(() => changes.value++);
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
