import type { Locale } from '../../shared/domain';
import { loadCatalog, loadedCatalogs, type Messages } from './messages';

/**
 * The main catalog in the CLIENT's language rather than the therapist's (a
 * receipt). Both languages are fetched through messages.ts, never imported:
 * imported here as well, the French catalog's chunk needed a namespace helper
 * that the day view then downloaded too.
 */
export function loadBothCatalogs(): Promise<Messages[]> {
  return Promise.all([loadCatalog('fr'), loadCatalog('en')]);
}

/** A catalog loaded beforehand (loadBothCatalogs, awaited by the screens that call this). */
export function catalogIn(locale: Locale): Messages {
  const catalog = loadedCatalogs.peek()[locale];
  if (!catalog) throw new Error(`The ${locale} messages were read before they were loaded.`);
  return catalog;
}
