import type { Visit } from './domain';

/**
 * Minutes a session is past its planned end plus the margin, or 0 when all
 * is in order. A session counts from "session started", or from "arrived" if
 * the therapist never tapped start.
 */
export function minutesOverdue(visit: Visit, now: Date, marginMin: number): number {
  if (visit.status !== 'in_session' && visit.status !== 'arrived') return 0;
  const started = visit.statusTimes.in_session ?? visit.statusTimes.arrived;
  if (!started) return 0;
  // Arrived but not started: allow a quarter of an hour to set up the table.
  const setup = visit.status === 'arrived' ? 15 : 0;
  const due = new Date(started).getTime() + (visit.durationMin + setup + marginMin) * 60_000;
  return Math.max(0, Math.floor((now.getTime() - due) / 60_000));
}
