import { localDateOf, shiftDate } from '../../../../shared/calendar';
import { formatDayMinutes, formatDayShort, formatDayTitle } from '../../../i18n/format';
import { locale, messages } from '../../../state/locale';
import { minutesOfDay, planDay } from '../../../road/day-plan';
import { routedTravel } from '../../../road/routed-travel';
import { dayRoute } from '../../../state/day-route';
import { estimateTravelMinutes } from '../../../../shared/travel';
import { inDayOrder, ownOrder } from '../../../state/day-order';
import { position } from '../../../state/position';
import { roadSettings } from '../../../state/road-settings';
import { dayHref, mapHref } from '../../../state/route';
import { now } from '../../../state/ticker';
import { OptimisePanel } from './OptimisePanel';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { isFinal } from '../../../../shared/visit-status';
import { VisitActions } from '../../components/VisitActions/VisitActions';
import { DayProgress } from './DayProgress';
import { VisitCard } from './VisitCard';
import { withHeldStep } from '../../../state/held-step';
import { contraindications, latestIntake } from '../../../../shared/contraindications';
import type { DayVisit } from '../../../data/visits-repo';

/** Clients of the day whose latest intake carries a flag: their card gets a marker. */
async function flaggedClients(workspace: Workspace, visits: DayVisit[]): Promise<Set<string>> {
  const ids = [...new Set(visits.map((entry) => entry.visit.clientId))];
  const flagged = await Promise.all(ids.map(async (id) => contraindications(latestIntake(await workspace.clinical.intakesOf(id))).length > 0));
  return new Set(ids.filter((_, index) => flagged[index]));
}

function deviceToday(): string {
  return localDateOf(new Date());
}

/** The day's home visits in route order, with the days around it a tap away. */
export function DayScreen({ workspace, date: requested }: { workspace: Workspace; date: string | null }) {
  const today = deviceToday();
  const date = requested ?? today;
  const m = messages.value.day;
  const lang = locale.value;
  const heading = useScreenFocus<HTMLHeadingElement>(date);
  const day = useLiveQuery(
    async () => {
      const visits = await workspace.visits.visitsOn(date);
      return {
      visits,
      flagged: await flaggedClients(workspace, visits),
      window: await workspace.getWindow(),
      therapist: await workspace.visits.therapist(workspace.therapistId),
      };
    },
    [workspace, date],
    ['visit', 'client', 'therapist', 'intake'],
  );

  const title = formatDayTitle(date, lang);
  const order = ownOrder(date);
  // A status step held for undo shows as taken (state/held-step.ts).
  const visits = day.data.value ? inDayOrder(day.data.value.visits.map((entry) => ({ ...entry, visit: withHeldStep(entry.visit) })), order) : undefined;
  const flagged = day.data.value?.flagged;
  const window = day.data.value?.window;
  const therapist = day.data.value?.therapist;
  const mode = roadSettings.value.travelMode ?? therapist?.transportMode ?? 'driving';
  const isToday = date === today;
  const nowMinutes = isToday ? minutesOfDay(now.value) : null;
  const homes = (visits ?? []).flatMap((entry) => (entry.client ? [entry.client.address] : []));
  const travel = routedTravel(homes, dayRoute(date, mode, homes), (a, b) => estimateTravelMinutes(a, b, mode));
  const plan =
    visits && therapist ? planDay({ visits, mode, homeBase: therapist.homeBase, nowMinutes, here: isToday ? position.value : null, travel }) : new Map();
  const outside = window && (date < window.from || date > window.to);
  const nextVisit = visits?.find((entry) => !isFinal(entry.visit.status));
  const finish =
    visits && visits.length > 0 && plan.size > 0
      ? messages.value.workflow.finish(formatDayMinutes(Math.max(...[...plan.values()].map((stop) => stop.end)), lang))
      : null;

  return (
    <section class="day" aria-labelledby="day-title">
      {/* At most a third of a phone's screen above the first visit (phone-flows.spec.ts measures it):
          one line of progress, one row of tools. */}
      <header class="day__header">
        <h1 id="day-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {visits && visits.length > 0 && date === today ? (
          <DayProgress visits={visits.map((entry) => entry.visit)} finish={finish} />
        ) : (
          <p class="day__summary">
            {visits ? m.visitsCount(visits.length) : '\u00a0'}
            {finish && ` · ${finish}`}
          </p>
        )}
        <div class="day__tools">
          <nav class="day__nav" aria-label={m.listLabel(title)}>
            <Link class="button button--icon" href={dayHref(shiftDate(date, -1))} rel="prev" aria-label={m.previous}>
              <span aria-hidden="true">‹</span>
            </Link>
            {date !== today && (
              <Link class="button" href={dayHref(null)}>
                {m.today}
              </Link>
            )}
            <Link class="button button--icon" href={dayHref(shiftDate(date, 1))} rel="next" aria-label={m.next}>
              <span aria-hidden="true">›</span>
            </Link>
          </nav>
          {visits && visits.length > 0 && (
            <Link class="button" href={mapHref(isToday ? null : date)}>
              {messages.value.road.map}
            </Link>
          )}
          {visits && therapist && isToday && (
            <OptimisePanel
              date={date}
              visits={visits}
              open={visits.filter((entry) => !isFinal(entry.visit.status) && entry.visit.status === 'scheduled')}
              origin={position.value ?? therapist.homeBase}
              departAt={nowMinutes ?? 0}
              mode={mode}
              usingOwnOrder={order !== null}
            />
          )}
        </div>
      </header>

      {visits && visits.length > 0 && (
        <ol class="visit-list" aria-label={m.listLabel(title)}>
          {visits.map((entry) => {
            const isNext = entry === nextVisit && date === today;
            return (
              <li key={entry.visit.id} class={isNext ? 'visit-list__next' : undefined}>
                <VisitCard entry={entry} isNext={isNext} planned={plan.get(entry.visit.id)} flagged={flagged?.has(entry.visit.clientId) ?? false} />
                {isNext && <VisitActions workspace={workspace} visit={entry.visit} compact />}
              </li>
            );
          })}
        </ol>
      )}
      {visits && visits.length === 0 && (
        <p class="empty">
          {!window ? m.notLoaded : outside ? m.outsideWindow : m.empty}
          {window && outside && (
            <>
              {' '}
              {m.window(formatDayShort(window.from, lang), formatDayShort(window.to, lang))}
            </>
          )}
        </p>
      )}
      {day.error.value != null && (
        <p class="form__error" role="alert">
          {messages.value.errors.storage(String(day.error.value))}
        </p>
      )}
    </section>
  );
}
