import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

/** Saves at most this often while typing: with the commit (tens of ms), any keystroke is durable within 300 ms. */
export const SAVE_EVERY_MS = 200;

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; detail: string };

/**
 * Typing → durable, for one field: `changed(value)` on each keystroke; the
 * newest value is committed at most every 200 ms, on blur, and when the page
 * is hidden or closed. "Saved" only after the commit; a failed save keeps the
 * value pending (the text stays on screen) and the next keystroke retries.
 */
export function useThrottledSave<T>(save: (value: T) => Promise<void>): {
  state: Signal<SaveState>;
  changed(value: T): void;
  flush(): Promise<void>;
} {
  const state = useSignal<SaveState>({ kind: 'idle' });
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const running = useRef<Promise<void> | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;

  async function flush(): Promise<void> {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (running.current) await running.current;
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    state.value = { kind: 'saving' };
    running.current = saveRef.current(next.value).then(
      () => {
        // For DevTools and the keystroke benchmark: when typed text became durable.
        performance.mark('tournee:durable');
        state.value = { kind: 'saved' };
      },
      (error: unknown) => {
        pending.current ??= next;
        state.value = { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
      },
    );
    try {
      await running.current;
    } finally {
      running.current = null;
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
      performance.mark('tournee:keystroke');
      pending.current = { value };
      timer.current ??= setTimeout(() => void flush(), SAVE_EVERY_MS);
    },
    flush,
  };
}
