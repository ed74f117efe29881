import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { clientFullName, type AccessNotes } from '../../../../shared/domain';
import { formatClockTime, formatDayTitle } from '../../../i18n/format';
import { visitCatalogs } from '../../../i18n/visit-messages';
import { locale, messages } from '../../../state/locale';
import { clientHref, dayHref } from '../../../state/route';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { VisitActions } from '../../components/VisitActions/VisitActions';
import { StatusTimes } from './StatusTimes';
import { NoteEditor } from './NoteEditor';
import { ContraindicationFlags } from '../../components/ContraindicationFlags';
import { format } from 'date-fns';
import { ReceiptCard } from './ReceiptCard';
import { RoadCard } from './RoadCard';
import { withHeldStep } from '../../../state/held-step';
import '../../later-screens.css';
import './doorstep.css';

/** The risk card: what can hurt or surprise at the door, read before going in (office-owned, read-only here). */
const RISK_FIELDS: (keyof AccessNotes)[] = ['parking', 'stairs', 'pets', 'othersPresent', 'risks'];

/** Everything needed on the doorstep: address, how to get in, who to call, what the office said. */
export function VisitDetail({ workspace, id }: { workspace: Workspace; id: string }) {
  const m = messages.value;
  const v = visitCatalogs[locale.value];
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

  // Shown with a status step held for undo on top (state/held-step.ts).
  const visit = withHeldStep(entry.visit);
  const { client } = entry;
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

      {/* The doorstep first: on a 390 × 844 phone, everything down to the office's notes is on the first screen. */}
      {client && address && (
        <section class="card doorstep" aria-labelledby="doorstep-title">
          <h2 id="doorstep-title" class="visually-hidden">
            {v.doorstep}
          </h2>
          <address class="address">
            {address.street}
            {address.unit && `, ${m.visit.unit(address.unit)}`} · {address.city}
          </address>
          <div class="doorstep__row">
            <p class="doorstep__code">
              <span class="doorstep__label">{v.buzzer} : </span>
              <strong>{client.access.buzzer || v.nothing}</strong>
            </p>
            <a class="button button--primary" href={`tel:${client.phone.replace(/[^\d+]/g, '')}`}>
              {/* "Appeler" seen, "Appeler Marie-Ève" heard: the accessible name starts with the visible text. */}
              {v.callShort}
              <span class="visually-hidden"> {client.firstName}</span>
            </a>
          </div>
        </section>
      )}

      {client && (
        <section class="card risk-card" aria-labelledby="risk-title">
          <h2 id="risk-title">{v.riskCard}</h2>
          <dl class="risk-card__facts">
            {RISK_FIELDS.filter((field) => field !== 'risks' || client.access.risks).map((field) => (
              <div key={field} class={field === 'risks' ? 'risk-card__note' : undefined}>
                <dt>{v[field]}</dt>
                <dd>{client.access[field] || v.nothing}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      <ContraindicationFlags intakes={query.data.value?.intakes ?? []} />

      {visit.officeNotes && (
        <section class="card doorstep__notes" aria-labelledby="office-notes-title">
          <h2 id="office-notes-title">{v.officeNotes}</h2>
          <p class="prose">{visit.officeNotes}</p>
        </section>
      )}

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
          <Link class="button" href={clientHref(visit.clientId, visit.id)}>
            {clinicalCatalogs[locale.value].file.open}
          </Link>
        </div>
      </section>

      <dl class="facts">
        <div>
          <dt>{v.service}</dt>
          <dd>{m.services[visit.service]}</dd>
        </div>
        <div>
          <dt>{v.duration}</dt>
          <dd>{m.day.minutes(visit.durationMin)}</dd>
        </div>
        <div>
          <dt>{v.status}</dt>
          <dd>
            <span class="status-badge" data-status={visit.status}>
              {m.statuses[visit.status]}
            </span>
          </dd>
        </div>
      </dl>

      {client && therapist && (
        <RoadCard visit={visit} client={client} therapist={therapist} previous={query.data.value?.previous ?? therapist.homeBase} />
      )}

      {client && (
        <section class="card" aria-labelledby="contact-title">
          <h2 id="contact-title">{v.phone}</h2>
          <p>
            {client.phone} · {client.address.postalCode} · {client.address.neighbourhood}
          </p>
          <p class="muted">
            {v.language(m.languages[client.language])}
          </p>
          {client.preferences && (
            <>
              <h3>{v.preferences}</h3>
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

    </section>
  );
}
