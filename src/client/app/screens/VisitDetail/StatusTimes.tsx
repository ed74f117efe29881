import type { Visit, VisitStatus } from '../../../../shared/domain';
import { formatInstantTime } from '../../../i18n/format';
import { visitCatalogs } from '../../../i18n/visit-messages';
import { locale } from '../../../state/locale';

/** "Arrived at 10 h 12 · Session started at 10 h 20": the visit's check-in and check-out. */
export function StatusTimes({ visit }: { visit: Visit }) {
  const m = visitCatalogs[locale.value];
  const lang = locale.value;
  const entries = (Object.entries(visit.statusTimes) as [Exclude<VisitStatus, 'scheduled'>, string][])
    .filter(([status]) => status in m.statusAt)
    .sort((a, b) => a[1].localeCompare(b[1]));
  if (entries.length === 0) return null;
  return (
    <ul class="status-times">
      {entries.map(([status, at]) => (
        <li key={status}>{m.statusAt[status](formatInstantTime(new Date(at), lang))}</li>
      ))}
    </ul>
  );
}
