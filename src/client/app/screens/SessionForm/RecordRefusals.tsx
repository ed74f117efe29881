import { refusalCatalogs } from '../../../i18n/refusal-messages';
import { locale } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { RefusalList } from '../../components/RefusalList';
import { useLiveQuery } from '../../use-live-query';

/** Refusals of this record's changes (a signature over text that changed since, above all), shown on the record itself. */
export function RecordRefusals({ workspace, recordId }: { workspace: Workspace; recordId: string }) {
  // Refusals are written when a push settles, never by typing: each keystroke's save must not re-read them.
  const refusals = useLiveQuery(
    async () => (await workspace.issues.refusals()).filter((refusal) => refusal.recordId === recordId),
    [workspace, recordId],
    [],
    { onPush: true },
  ).data.value;
  if (!refusals || refusals.length === 0) return null;
  return (
    <section class="card card--alert" role="alert" aria-labelledby="record-refusals-title">
      <h2 id="record-refusals-title">{refusalCatalogs[locale.value].title}</h2>
      <RefusalList workspace={workspace} refusals={refusals} />
    </section>
  );
}
