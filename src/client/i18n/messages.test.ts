import { describe, expect, it } from 'vitest';
import { formatClockTime, formatDayTitle, formatSyncTime } from './format';
import { clinicalCatalogs } from './clinical-messages';
import { mapCatalogs } from './map-messages';
import { en } from './messages-en';
import { fr } from './messages-fr';
import { conflictCatalogs } from './conflict-messages';
import { receiptCatalogs } from './receipt-messages';
import { settingsCatalogs } from './settings-messages';
import { roadSettingsCatalogs } from './road-settings-messages';
import { dictationCatalogs } from './dictation-messages';
import { clientCatalogs } from './client-messages';
import { visitCatalogs } from './visit-messages';
import { signInCatalogs } from './sign-in-messages';
import { routeSuggestionCatalogs } from './route-suggestion-messages';
import { smsCatalogs } from '../road/client-messages';

/** The main catalog and each screen's: every one is checked below. */
const catalogs = { fr, en };
const EVERY_CATALOG = { catalogs, clinicalCatalogs, mapCatalogs, roadSettingsCatalogs, receiptCatalogs, settingsCatalogs, conflictCatalogs, dictationCatalogs, clientCatalogs, visitCatalogs, smsCatalogs, signInCatalogs, routeSuggestionCatalogs };

function shape(value: unknown): unknown {
  if (typeof value === 'function') return 'function';
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  }
  return typeof value;
}

describe('message catalog', () => {
  it('has the same keys in French and English, in the main catalog and in each screen’s', () => {
    for (const catalog of Object.values(EVERY_CATALOG)) {
      expect(shape(catalog.fr)).toEqual(shape(catalog.en));
    }
  });

  it('has no empty string in either language', () => {
    const empties: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (value === '') empties.push(path);
      else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
    };
    walk(EVERY_CATALOG, 'catalogs');
    expect(empties).toEqual([]);
  });
});

describe('dates and times', () => {
  it('writes times the Quebec way in French and the Canadian way in English', () => {
    expect(formatClockTime('08:30', 'fr')).toBe('8 h 30');
    expect(formatClockTime('18:05', 'fr')).toBe('18 h 05');
    expect(formatClockTime('18:05', 'en')).toBe('6:05 PM');
  });

  it('names the day in each language', () => {
    expect(formatDayTitle('2026-11-24', 'fr')).toBe('mardi 24 novembre');
    expect(formatDayTitle('2026-11-24', 'en')).toBe('Tuesday, November 24');
  });

  it('shows only the time for a sync earlier today', () => {
    const now = new Date(2026, 10, 24, 15, 0);
    expect(formatSyncTime(new Date(2026, 10, 24, 9, 5), 'fr', now)).toBe('9 h 05');
    expect(formatSyncTime(new Date(2026, 10, 23, 9, 5), 'en', now)).toBe('Nov 23, 9:05 AM');
  });

  it('says lateness past an hour in hours and minutes, as a therapist would', () => {
    expect(catalogs.fr.road.lateBy(452)).toBe('7 h 32 de retard');
    expect(catalogs.fr.road.lateBy(65)).toBe('1 h 05 de retard');
    expect(catalogs.fr.road.lateBy(45)).toBe('45 min de retard');
    expect(catalogs.en.road.lateBy(452)).toBe('late by 7 h 32 min');
    expect(catalogs.en.road.lateBy(45)).toBe('late by 45 min');
  });
});
