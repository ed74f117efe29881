import { computed, effect, signal } from '@preact/signals';
import type { Locale } from '../../shared/domain';
import { catalogs } from '../i18n/messages';

const STORAGE_KEY = 'tournee.locale';

/** French for a French browser, English otherwise. */
export function browserLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const language of languages) {
    const primary = language.toLowerCase().split('-')[0];
    if (primary === 'fr' || primary === 'en') return primary;
  }
  return 'en';
}

function readChoice(): Locale | null {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'fr' || stored === 'en' ? stored : null;
}

/** The therapist's explicit choice, or null to follow the device. */
export const localeChoice = signal<Locale | null>(readChoice());
export const locale = computed<Locale>(() => localeChoice.value ?? browserLocale());
export const messages = computed(() => catalogs[locale.value]);

export function chooseLocale(choice: Locale | null): void {
  if (choice) localStorage.setItem(STORAGE_KEY, choice);
  else localStorage.removeItem(STORAGE_KEY);
  localeChoice.value = choice;
}

effect(() => {
  document.documentElement.lang = locale.value === 'fr' ? 'fr-CA' : 'en-CA';
});
