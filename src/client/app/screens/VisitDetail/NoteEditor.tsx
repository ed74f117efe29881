import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Visit } from '../../../../shared/domain';
import { messages } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { SaveStatus } from '../../components/SaveStatus';
import { useThrottledSave } from '../../use-throttled-save';

/** The therapist's own note on a visit, durable within about 300 ms of each keystroke. */
export function NoteEditor({ workspace, visit }: { workspace: Workspace; visit: Visit }) {
  const m = messages.value.note;
  const text = useSignal(visit.therapistNote);
  const area = useRef<HTMLTextAreaElement>(null);
  const saver = useThrottledSave((value: string) => workspace.write([{ entity: 'visit', id: visit.id, fields: { therapistNote: value } }]));

  // A newer note arrived from another device: show it, unless the therapist is mid-edit here.
  useEffect(() => {
    const editing = document.activeElement === area.current || saver.state.value.kind === 'failed';
    if (!editing) text.value = visit.therapistNote;
  }, [visit.therapistNote]);

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
        onInput={(event) => {
          text.value = event.currentTarget.value;
          saver.changed(text.value);
        }}
        onBlur={() => void saver.flush()}
        aria-describedby="note-help note-status"
      />
      <SaveStatus id="note-status" state={saver.state.value} />
    </section>
  );
}
