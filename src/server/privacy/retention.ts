import { calendarDateIn } from '../../shared/calendar';
import type { Store } from '../store/store';
import type { PurgeReport, PurgeRule } from './privacy-types';

/** Years a client's clinical records are kept after their last visit (config RETENTION_YEARS). */
export const RETENTION_YEARS_DEFAULT = 7;

const DAY_MS = 24 * 60 * 60_000;

/** `date` (YYYY-MM-DD) moved by whole years; 29 February becomes 28 February in a common year. */
function shiftYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year + years, month - 1, 1));
  const lastDay = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  shifted.setUTCDate(Math.min(day, lastDay));
  return shifted.toISOString().slice(0, 10);
}

/**
 * What a purge at `now` keeps: the files of clients cared for on or after
 * the same day `years` ago (a last visit on 2019-03-10 is kept through
 * 2026-03-10 and purged from 2026-03-11), and access log rows from before that day.
 */
export function retentionRule(now: Date, years: number): PurgeRule {
  const keptFrom = shiftYears(calendarDateIn(now), -years);
  // The same day for the log: rows from before keptFrom (its start in UTC) go.
  const logBefore = new Date(`${keptFrom}T00:00:00.000Z`);
  return { at: now, keptFrom, logBefore };
}

/** The first day a client whose last care was on `lastCare` can be purged. */
export function purgeableFrom(lastCare: string | null, years: number): string | null {
  if (!lastCare) return null;
  const [year, month, day] = shiftYears(lastCare, years).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** Runs the retention purge for `now` and writes its report to the server's log. */
export async function purgeExpired(store: Store, now: Date, years: number, log: (line: string) => void = console.log): Promise<PurgeReport> {
  const report = await store.purgeExpired(retentionRule(now, years));
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  log(
    `Retention purge #${report.id} at ${report.at.toISOString()} (care kept from ${report.keptFrom}): ` +
      `${counts || 'nothing to purge'}; clients ${report.clientIds.join(', ') || 'none'}; deletion requests carried out ${report.deletionRequestIds.length}`,
  );
  return report;
}

/**
 * The scheduled purge: once at start, then daily, in the server process.
 * The timer does not keep the process alive; a failed run is reported and
 * the next day's tries again.
 */
export function scheduleRetentionPurge(
  store: Store,
  options: { now: () => Date; years: number; log?: (line: string) => void; onError?: (error: unknown) => void; everyMs?: number },
): () => void {
  const run = () => void purgeExpired(store, options.now(), options.years, options.log).catch((error) => options.onError?.(error));
  run();
  const timer = setInterval(run, options.everyMs ?? DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
