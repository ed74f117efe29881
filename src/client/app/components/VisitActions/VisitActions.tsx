import { FormFeedback, type Feedback } from '../FormFeedback';
import { useSignal } from '@preact/signals';
import type { Visit, VisitStatus } from '../../../../shared/domain';
import { calendarDateIn } from '../../../../shared/calendar';
import { canHappenBy, nextStep } from '../../../../shared/visit-status';
import { messages } from '../../../state/locale';
import { canUndo, heldStep, takeStep, undoStep, UNDO_WINDOW_MS } from '../../../state/held-step';
import type { Workspace } from '../../../state/workspace';

type Ending = 'cancelled' | 'no_show';

/**
 * The one big button that moves a visit along, and the two ways a visit ends
 * early. `visit` is as shown (withHeldStep): the last step is held on the
 * device for two minutes and can be undone (state/held-step.ts says why).
 * Ending the session asks first.
 */
export function VisitActions({ workspace, visit, compact = false }: { workspace: Workspace; visit: Visit; compact?: boolean }) {
  const m = messages.value.workflow;
  const ending = useSignal<Ending | null>(null);
  const confirmingEnd = useSignal(false);
  const reason = useSignal('');
  const feedback = useSignal<Feedback | null>(null);
  const next = nextStep(visit.status);
  // The server refuses "arrived" and the steps after it before the visit's day; say so instead of offering them.
  const today = calendarDateIn(new Date());
  const notYet = next !== null && !canHappenBy(next, visit.date, today);

  async function move(to: VisitStatus, why = '') {
    try {
      await takeStep(workspace, visit, to, why);
      feedback.value = null;
      ending.value = null;
      confirmingEnd.value = false;
      reason.value = '';
    } catch (error) {
      feedback.value = { ok: false, text: m.failed(error instanceof Error ? error.message : String(error)) };
    }
  }

  const held = heldStep.value;
  const undoable = held?.visitId === visit.id && held.to === visit.status && canUndo(held, Date.now()) ? held : null;

  return (
    <div class={compact ? 'visit-actions visit-actions--compact' : 'visit-actions'}>
      {undoable && (
        <div class="undo-bar" role="status">
          <button
            type="button"
            class="button"
            onClick={() => {
              undoStep(workspace);
              feedback.value = { ok: true, text: m.undone };
            }}
          >
            {m.undo(m.step[undoable.to as keyof typeof m.step] ?? messages.value.statuses[undoable.to])}
          </button>
          {!compact && <span class="muted">{m.undoHint(UNDO_WINDOW_MS / 60_000)}</span>}
        </div>
      )}
      {next && ending.value === null && !notYet && !confirmingEnd.value && (
        <button
          type="button"
          class="button button--primary button--big"
          onClick={() => {
            if (next === 'completed') confirmingEnd.value = true;
            else void move(next);
          }}
        >
          {m.step[next as keyof typeof m.step]}
        </button>
      )}
      {confirmingEnd.value && (
        <div class="confirm-end" role="alertdialog" aria-labelledby={`confirm-end-${visit.id}`}>
          <p id={`confirm-end-${visit.id}`}>{m.confirmEnd}</p>
          <div class="actions">
            <button type="button" class="button button--primary" onClick={() => void move('completed')}>
              {m.confirmEndYes}
            </button>
            <button type="button" class="button" onClick={() => (confirmingEnd.value = false)}>
              {m.confirmEndNo}
            </button>
          </div>
        </div>
      )}
      {notYet && ending.value === null && <p class="muted">{m.notYet}</p>}
      {!compact && next && ending.value === null && !confirmingEnd.value && (
        <div class="actions">
          <button type="button" class="button" onClick={() => (ending.value = 'cancelled')}>
            {m.cancel}
          </button>
          {canHappenBy('no_show', visit.date, today) && (
            <button type="button" class="button" onClick={() => (ending.value = 'no_show')}>
              {m.noShow}
            </button>
          )}
        </div>
      )}
      {ending.value !== null && (
        <form
          class="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.value.trim() === '') feedback.value = { ok: false, text: m.reasonRequired };
            else void move(ending.value!, reason.value);
          }}
        >
          <fieldset class="reasons">
            <legend>{m.reason}</legend>
            {m.reasons.map((text) => (
              <label class="choice" key={text}>
                <input type="radio" name="reason" checked={reason.value === text} onChange={() => (reason.value = text)} />
                <span>{text}</span>
              </label>
            ))}
            <label class="field">
              <span>{m.otherReason}</span>
              <input type="text" value={m.reasons.includes(reason.value) ? '' : reason.value} onInput={(event) => (reason.value = event.currentTarget.value)} />
            </label>
          </fieldset>
          <div class="actions">
            <button type="submit" class="button button--danger">
              {m.confirm[ending.value]}
            </button>
            <button type="button" class="button" onClick={() => (ending.value = null)}>
              {m.keep}
            </button>
          </div>
        </form>
      )}
      <FormFeedback feedback={feedback.value} />
    </div>
  );
}
