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

/**
 * Midnight of a `YYYY-MM-DD` day, and a `HH:mm` time on an arbitrary day, in
 * the runtime's zone, for Intl or date-fns to format. Both strings are ours (checked
 * by the schemas); date-fns' parseISO reads every ISO form and weighs 1.3 KB.
 */
export function localDay(date: CalendarDate): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day);
}
export function localClockTime(time: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(2000, 0, 1, hours, minutes);
}

/** The calendar day of an instant in the runtime's own zone (the phone's day). */
export function localDateOf(instant: Date): CalendarDate {
  return [instant.getFullYear(), String(instant.getMonth() + 1).padStart(2, '0'), String(instant.getDate()).padStart(2, '0')].join('-');
}

/** Calendar arithmetic on `YYYY-MM-DD` strings, in UTC so that no zone or daylight-saving change is involved. */
export function shiftDate(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
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
