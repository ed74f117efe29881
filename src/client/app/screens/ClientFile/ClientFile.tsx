import { format } from 'date-fns';
import { clientFullName } from '../../../../shared/domain';
import { clientCatalogs } from '../../../i18n/client-messages';
import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { locale } from '../../../state/locale';
import { clientHref } from '../../../state/route';
import type { Workspace } from '../../../state/workspace';
import { ContraindicationFlags } from '../../components/ContraindicationFlags';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { ContactCard } from './ContactCard';
import '../../later-screens.css';
import './client-file.css';

interface Entry {
  at: string;
  key: string;
  title: string;
  detail?: string;
  href?: string;
  signature?: string;
}

/**
 * A client's whole file: how to reach them first, then one timeline of intake
 * versions, session records and amendments. `fromVisit`: opened from that visit,
 * the back link returns there; otherwise to the client list.
 */
export function ClientFile({ workspace, clientId, fromVisit = null }: { workspace: Workspace; clientId: string; fromVisit?: string | null }) {
  const m = clinicalCatalogs[locale.value];
  const c = clientCatalogs[locale.value].file;
  const back = fromVisit ? (
    <Link class="back-link" href={`/visits/${fromVisit}`}>
      ‹ {c.backToVisit}
    </Link>
  ) : (
    <Link class="back-link" href="/clients">
      ‹ {c.backToList}
    </Link>
  );
  const heading = useScreenFocus<HTMLHeadingElement>(`file-${clientId}`);
  const data = useLiveQuery(async () => {
    const [client, intakes, records] = await Promise.all([
      workspace.visits.clientById(clientId),
      workspace.clinical.intakesOf(clientId),
      workspace.clinical.recordsOf(clientId),
    ]);
    const amendments = (await Promise.all(records.map((record) => workspace.clinical.amendmentsOf(record.id)))).flat();
    return { client, intakes, records, amendments };
  }, [workspace, clientId]).data.value;
  if (!data) return null;
  const { client, intakes, records, amendments } = data;
  if (!client) {
    return (
      <>
        {back}
        <p class="empty">{m.file.empty}</p>
      </>
    );
  }

  const entries: Entry[] = [
    ...intakes.map((intake) => ({
      at: intake.createdAt,
      key: intake.id,
      title: m.file.intakeVersion(intake.version),
      detail: m.file.signedBy(intake.consent.signedName),
      signature: intake.consent.signature,
    })),
    ...records.map((record) => ({ at: record.createdAt, key: record.id, title: m.file.session(record.signedAt !== null), detail: record.subjective, href: `/visits/${record.visitId}/record` })),
    ...amendments.map((amendment) => ({ at: amendment.createdAt, key: amendment.id, title: m.file.amendment(amendment.reason), detail: amendment.text })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <section aria-labelledby="file-title">
      {back}
      <h1 id="file-title" ref={heading} tabIndex={-1}>
        {m.file.title(clientFullName(client))}
      </h1>
      <ContactCard client={client} />
      <ContraindicationFlags intakes={intakes} />
      <Link class="button button--primary button--wide" href={clientHref(clientId, fromVisit, 'intake')}>
        {intakes.length > 0 ? m.intake.update : m.intake.fill}
      </Link>
      {entries.length === 0 && <p class="empty">{m.file.empty}</p>}
      <ol class="timeline">
        {entries.map((entry) => (
          <li key={entry.key} class="card">
            <p class="muted">{format(new Date(entry.at), 'yyyy-MM-dd HH:mm')}</p>
            <h2>{entry.href ? <Link href={entry.href}>{entry.title}</Link> : entry.title}</h2>
            {entry.detail && <p class="prose">{entry.detail}</p>}
            {/* Shown as an image: a signature synced from another device is never inserted as markup. */}
            {entry.signature && <img class="signature-image" alt="" src={`data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(entry.signature)))}`} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
