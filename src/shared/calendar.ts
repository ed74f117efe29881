import { addDays, format, parseISO } from 'date-fns';
import type { CalendarDate } from './domain/common';

/** The office's time zone. Montreal keeps Toronto's rules; IANA lists America/Montreal only as an alias. */
export const OFFICE_TIME_ZONE = 'America/Toronto';

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day it is at `instant` in `timeZone` (not the runtime's own zone). */
export function calendarDateIn(instant: Date, timeZone: string = OFFICE_TIME_ZONE): CalendarDate {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

/** Calendar arithmetic on `YYYY-MM-DD` strings; no time zone is involved. */
export function shiftDate(date: CalendarDate, days: number): CalendarDate {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time `HH:mm` at `instant` in `timeZone` (not the runtime's own zone). */
export function clockTimeIn(instant: Date, timeZone: string = OFFICE_TIME_ZONE): string {
  let formatter = timeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}
