import { clientFullName } from '../../../../shared/domain';
import type { DayVisit } from '../../../data/visits-repo';
import { toMinutes, type PlannedStop } from '../../../../shared/travel';
import { formatClockTime, formatDayMinutes } from '../../../i18n/format';
import { locale, messages } from '../../../state/locale';
import { Link } from '../../components/Link';
import './visit-card.css';

/** One home on the day's list: when, who, where, what. The whole card is one large tap target. */
export function VisitCard({
  entry: { visit, client },
  isNext = false,
  planned,
  flagged = false,
}: {
  entry: DayVisit;
  isNext?: boolean;
  planned?: PlannedStop;
  /** The client's latest intake carries a contraindication flag. */
  flagged?: boolean;
}) {
  const m = messages.value;
  // Small markers, in words as well as a symbol: a door code, a flag, a risk note to read before going in.
  // ⚷ (U+26B7, a key's shape) rather than 🔑: that one exists only in emoji fonts, and a browser
  // without one shows a box; a drawn key cost the day view 0.14 KB, more than its budget has left.
  const markers = [
    client?.access.buzzer ? { kind: 'door', symbol: '⚷', text: m.day.markers.doorCode } : null,
    flagged ? { kind: 'flag', symbol: '⚑', text: m.day.markers.flag } : null,
    client?.access.risks || client?.access.othersPresent ? { kind: 'risk', symbol: '⚠', text: m.day.markers.risk } : null,
  ].filter((marker) => marker !== null);
  const lang = locale.value;
  const window = `${formatClockTime(visit.windowStart, lang)} – ${formatClockTime(visit.windowEnd, lang)}`;
  return (
    <Link class="visit-card" href={`/visits/${visit.id}`} data-status={visit.status}>
      <span class="visit-card__position" aria-hidden="true">
        {visit.routePosition}
      </span>
      <span class="visit-card__body">
        {isNext && <span class="next-badge">{m.workflow.next}</span>}
        <span class="visit-card__top">
          <span class="visit-card__time">{window}</span>
          <span class="status-badge" data-status={visit.status}>
            {m.statuses[visit.status]}
          </span>
        </span>
        <strong class="visit-card__client">{client ? clientFullName(client) : '…'}</strong>
        {markers.length > 0 && (
          <span class="visit-card__markers">
            {markers.map((marker) => (
              <span key={marker.kind} class="visit-card__marker" data-marker={marker.kind}>
                <span aria-hidden="true">{marker.symbol} </span>
                {marker.text}
              </span>
            ))}
          </span>
        )}
        {client && (
          <span class="visit-card__place">
            {client.address.neighbourhood} · {client.address.street}
            {client.address.unit && `, ${m.visit.unit(client.address.unit)}`}
          </span>
        )}
        <span class="visit-card__service">
          {m.services[visit.service]} · {m.day.minutes(visit.durationMin)}
        </span>
        {planned && visit.status === 'scheduled' && (
          <span class={planned.late ? 'visit-card__eta visit-card__eta--late' : 'visit-card__eta'}>
            {/* Early is waiting at the door: show when the session can start. */}
            {m.road.eta(formatDayMinutes(planned.start, lang))}
            {planned.late && ` · ${m.road.lateBy(planned.arrival - toMinutes(visit.windowEnd))}`}
          </span>
        )}
      </span>
    </Link>
  );
}
