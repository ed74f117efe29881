import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; detail: string };

/**
 * Typing → durable, for one field: `changed(value)` on each keystroke. A save
 * starts at once if none is running; while one runs, only the newest value
 * waits, and it starts the moment the running one commits. At most one save
 * in flight and one pending, with no fixed delay: a keystroke is on disk
 * after at most two commits. "Saved" shows only after the commit; a failed
 * save keeps the value pending (the text stays on screen) and the next
 * keystroke, blur or page hide retries.
 *
 * Each keystroke and each commit are marked in the Performance timeline with
 * the keystroke's sequence number (`detail`), so the keystroke benchmark
 * matches every keystroke to the first commit that contains it.
 */
export function useAutosave<T>(save: (value: T) => Promise<unknown>): {
  state: Signal<SaveState>;
  changed(value: T): void;
  flush(): Promise<void>;
  /** True while a value is saving or waiting to be saved. */
  busy(): boolean;
} {
  const state = useSignal<SaveState>({ kind: 'idle' });
  const pending = useRef<{ value: T; seq: number } | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const seq = useRef(0);
  const saveRef = useRef(save);
  saveRef.current = save;

  function pump(): Promise<void> {
    if (running.current) return running.current;
    const next = pending.current;
    if (!next) return Promise.resolve();
    pending.current = null;
    state.value = { kind: 'saving' };
    running.current = saveRef.current(next.value).then(
      () => {
        performance.mark('tournee:durable', { detail: next.seq });
        running.current = null;
        if (pending.current) return pump();
        state.value = { kind: 'saved' };
      },
      (error: unknown) => {
        running.current = null;
        // Keep the newest text waiting; what failed is older than it, or it.
        pending.current ??= next;
        state.value = { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
      },
    );
    return running.current;
  }

  async function flush(): Promise<void> {
    while (running.current || pending.current) {
      const before = pending.current;
      await pump();
      // A failed save leaves the same value pending: stop rather than spin.
      if (state.value.kind === 'failed' && pending.current === before) return;
    }
  }

  useEffect(() => {
    const onHidden = () => document.visibilityState === 'hidden' && void flush();
    const onPageHide = () => void flush();
    addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onHidden);
      void flush();
    };
  }, []);

  return {
    state,
    changed(value: T) {
      seq.current += 1;
      performance.mark('tournee:keystroke', { detail: seq.current });
      pending.current = { value, seq: seq.current };
      void pump();
    },
    flush,
    busy: () => running.current !== null || pending.current !== null,
  };
}
