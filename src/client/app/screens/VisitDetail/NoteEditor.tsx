import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Visit } from '../../../../shared/domain';
import { messages } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';

/** Saves at most this often while typing, so any keystroke is durable within about 300 ms. */
const SAVE_EVERY_MS = 250;

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; detail: string };

/**
 * The therapist's own note on a visit. Every pause and every 250 ms of typing
 * commits to IndexedDB (with its outbox entry); "saved on this device" appears
 * only after the commit. A failed save keeps the text on screen and says why.
 */
export function NoteEditor({ workspace, visit }: { workspace: Workspace; visit: Visit }) {
  const m = messages.value.note;
  const text = useSignal(visit.therapistNote);
  const state = useSignal<SaveState>({ kind: 'idle' });
  const area = useRef<HTMLTextAreaElement>(null);
  const unsaved = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saving = useRef<Promise<void> | null>(null);

  // A newer note arrived from another device: show it, unless the therapist is mid-edit here.
  useEffect(() => {
    if (!unsaved.current && document.activeElement !== area.current) text.value = visit.therapistNote;
  }, [visit.therapistNote]);

  async function save(): Promise<void> {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (saving.current) await saving.current;
    if (!unsaved.current) return;
    const value = text.value;
    unsaved.current = false;
    state.value = { kind: 'saving' };
    saving.current = workspace
      .write([{ entity: 'visit', id: visit.id, fields: { therapistNote: value } }])
      .then(
        () => {
          state.value = { kind: 'saved' };
        },
        (error: unknown) => {
          unsaved.current = true;
          state.value = { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
        },
      )
      .finally(() => (saving.current = null));
    await saving.current;
  }

  function onInput(event: Event) {
    text.value = (event.currentTarget as HTMLTextAreaElement).value;
    unsaved.current = true;
    timer.current ??= setTimeout(() => void save(), SAVE_EVERY_MS);
  }

  // Leaving the screen or hiding the app flushes what is typed.
  useEffect(() => {
    const flush = () => void save();
    const onHidden = () => document.visibilityState === 'hidden' && flush();
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, [visit.id]);

  const status = state.value;
  return (
    <section class="card" aria-labelledby="note-title">
      <h2 id="note-title">
        <label for="therapist-note">{m.label}</label>
      </h2>
      <p class="muted" id="note-help">
        {m.help}
      </p>
      <textarea
        id="therapist-note"
        ref={area}
        class="note"
        rows={5}
        value={text.value}
        onInput={onInput}
        onBlur={() => void save()}
        aria-describedby="note-help note-status"
      />
      <p id="note-status" class={status.kind === 'failed' ? 'form__error' : 'muted'} role={status.kind === 'failed' ? 'alert' : 'status'}>
        {status.kind === 'saving' && m.saving}
        {status.kind === 'saved' && m.saved}
        {status.kind === 'failed' && m.failed(status.detail)}
      </p>
    </section>
  );
}
