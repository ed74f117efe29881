import { computed, effect, signal } from '@preact/signals';
import type { Locale } from '../../shared/domain';
import { preferredLocale } from '../../shared/preferred-locale';
import { loadCatalog, loadedCatalogs, type Messages } from '../i18n/messages';

const STORAGE_KEY = 'tournee.locale';

/** French for a French browser, English otherwise. */
export function browserLocale(languages: readonly string[] = navigator.languages): Locale {
  return preferredLocale(languages);
}

function readChoice(): Locale | null {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'fr' || stored === 'en' ? stored : null;
}

/** The therapist's explicit choice, or null to follow the device. */
export const localeChoice = signal<Locale | null>(readChoice());
export const locale = computed<Locale>(() => localeChoice.value ?? browserLocale());
/**
 * The therapist's catalog. Loaded before the first render (main.tsx calls
 * loadLocale) and before any switch (chooseLocale), so it is always there.
 */
export const messages = computed<Messages>(() => {
  const catalog = loadedCatalogs.value[locale.value];
  if (!catalog) throw new Error(`The ${locale.value} messages were read before they were loaded.`);
  return catalog;
});

/** Loads the language the app starts in. */
export function loadLocale(): Promise<Messages> {
  return loadCatalog(locale.peek());
}

/** Switches language once the new one is loaded; a failed download leaves the current one on screen. */
export async function chooseLocale(choice: Locale | null): Promise<void> {
  await loadCatalog(choice ?? browserLocale());
  if (choice) localStorage.setItem(STORAGE_KEY, choice);
  else localStorage.removeItem(STORAGE_KEY);
  localeChoice.value = choice;
}

effect(() => {
  document.documentElement.lang = locale.value === 'fr' ? 'fr-CA' : 'en-CA';
});
