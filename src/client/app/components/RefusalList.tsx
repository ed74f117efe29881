import type { Refusal } from '../../data/sync-issues-repo';
import { refusalCatalogs } from '../../i18n/refusal-messages';
import { locale } from '../../state/locale';
import type { Workspace } from '../../state/workspace';
import type { EntityName, RejectionCode } from '../../../shared/protocol';

/** A value as a person reads it: text as typed, lists joined, nothing as raw JSON. */
function readable(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) return value.length ? value.map((item) => readable(item, empty)).join(', ') : empty;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? entries.map(([key, item]) => `${key}: ${readable(item, empty)}`).join('; ') : empty;
  }
  return String(value);
}

/** A visit status the server's status machine refused (stale, backward, out of a final status, before the visit's day). */
const refusedMove = (refusal: Refusal) => refusal.entity === 'visit' && refusal.code === 'invalid' && 'status' in refusal.fields;

/** Refused changes, each with why (in the therapist's language), what was typed, and a way to mark it read. */
export function RefusalList({ workspace, refusals }: { workspace: Workspace; refusals: Refusal[] }) {
  const m = refusalCatalogs[locale.value];
  return (
    <ul class="plain-list">
      {refusals.map((refusal) => (
        <li key={refusal.mutationId} class="refusal">
          <p>
            <strong>{m.about(m.what[refusal.entity as EntityName] ?? refusal.entity)}</strong>
          </p>
          <p>{refusedMove(refusal) ? m.visitMove : (m.why[refusal.code as RejectionCode] ?? m.unknownWhy)}</p>
          <details>
            <summary>{m.detail}</summary>
            <p class="muted">{refusal.reason}</p>
          </details>
          <p class="muted">{m.youWrote}</p>
          <dl class="refusal__fields">
            {Object.entries(refusal.fields).map(([field, value]) => (
              <div key={field}>
                <dt>{m.fields[field] ?? field}</dt>
                <dd class="prose">{readable(value, m.empty)}</dd>
              </div>
            ))}
          </dl>
          <button type="button" class="button" onClick={() => void workspace.issues.dismissRefusal(refusal.mutationId).then(() => workspace.sync.refreshCounts())}>
            {m.dismiss}
          </button>
        </li>
      ))}
    </ul>
  );
}
