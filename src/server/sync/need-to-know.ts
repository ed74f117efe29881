import { calendarDateIn, shiftDate } from '../../shared/calendar';
import { pullWindow } from './pull-window';

/** Days after a visit that its therapist keeps the client's clinical file (config NEED_TO_KNOW_DAYS). */
export const NEED_TO_KNOW_DAYS_DEFAULT = 14;

/** The visit dates that open a client's clinical file, and the office's calendar day they were computed for. */
export interface NeedToKnowDates {
  today: string;
  from: string;
  to: string;
}

/**
 * Need to know (Law 25): a therapist may see a client's clinical file
 * (intakes, session records, amendments, whoever wrote them) while they have a
 * visit with that client that is not cancelled (nor deleted) and is dated from
 * `days` ago to the end of the pull window. The days behind let notes written
 * offline after a visit still reach the server, and a late amendment find its
 * record; a cancelled visit opens nothing, since no care happened or will.
 * A no-show counts: the therapist was sent to the home and prepared with the
 * file, and may have to document the missed visit.
 */
export function needToKnowDates(now: Date, days: number): NeedToKnowDates {
  const today = calendarDateIn(now);
  return { today, from: shiftDate(today, -days), to: pullWindow(now).to };
}
