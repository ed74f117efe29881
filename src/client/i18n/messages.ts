import { signal } from '@preact/signals';
import type { Locale } from '../../shared/domain';
import type { Messages } from './messages-en';

export type { Messages } from './messages-en';

/**
 * The main catalog, one download per language: a phone needs only its
 * therapist's, and both together were a sixth of the day view's first
 * download. The app loads the therapist's language before its first render
 * (main.tsx) and another one before switching to it (chooseLocale); the
 * service worker precaches both, so either opens offline.
 */
const loaders: Record<Locale, () => Promise<Messages>> = {
  en: () => import('./messages-en').then((module) => module.en),
  fr: () => import('./messages-fr').then((module) => module.fr),
};

/** The catalogs loaded so far. */
export const loadedCatalogs = signal<Partial<Record<Locale, Messages>>>({});
const loading = new Map<Locale, Promise<Messages>>();

export function loadCatalog(locale: Locale): Promise<Messages> {
  const ready = loadedCatalogs.peek()[locale];
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale]().then(
      (catalog) => {
        loadedCatalogs.value = { ...loadedCatalogs.peek(), [locale]: catalog };
        return catalog;
      },
      (failure: unknown) => {
        // Offline before the service worker had it: a later attempt may succeed.
        loading.delete(locale);
        throw failure;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}
