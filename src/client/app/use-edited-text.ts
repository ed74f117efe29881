import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useAutosave, type SaveState } from './use-autosave';

/**
 * One free-text field on screen while other devices, other tabs and pulls may
 * change it underneath. It remembers the HLC of the value the therapist is
 * editing from (DESIGN, "Base comes from the screen"):
 * - a newer value that arrives while the field is not being edited is shown,
 *   and edits then start from it;
 * - one that arrives mid-edit (focused, or a save under way) leaves the typed
 *   text alone; the next save carries the old base, so the server sees two
 *   concurrent edits and keeps both texts (a conflict shown at the field);
 * - after each of its own saves, edits start from the stamp just written.
 * When the field is left, a newer stored value that was held back is shown.
 */
export function useEditedText(props: {
  value: string;
  /** The HLC of `value` as stored on this device. */
  hlc: string;
  save(text: string, base: string): Promise<{ hlc: string }>;
}): {
  text: Signal<string>;
  state: Signal<SaveState>;
  onInput(event: Event): void;
  onFocus(): void;
  onBlur(): void;
  /** Waits until what is typed is durable. */
  flush(): Promise<void>;
  /** The HLC of the value on screen (what a signature covers). */
  seen(): string;
} {
  const text = useSignal(props.value);
  const seen = useRef(props.hlc);
  const focused = useRef(false);
  const latest = useRef(props);
  latest.current = props;
  const saver = useAutosave(async (value: string) => {
    const { hlc } = await latest.current.save(value, seen.current);
    seen.current = hlc;
  });

  function adoptStored(force: boolean) {
    const { value, hlc } = latest.current;
    if (hlc === seen.current) return;
    if (value === text.value || (force && !saver.busy())) {
      text.value = value;
      seen.current = hlc;
    }
  }

  useEffect(() => adoptStored(!focused.current), [props.value, props.hlc]);

  return {
    text,
    state: saver.state,
    onInput(event: Event) {
      text.value = (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
      saver.changed(text.value);
    },
    onFocus() {
      focused.current = true;
    },
    onBlur() {
      focused.current = false;
      void saver.flush().then(() => {
        if (!focused.current && saver.state.value.kind !== 'failed') adoptStored(true);
      });
    },
    flush: () => saver.flush(),
    seen: () => seen.current,
  };
}
