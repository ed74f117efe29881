import { conflictCatalogs } from '../../../i18n/conflict-messages';
import { useSignal } from '@preact/signals';
import type { Conflict, Visit } from '../../../../shared/domain';
import type { Change } from '../../../data/local-write';
import { locale } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { useLiveQuery } from '../../use-live-query';

/**
 * "This note was changed on another device": both texts side by side; the
 * therapist keeps one or merges them. The choice is an ordinary local write
 * (the note and the conflict's `resolved`, in one transaction) and syncs.
 */
export function ConflictPanel({ workspace, visit }: { workspace: Workspace; visit: Visit }) {
  const conflicts = useLiveQuery(() => workspace.issues.openConflicts(visit.id), [workspace, visit.id]).data.value;
  if (!conflicts || conflicts.length === 0) return null;
  return (
    <>
      {conflicts.map((conflict) => (
        <ConflictCard key={conflict.id} workspace={workspace} visit={visit} conflict={conflict} />
      ))}
    </>
  );
}

function ConflictCard({ workspace, visit, conflict }: { workspace: Workspace; visit: Visit; conflict: Conflict }) {
  const m = conflictCatalogs[locale.value].conflict;
  const merging = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const current = visit.therapistNote;

  async function resolve(note: string | null) {
    const changes: Change[] = [{ entity: 'conflict', id: conflict.id, fields: { resolved: true } }];
    if (note !== null && note !== current) changes.unshift({ entity: 'visit', id: visit.id, fields: { therapistNote: note } });
    try {
      await workspace.write(changes);
    } catch (failure) {
      error.value = m.failed(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <section class="card card--alert" role="region" aria-labelledby={`conflict-${conflict.id}`}>
      <h2 id={`conflict-${conflict.id}`}>{m.title}</h2>
      <p>{m.intro}</p>
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
      {merging.value === null ? (
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
