import { useSignal } from '@preact/signals';
import type { Conflict } from '../../../shared/domain';
import { conflictCatalogs } from '../../i18n/conflict-messages';
import type { Change } from '../../data/local-write';
import { locale } from '../../state/locale';
import type { Workspace } from '../../state/workspace';
import { useLiveQuery } from '../use-live-query';

interface Props {
  workspace: Workspace;
  entity: 'visit' | 'sessionRecord';
  recordId: string;
  field: string;
  /** The field's name as the therapist sees it, for the title (absent for the visit note, which has its own title). */
  label?: string;
  /** What the field holds now on this device, and the HLC of that value. */
  current: string;
  currentHlc: string;
  /** A signed record no longer changes: the other text can only be read. */
  locked?: boolean;
}

/**
 * "This text was changed on another device", shown where the field is: both
 * texts, and the therapist keeps one or merges them. The choice is one local
 * write (the field, from the value on screen, and the conflict's `resolved`)
 * and syncs like any edit.
 */
export function FieldConflicts(props: Props) {
  const { workspace, recordId, field } = props;
  const conflicts = useLiveQuery(() => workspace.issues.openConflicts(recordId, field), [workspace, recordId, field], ['conflict']).data.value;
  if (!conflicts || conflicts.length === 0) return null;
  return (
    <>
      {conflicts.map((conflict) => (
        <ConflictCard key={conflict.id} {...props} conflict={conflict} />
      ))}
    </>
  );
}

function ConflictCard({ workspace, entity, recordId, field, label, current, currentHlc, locked, conflict }: Props & { conflict: Conflict }) {
  const m = conflictCatalogs[locale.value].conflict;
  const merging = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const titleId = `conflict-${conflict.id}`;

  async function resolve(text: string | null) {
    const changes: Change[] = [{ entity: 'conflict', id: conflict.id, fields: { resolved: true } }];
    if (text !== null && text !== current) {
      changes.unshift({ entity, id: recordId, fields: { [field]: text }, base: { [field]: currentHlc } } as Change);
    }
    try {
      await workspace.write(changes);
    } catch (failure) {
      error.value = m.failed(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <section class="card card--alert conflict" role="region" aria-labelledby={titleId}>
      <h2 id={titleId}>{label ? m.fieldTitle(label) : m.title}</h2>
      <p>{locked ? m.introSigned : m.intro}</p>
      <div class="versions">
        <figure>
          <figcaption>{m.current}</figcaption>
          <blockquote class="prose">{current}</blockquote>
        </figure>
        <figure>
          <figcaption>{m.other}</figcaption>
          <blockquote class="prose">{conflict.keptValue}</blockquote>
        </figure>
      </div>
      {locked ? (
        <div class="actions">
          <button type="button" class="button" onClick={() => void resolve(null)}>
            {m.dismiss}
          </button>
        </div>
      ) : merging.value === null ? (
        <div class="actions">
          <button type="button" class="button" onClick={() => void resolve(null)}>
            {m.keepCurrent}
          </button>
          <button type="button" class="button" onClick={() => void resolve(conflict.keptValue)}>
            {m.useOther}
          </button>
          <button type="button" class="button" onClick={() => (merging.value = `${current}\n\n${conflict.keptValue}`)}>
            {m.merge}
          </button>
        </div>
      ) : (
        <div class="form">
          <label class="field">
            <span>{m.mergeLabel}</span>
            <textarea class="note" rows={6} value={merging.value} onInput={(event) => (merging.value = event.currentTarget.value)} />
          </label>
          <div class="actions">
            <button type="button" class="button button--primary" onClick={() => void resolve(merging.value)}>
              {m.saveMerge}
            </button>
            <button type="button" class="button" onClick={() => (merging.value = null)}>
              {m.cancel}
            </button>
          </div>
        </div>
      )}
      {error.value && (
        <p class="form__error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
