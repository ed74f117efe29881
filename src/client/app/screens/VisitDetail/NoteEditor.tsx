import { useRef } from 'preact/hooks';
import type { Visit } from '../../../../shared/domain';
import { HLC_ZERO } from '../../../../shared/hlc';
import { messages } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { DictationButton } from '../../components/DictationButton';
import { FieldConflicts } from '../../components/FieldConflicts';
import { SaveStatus } from '../../components/SaveStatus';
import { useEditedText } from '../../use-edited-text';

/** The therapist's own note on a visit: durable at each keystroke, and never silently overwritten by a stale screen. */
export function NoteEditor({ workspace, visit, clocks }: { workspace: Workspace; visit: Visit; clocks: Record<string, string> }) {
  const m = messages.value.note;
  const hlc = clocks.therapistNote ?? HLC_ZERO;
  const field = useRef<HTMLTextAreaElement>(null);
  const note = useEditedText({
    value: visit.therapistNote,
    hlc,
    save: (text, base) => workspace.write([{ entity: 'visit', id: visit.id, fields: { therapistNote: text }, base: { therapistNote: base } }]),
  });

  return (
    <section class="card" aria-labelledby="note-title">
      <h2 id="note-title">
        <label for="therapist-note">{m.label}</label>
      </h2>
      <p class="muted" id="note-help">
        {m.help}
      </p>
      <FieldConflicts workspace={workspace} entity="visit" recordId={visit.id} field="therapistNote" current={visit.therapistNote} currentHlc={hlc} />
      <textarea
        id="therapist-note"
        ref={field}
        class="note"
        rows={5}
        value={note.text.value}
        onInput={note.onInput}
        onFocus={note.onFocus}
        onBlur={note.onBlur}
        aria-describedby="note-help note-status"
      />
      <DictationButton field={field} label={m.label} />
      <SaveStatus id="note-status" state={note.state.value} />
    </section>
  );
}
