import { describe, expect, it } from 'vitest';
import { acceptedLanguages, preferredLocale } from './preferred-locale';

describe('the language the app speaks first', () => {
  it('is the first of the browser’s languages that the app speaks, English otherwise', () => {
    expect(preferredLocale(['fr-CA', 'en-CA'])).toBe('fr');
    expect(preferredLocale(['de-DE', 'EN-gb', 'fr'])).toBe('en');
    expect(preferredLocale(['es', 'de'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });

  it('reads Accept-Language by weight, then by order', () => {
    expect(acceptedLanguages('fr-CA,fr;q=0.9,en-US;q=0.8,en;q=0.7')).toEqual(['fr-CA', 'fr', 'en-US', 'en']);
    expect(acceptedLanguages('en;q=0.5, fr-CA')).toEqual(['fr-CA', 'en']);
    expect(acceptedLanguages('fr;q=0, en')).toEqual(['en']);
    expect(acceptedLanguages('*')).toEqual([]);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(preferredLocale(acceptedLanguages('de-CH, fr;q=0.4, en;q=0.3'))).toBe('fr');
  });
});
