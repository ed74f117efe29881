import type { Locale } from '../../shared/domain';
import { loadedCatalogs, type Messages } from './messages';

/**
 * The main catalog in the CLIENT's language rather than the therapist's (a
 * receipt), loaded beforehand: App.tsx loads both languages with the receipt
 * screen, through messages.ts. Imported here instead, the French catalog's
 * chunk needed a namespace helper that the day view then downloaded too.
 */
export function catalogIn(locale: Locale): Messages {
  const catalog = loadedCatalogs.peek()[locale];
  if (!catalog) throw new Error(`The ${locale} messages were read before they were loaded.`);
  return catalog;
}
