import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { clientFullName, type AccessNotes } from '../../../../shared/domain';
import { formatClockTime, formatDayTitle } from '../../../i18n/format';
import { locale, messages } from '../../../state/locale';
import { dayHref } from '../../../state/route';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { StatusTimes, VisitActions } from '../../components/VisitActions/VisitActions';
import { NoteEditor } from './NoteEditor';
import { ContraindicationFlags } from '../../components/ContraindicationFlags';
import { format } from 'date-fns';
import { ReceiptCard } from './ReceiptCard';
import { RoadCard } from './RoadCard';

const ACCESS_FIELDS: (keyof AccessNotes)[] = ['buzzer', 'parking', 'stairs', 'pets'];

/** Everything needed on the doorstep: address, how to get in, who to call, what the office said. */
export function VisitDetail({ workspace, id }: { workspace: Workspace; id: string }) {
  const m = messages.value;
  const lang = locale.value;
  const heading = useScreenFocus<HTMLHeadingElement>(id);
  const query = useLiveQuery(async () => {
    const found = await workspace.visits.visitById(id);
    if (!found) return { found: null, therapist: null, previous: null, intakes: [], record: null, receipt: null };
    const [day, therapist] = await Promise.all([workspace.visits.visitsOn(found.visit.date), workspace.visits.therapist(workspace.therapistId)]);
    // The home visited just before this one, where the therapist comes from.
    const index = day.findIndex((entry) => entry.visit.id === id);
    const previous = index > 0 ? day[index - 1]!.client : null;
    const [intakes, record, receipt] = await Promise.all([
      workspace.clinical.intakesOf(found.visit.clientId),
      workspace.clinical.recordForVisit(id).then((found) => found?.record ?? null),
      workspace.clinical.receiptForVisit(id),
    ]);
    return { found, therapist, intakes, record, receipt, previous: previous ? { lat: previous.address.lat, lng: previous.address.lng } : null };
  }, [workspace, id]);
  const entry = query.data.value?.found;
  const therapist = query.data.value?.therapist;

  if (entry === undefined) return null;
  if (entry === null) {
    return (
      <section class="visit-detail">
        <Link class="back-link" href={dayHref(null)}>
          ‹ {m.visit.back}
        </Link>
        <h1 ref={heading} tabIndex={-1}>
          {m.visit.notFound}
        </h1>
      </section>
    );
  }

  const { visit, client } = entry;
  const name = client ? clientFullName(client) : '…';
  const address = client?.address;
  return (
    <section class="visit-detail" aria-labelledby="visit-title">
      <Link class="back-link" href={dayHref(visit.date)}>
        ‹ {m.visit.back}
      </Link>
      <h1 id="visit-title" ref={heading} tabIndex={-1}>
        {name}
      </h1>
      <p class="visit-detail__when">
        {formatDayTitle(visit.date, lang)} · {formatClockTime(visit.windowStart, lang)} – {formatClockTime(visit.windowEnd, lang)}
      </p>

      <ContraindicationFlags intakes={query.data.value?.intakes ?? []} />
      <VisitActions workspace={workspace} visit={visit} />
      <StatusTimes visit={visit} />
      {visit.statusReason && <p class="muted">{visit.statusReason}</p>}

      <section class="card" aria-labelledby="record-link-title">
        <h2 id="record-link-title">{clinicalCatalogs[locale.value].record}</h2>
        <p class="muted">
          {(() => {
            const record = query.data.value?.record;
            if (!record) return clinicalCatalogs[locale.value].recordNone;
            if (record.signedAt) return clinicalCatalogs[locale.value].recordSigned(format(new Date(record.signedAt), 'yyyy-MM-dd'));
            return clinicalCatalogs[locale.value].recordDraft;
          })()}
        </p>
        <div class="actions">
          <Link class="button button--primary" href={`/visits/${visit.id}/record`}>
            {clinicalCatalogs[locale.value].openRecord}
          </Link>
          <Link class="button" href={`/clients/${visit.clientId}`}>
            {clinicalCatalogs[locale.value].file.open}
          </Link>
        </div>
      </section>

      <dl class="facts">
        <div>
          <dt>{m.visit.service}</dt>
          <dd>{m.services[visit.service]}</dd>
        </div>
        <div>
          <dt>{m.visit.duration}</dt>
          <dd>{m.day.minutes(visit.durationMin)}</dd>
        </div>
        <div>
          <dt>{m.visit.status}</dt>
          <dd>
            <span class="status-badge" data-status={visit.status}>
              {m.statuses[visit.status]}
            </span>
          </dd>
        </div>
      </dl>

      {address && (
        <section class="card" aria-labelledby="address-title">
          <h2 id="address-title">{m.visit.address}</h2>
          <address class="address">
            {address.street}
            {address.unit && `, ${m.visit.unit(address.unit)}`}
            <br />
            {address.city} {address.postalCode}
            <br />
            <span class="muted">{address.neighbourhood}</span>
          </address>
        </section>
      )}

      {client && therapist && (
        <RoadCard visit={visit} client={client} therapist={therapist} previous={query.data.value?.previous ?? therapist.homeBase} />
      )}

      {client && (
        <section class="card" aria-labelledby="access-title">
          <h2 id="access-title">{m.visit.access}</h2>
          <dl class="facts facts--stacked">
            {ACCESS_FIELDS.map((field) => (
              <div key={field}>
                <dt>{m.visit[field]}</dt>
                <dd>{client.access[field] || m.visit.nothing}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {client && (
        <section class="card" aria-labelledby="contact-title">
          <h2 id="contact-title">{m.visit.phone}</h2>
          <a class="button button--primary button--wide" href={`tel:${client.phone.replace(/[^\d+]/g, '')}`}>
            {m.visit.call(client.firstName)} · {client.phone}
          </a>
          <p class="muted">
            {m.visit.language(m.languages[client.language])}
          </p>
          {client.preferences && (
            <>
              <h3>{m.visit.preferences}</h3>
              <p class="prose">{client.preferences}</p>
            </>
          )}
        </section>
      )}

      {client && therapist && (
        <ReceiptCard
          workspace={workspace}
          visit={visit}
          client={client}
          therapist={therapist}
          receipt={query.data.value?.receipt ?? null}
        />
      )}

      <NoteEditor key={visit.id} workspace={workspace} visit={visit} clocks={entry.clocks} />

      {visit.officeNotes && (
        <section class="card" aria-labelledby="office-notes-title">
          <h2 id="office-notes-title">{m.visit.officeNotes}</h2>
          <p class="prose">{visit.officeNotes}</p>
        </section>
      )}
    </section>
  );
}
