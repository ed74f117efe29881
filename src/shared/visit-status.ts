import type { VisitStatus } from './domain/visit';

/** The way through a home visit, in order. */
export const VISIT_FLOW = ['scheduled', 'en_route', 'arrived', 'in_session', 'completed'] as const satisfies readonly VisitStatus[];
/** A visit that ended, one way or another: nothing moves it further from the field. */
export const FINAL_STATUSES: readonly VisitStatus[] = ['completed', 'cancelled', 'no_show'];
/** These end a visit early and need a reason (no receipt is ever made for them). */
export const STATUSES_NEEDING_REASON: readonly VisitStatus[] = ['cancelled', 'no_show'];

/** Steps that say the visit took place, or that the therapist was at the door: never before the visit's day. */
export const STEPS_THAT_HAPPENED: readonly VisitStatus[] = ['arrived', 'in_session', 'completed', 'no_show'];

/** False for a step that says the visit happened, on a visit dated after `today` (both office calendar days). */
export function canHappenBy(status: VisitStatus, visitDate: string, today: string): boolean {
  return !STEPS_THAT_HAPPENED.includes(status) || visitDate <= today;
}

export function isFinal(status: VisitStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Legal moves: forward along the flow (skipping a step is allowed: a
 * therapist who forgot "on my way" can still say "arrived"), or to cancelled
 * or no-show from any visit not yet over. Never backward, never out of a
 * final status.
 */
export function canTransition(from: VisitStatus, to: VisitStatus): boolean {
  if (from === to || isFinal(from)) return false;
  if (STATUSES_NEEDING_REASON.includes(to)) return true;
  const flow: readonly VisitStatus[] = VISIT_FLOW;
  return flow.indexOf(to) > flow.indexOf(from);
}

/** What the visit's one big button does next; null once the visit is over. */
export function nextStep(status: VisitStatus): VisitStatus | null {
  if (isFinal(status)) return null;
  const flow: readonly VisitStatus[] = VISIT_FLOW;
  return flow[flow.indexOf(status) + 1] ?? null;
}
