import { format, isSameDay } from 'date-fns';
import { enCA, frCA } from 'date-fns/locale';
import { localClockTime, localDay } from '../../shared/calendar';
import type { Locale } from '../../shared/domain';
import { catalogs } from './messages';

const dateFnsLocales = { fr: frCA, en: enCA } as const;

/** `2026-11-24` as "mardi 24 novembre" / "Tuesday, November 24". */
export function formatDayTitle(date: string, locale: Locale): string {
  return format(localDay(date), catalogs[locale].formats.dayTitle, { locale: dateFnsLocales[locale] });
}

export function formatDayShort(date: string, locale: Locale): string {
  return format(localDay(date), catalogs[locale].formats.dayShort, { locale: dateFnsLocales[locale] });
}

/** `08:30` as "8 h 30" / "8:30 AM". */
export function formatClockTime(time: string, locale: Locale): string {
  return format(localClockTime(time), catalogs[locale].formats.time, { locale: dateFnsLocales[locale] });
}


/** When the device last synced: just the time if it was today, else the date too. */
export function formatSyncTime(instant: Date, locale: Locale, now: Date = new Date()): string {
  const pattern = isSameDay(instant, now) ? catalogs[locale].formats.time : catalogs[locale].formats.dateTime;
  return format(instant, pattern, { locale: dateFnsLocales[locale] });
}
