import type { Visit } from '../../../../shared/domain';
import { isFinal } from '../../../../shared/visit-status';
import { messages } from '../../../state/locale';

export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  return hours === 0 ? `${rest} min` : `${hours} h ${String(rest).padStart(2, '0')}`;
}

/** The day at a glance: how many visits are done, how much treatment time is left, and `finish` (when the day ends). */
export function DayProgress({ visits, finish }: { visits: Visit[]; finish: string | null }) {
  const m = messages.value.workflow;
  const done = visits.filter((visit) => isFinal(visit.status)).length;
  const minutesLeft = visits.filter((visit) => !isFinal(visit.status)).reduce((sum, visit) => sum + visit.durationMin, 0);
  return (
    <p class="day__progress">
      <progress max={visits.length} value={done} aria-hidden="true" />
      <span>
        {m.progress(done, visits.length)}
        {minutesLeft > 0 && ` · ${m.left(formatDuration(minutesLeft))}`}
        {finish && ` · ${finish}`}
      </span>
    </p>
  );
}
