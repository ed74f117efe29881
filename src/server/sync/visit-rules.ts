import { calendarDateIn } from '../../shared/calendar';
import type { VisitStatus } from '../../shared/domain';
import { HLC_ZERO, MAX_CLOCK_DRIFT_MS, hlcAfter } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { STATUSES_NEEDING_REASON, STEPS_THAT_HAPPENED, VISIT_FLOW, canHappenBy, canTransition, isFinal } from '../../shared/visit-status';
import { SERVER_HLC_NODE } from '../server-clock';
import { reject, type CurrentRecord, type Decision } from './decision';
import { mergeFields } from './merge-fields';

const STATUS_FIELDS: readonly string[] = ['status', 'statusTimes', 'statusReason'];
const FLOW: readonly VisitStatus[] = VISIT_FLOW;

type StatusTimes = Partial<Record<VisitStatus, string>>;

/**
 * An update of a visit (already checked against the schema): its status
 * moves only as the status machine allows, judged against the server's
 * status, not by whose clock is newer.
 *
 * - A move must be legal from the server's current status (canTransition):
 *   forward along the flow, or to cancelled / no-show from a visit not yet
 *   over. A stale backward step, or a move out of a final status, is refused
 *   with the server's copy, so the device puts the server's status (and its
 *   times and reason) back.
 * - A legal move is accepted whatever its HLC: device A's "on my way" may
 *   carry a newer stamp than device B's "in session" that arrives after it,
 *   yet the visit did reach "in session". When the server's result is not
 *   what the device sent, or the device's stamp is older than the server's,
 *   the field is stamped after both (as the server's write) so that every
 *   device adopts the server's value on its next pull.
 * - Steps that say the visit happened are refused before the visit's day,
 *   in Montreal: at 21:00 on the 24th it is already the 25th in UTC, and a
 *   visit of the 25th has not happened yet.
 * - statusTimes are facts about the past, merged rather than replaced: per
 *   status the earliest time ever recorded stays (two phones that both said
 *   "arrived" a minute apart: the visit was reached at the first), and only
 *   statuses the visit has reached are kept (the flow up to where it is, the
 *   cancellation or no-show that ended it); a time for any other status is
 *   dropped. A time later than the server's clock (beyond the drift allowed
 *   to a phone), or a time for a step that happened dated before the visit's
 *   day, cannot be true: the change is refused.
 */
export function decideVisitUpdate(mutation: Mutation, current: CurrentRecord, receivedAt: Date): Decision {
  const sent = mutation.fields;
  const touchesStatus = STATUS_FIELDS.some((field) => field in sent);
  const others = Object.fromEntries(Object.entries(sent).filter(([field]) => !STATUS_FIELDS.includes(field)));
  const merged = mergeFields('visit', current, { fields: others, hlc: mutation.hlc, base: mutation.base });
  if (!touchesStatus) return { kind: 'applied', ...merged };

  const visitDate = String(current.data.date);
  const from = current.data.status as VisitStatus;
  const to = (sent.status ?? from) as VisitStatus;
  const moving = to !== from;
  if (moving && !canTransition(from, to)) {
    return reject(
      'invalid',
      isFinal(from)
        ? `This visit is already ${from} on the server; it can no longer become ${to}.`
        : `This visit is already ${from} on the server; it cannot go back to ${to}.`,
    );
  }
  if (moving && !canHappenBy(to, visitDate, calendarDateIn(receivedAt))) {
    return reject('invalid', `This visit is on ${visitDate}; it cannot be marked ${to} before that day.`);
  }

  const times = mergeStatusTimes(current, sent.statusTimes as StatusTimes | undefined, { from, to, visitDate, receivedAt });
  if (typeof times === 'string') return reject('invalid', times);

  // The values the server keeps: the move itself (with its reason) as sent, the times merged,
  // a reason edited without a move last-writer-wins as before.
  const storedHlc = (field: string) => current.hlc[field] ?? HLC_ZERO;
  const kept: Record<string, unknown> = {
    status: to,
    statusTimes: times,
    statusReason:
      'statusReason' in sent && (moving || mutation.hlc > storedHlc('statusReason')) ? sent.statusReason : current.data.statusReason,
  };
  for (const field of STATUS_FIELDS) {
    if (!(field in sent)) continue;
    const stamp = stampFor(current.data[field], storedHlc(field), sent[field], mutation.hlc, kept[field]);
    if (stamp === storedHlc(field) && sameValue(kept[field], current.data[field])) continue;
    merged.data[field] = kept[field];
    merged.hlc[field] = stamp;
    merged.changed = true;
  }
  return { kind: 'applied', ...merged };
}

/**
 * The stamp of a value the server keeps for a field: the device's own when it
 * keeps exactly what the device sent and that is the newest edit; the
 * server's stored stamp when nothing changes and the device's is older (the
 * device adopts the stored value on its next pull); otherwise a server stamp
 * after both, so that every device, the sender included, adopts it.
 */
function stampFor(storedValue: unknown, storedHlc: string, sentValue: unknown, sentHlc: string, keptValue: unknown): string {
  if (sameValue(keptValue, storedValue) && sentHlc <= storedHlc) return storedHlc;
  if (sameValue(keptValue, sentValue) && sentHlc > storedHlc) return sentHlc;
  return hlcAfter(sentHlc > storedHlc ? sentHlc : storedHlc, SERVER_HLC_NODE);
}

/** Values from JSON; statusTimes compared whatever the order of their keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const left = Object.entries(a).sort(([x], [y]) => x.localeCompare(y));
    const right = Object.entries(b).sort(([x], [y]) => x.localeCompare(y));
    return JSON.stringify(left) === JSON.stringify(right);
  }
  return a === b;
}

/** The statuses a visit at `status` has passed through (up to `lastInFlow` for one that ended early). */
function reached(status: VisitStatus, lastInFlow: VisitStatus | null): (candidate: VisitStatus) => boolean {
  const flowEnd = FLOW.includes(status) ? status : lastInFlow;
  return (candidate) => candidate === status || (flowEnd !== null && FLOW.includes(candidate) && FLOW.indexOf(candidate) <= FLOW.indexOf(flowEnd));
}

/** The merged statusTimes, or why the sent ones cannot be true. */
function mergeStatusTimes(
  current: CurrentRecord,
  sentTimes: StatusTimes | undefined,
  { from, to, visitDate, receivedAt }: { from: VisitStatus; to: VisitStatus; visitDate: string; receivedAt: Date },
): StatusTimes | string {
  const stored = (current.data.statusTimes ?? {}) as StatusTimes;
  const merged: StatusTimes = { ...stored };
  // A visit cancelled on the way keeps the steps it made before; one cancelled again keeps what it had.
  const isReached = reached(to, STATUSES_NEEDING_REASON.includes(to) && !STATUSES_NEEDING_REASON.includes(from) ? from : null);
  const latest = receivedAt.getTime() + MAX_CLOCK_DRIFT_MS;
  for (const [status, time] of Object.entries(sentTimes ?? {}) as [VisitStatus, string][]) {
    if (!isReached(status) && stored[status] === undefined) continue;
    const instant = new Date(time);
    if (instant.getTime() > latest) return `The time given for ${status} (${time}) is later than the server's clock.`;
    if (STEPS_THAT_HAPPENED.includes(status) && calendarDateIn(instant) < visitDate) {
      return `The time given for ${status} (${time}) is before the visit's day (${visitDate}).`;
    }
    const known = stored[status];
    if (known === undefined || instant.getTime() < new Date(known).getTime()) merged[status] = time;
  }
  return merged;
}
