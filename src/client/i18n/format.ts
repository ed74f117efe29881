import { localDateOf } from '../../shared/calendar';
import type { Locale } from '../../shared/domain';

/*
 * Dates and times on the day view, written with the platform's Intl and by
 * hand rather than date-fns' `format`: with its locales, that is 8 KB of the
 * day view's first download for four fixed shapes. Screens loaded later
 * (receipt, intake, map) still use date-fns with the catalogs' patterns.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) formatters.set(key, (cached = new Intl.DateTimeFormat(tag, options)));
  return cached;
}

/** Midnight of a `YYYY-MM-DD` day in the runtime's zone. */
function dayOf(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day);
}

/** `2026-11-24` as "mardi 24 novembre" / "Tuesday, November 24". */
export function formatDayTitle(date: string, locale: Locale): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
  return formatter(locale === 'fr' ? 'fr-CA' : 'en-CA', options).format(dayOf(date));
}

/** `2026-11-24` as "mar. 24 nov." / "Tue, Nov 24". */
export function formatDayShort(date: string, locale: Locale): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
  return formatter(locale === 'fr' ? 'fr-CA' : 'en-CA', options).format(dayOf(date));
}

/** `08:30` as "8 h 30" (Quebec) / "8:30 AM". */
export function formatClockTime(time: string, locale: Locale): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const mm = String(minutes).padStart(2, '0');
  if (locale === 'fr') return `${hours} h ${mm}`;
  return `${hours % 12 === 0 ? 12 : hours % 12}:${mm} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** The wall-clock time of an instant on this device, as formatClockTime writes it. */
export function formatInstantTime(instant: Date, locale: Locale): string {
  return formatClockTime(`${instant.getHours()}:${instant.getMinutes()}`, locale);
}

/** When the device last synced: just the time if it was today, else the date too ("23 nov., 9 h 05" / "Nov 23, 9:05 AM"). */
export function formatSyncTime(instant: Date, locale: Locale, now: Date = new Date()): string {
  const time = formatInstantTime(instant, locale);
  if (localDateOf(instant) === localDateOf(now)) return time;
  const day = formatter(locale === 'fr' ? 'fr-CA' : 'en-US', { day: 'numeric', month: 'short' }).format(instant);
  return `${day}, ${time}`;
}
