import { format } from 'date-fns';
import { shiftDate } from '../../../../shared/calendar';
import { formatDayShort, formatDayTitle } from '../../../i18n/format';
import { locale, messages } from '../../../state/locale';
import { dayHref } from '../../../state/route';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { isFinal } from '../../../../shared/visit-status';
import { VisitActions } from '../../components/VisitActions/VisitActions';
import { DayProgress } from './DayProgress';
import { VisitCard } from './VisitCard';

function deviceToday(): string {
  return format(new Date(), 'yyyy-MM-dd');
}

/** The day's home visits in route order, with the days around it a tap away. */
export function DayScreen({ workspace, date: requested }: { workspace: Workspace; date: string | null }) {
  const today = deviceToday();
  const date = requested ?? today;
  const m = messages.value.day;
  const lang = locale.value;
  const heading = useScreenFocus<HTMLHeadingElement>(date);
  const day = useLiveQuery(
    async () => ({ visits: await workspace.visits.visitsOn(date), window: await workspace.getWindow() }),
    [workspace, date],
  );

  const title = formatDayTitle(date, lang);
  const visits = day.data.value?.visits;
  const window = day.data.value?.window;
  const outside = window && (date < window.from || date > window.to);
  const nextVisit = visits?.find((entry) => !isFinal(entry.visit.status));

  return (
    <section class="day" aria-labelledby="day-title">
      <header class="day__header">
        <h1 id="day-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p class="day__summary">{visits ? m.visitsCount(visits.length) : '\u00a0'}</p>
        {visits && visits.length > 0 && date === today && <DayProgress visits={visits.map((entry) => entry.visit)} />}
        <nav class="day__nav" aria-label={m.listLabel(title)}>
          <Link class="button" href={dayHref(shiftDate(date, -1))} rel="prev">
            <span aria-hidden="true">‹ </span>
            {m.previous}
          </Link>
          {date !== today && (
            <Link class="button" href={dayHref(null)}>
              {m.today}
            </Link>
          )}
          <Link class="button" href={dayHref(shiftDate(date, 1))} rel="next">
            {m.next}
            <span aria-hidden="true"> ›</span>
          </Link>
        </nav>
      </header>

      {visits && visits.length > 0 && (
        <ol class="visit-list" aria-label={m.listLabel(title)}>
          {visits.map((entry) => {
            const isNext = entry === nextVisit && date === today;
            return (
              <li key={entry.visit.id} class={isNext ? 'visit-list__next' : undefined}>
                <VisitCard entry={entry} isNext={isNext} />
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
