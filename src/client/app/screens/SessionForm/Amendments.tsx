import { FormFeedback, type Feedback } from '../../components/FormFeedback';
import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { format } from 'date-fns';
import type { SessionRecord } from '../../../../shared/domain';
import { uuidv7 } from '../../../../shared/ids';
import { locale, messages } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { DictationButton } from '../../components/DictationButton';
import { useLiveQuery } from '../../use-live-query';

/** Corrections to a signed record: dated, with a reason, appended in order, never edited. */
export function Amendments({ workspace, record }: { workspace: Workspace; record: SessionRecord }) {
  const m = clinicalCatalogs[locale.value];
  const amendments = useLiveQuery(() => workspace.clinical.amendmentsOf(record.id), [workspace, record.id]).data.value ?? [];
  const reason = useSignal('');
  const text = useSignal('');
  const textField = useRef<HTMLTextAreaElement>(null);
  const feedback = useSignal<Feedback | null>(null);

  async function add(event: Event) {
    event.preventDefault();
    if (!reason.value.trim() || !text.value.trim()) {
      feedback.value = { ok: false, text: m.amendmentNeedsBoth };
      return;
    }
    try {
      const id = uuidv7();
      await workspace.write([
        {
          entity: 'amendment',
          id,
          op: 'create',
          fields: { id, recordId: record.id, clientId: record.clientId, therapistId: workspace.therapistId, createdAt: new Date().toISOString(), reason: reason.value.trim(), text: text.value.trim() },
        },
      ]);
      reason.value = '';
      text.value = '';
      feedback.value = { ok: true, text: messages.value.note.saved };
    } catch (failure) {
      // What was typed stays in the form.
      feedback.value = { ok: false, text: messages.value.note.failed(failure instanceof Error ? failure.message : String(failure)) };
    }
  }

  return (
    <section class="card" aria-labelledby="amendments-title">
      <h2 id="amendments-title">{m.amendments}</h2>
      {amendments.length > 0 && (
        <ol class="amendments">
          {amendments.map((amendment) => (
            <li key={amendment.id}>
              <p class="muted">{m.amendmentBy(format(new Date(amendment.createdAt), 'yyyy-MM-dd HH:mm'), amendment.reason)}</p>
              <p class="prose">{amendment.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form class="form" onSubmit={(event) => void add(event)}>
        <label class="field">
          <span>{m.amendmentReason}</span>
          <input type="text" value={reason.value} onInput={(event) => (reason.value = event.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{m.amendmentText}</span>
          <textarea ref={textField} class="note" rows={3} value={text.value} onInput={(event) => (text.value = event.currentTarget.value)} />
        </label>
        <DictationButton field={textField} label={m.amendmentText} />
        <button type="submit" class="button button--primary">
          {m.addAmendment}
        </button>
        <FormFeedback feedback={feedback.value} />
      </form>
    </section>
  );
}
