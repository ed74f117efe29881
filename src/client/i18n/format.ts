import { localDateOf, localDay } from '../../shared/calendar';
import type { Locale } from '../../shared/domain';

/*
 * Dates and times on the day view, written with the platform's Intl and by
 * hand rather than date-fns' `format`: with its locales, that is 8 KB of the
 * day view's first download for four fixed shapes. Screens loaded later
 * (receipt, intake, map) still use date-fns with the catalogs' patterns.
 */

/** One Intl formatter per language, made on first use (they are costly to build, cheap to reuse). */
function perLocale(make: (locale: Locale) => Intl.DateTimeFormat): (locale: Locale) => Intl.DateTimeFormat {
  const made = new Map<Locale, Intl.DateTimeFormat>();
  return (locale) => {
    let formatter = made.get(locale);
    if (!formatter) made.set(locale, (formatter = make(locale)));
    return formatter;
  };
}

const tag = (locale: Locale) => (locale === 'fr' ? 'fr-CA' : 'en-CA');
const dayTitle = perLocale((locale) => new Intl.DateTimeFormat(tag(locale), { weekday: 'long', day: 'numeric', month: 'long' }));
const dayShort = perLocale((locale) => new Intl.DateTimeFormat(tag(locale), { weekday: 'short', day: 'numeric', month: 'short' }));
// en-CA writes "Nov. 23"; the app's English shows "Nov 23".
const dayMonth = perLocale((locale) => new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-US', { day: 'numeric', month: 'short' }));

/** `2026-11-24` as "mardi 24 novembre" / "Tuesday, November 24". */
export function formatDayTitle(date: string, locale: Locale): string {
  return dayTitle(locale).format(localDay(date));
}

/** `2026-11-24` as "mar. 24 nov." / "Tue, Nov 24". */
export function formatDayShort(date: string, locale: Locale): string {
  return dayShort(locale).format(localDay(date));
}

/** A wall-clock time as "8 h 30" (Quebec) / "8:30 AM". */
function clockText(hours: number, minutes: number, locale: Locale): string {
  const mm = String(minutes).padStart(2, '0');
  if (locale === 'fr') return `${hours} h ${mm}`;
  return `${hours % 12 === 0 ? 12 : hours % 12}:${mm} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** `08:30` as "8 h 30" / "8:30 AM". */
export function formatClockTime(time: string, locale: Locale): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return clockText(hours, minutes, locale);
}

const MINUTES_PER_DAY = 24 * 60;
// Here rather than in the catalogs: the day view needs it in the language it is given.
const AFTER_MIDNIGHT: Record<Locale, (time: string) => string> = {
  fr: (time) => `${time} (après minuit)`,
  en: (time) => `${time} (after midnight)`,
};

/**
 * Minutes from the day's midnight, as planned times are counted (past 1440 when a
 * late day runs into the night), as a clock time that says when it falls after
 * midnight: "0 h 20 (après minuit)" rather than a bare "0 h 20" read as the morning.
 */
export function formatDayMinutes(total: number, locale: Locale): string {
  const minutes = Math.round(total);
  const time = clockText(Math.floor(minutes / 60) % 24, minutes % 60, locale);
  return minutes >= MINUTES_PER_DAY ? AFTER_MIDNIGHT[locale](time) : time;
}

/** The wall-clock time of an instant on this device, as formatClockTime writes it. */
export function formatInstantTime(instant: Date, locale: Locale): string {
  return clockText(instant.getHours(), instant.getMinutes(), locale);
}

/** When the device last synced: just the time if it was today, else the date too ("23 nov., 9 h 05" / "Nov 23, 9:05 AM"). */
export function formatSyncTime(instant: Date, locale: Locale, now: Date = new Date()): string {
  const time = formatInstantTime(instant, locale);
  if (localDateOf(instant) === localDateOf(now)) return time;
  return `${dayMonth(locale).format(instant)}, ${time}`;
}
