import { clientFullName } from '../../../../shared/domain';
import type { DayVisit } from '../../../data/visits-repo';
import { fromMinutes, toMinutes, type PlannedStop } from '../../../../shared/travel';
import { formatClockTime } from '../../../i18n/format';
import { locale, messages } from '../../../state/locale';
import { Link } from '../../components/Link';

/** One home on the day's list: when, who, where, what. The whole card is one large tap target. */
export function VisitCard({ entry: { visit, client }, isNext = false, planned }: { entry: DayVisit; isNext?: boolean; planned?: PlannedStop }) {
  const m = messages.value;
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
            {m.road.eta(formatClockTime(fromMinutes(planned.start), lang))}
            {planned.late && ` · ${m.road.lateBy(planned.arrival - toMinutes(visit.windowEnd))}`}
          </span>
        )}
      </span>
    </Link>
  );
}
