import type { Locale } from '../../shared/domain';

/**
 * Strings of the dictation button. Kept out of the main catalog so they load
 * with the screens that have free-text fields, not with the day view.
 */
const en = {
  dictate: 'Dictate',
  // The visible word first, so that the accessible name contains it.
  dictateInto: (field: string) => `Dictate: ${field}`,
  listening: 'Listening on this device…',
  micDenied: 'The microphone is not allowed: allow it in the browser’s site settings to dictate.',
  failed: (code: string) => `Dictation stopped (${code}). What was dictated is kept.`,
};

export type DictationMessages = typeof en;

const fr: DictationMessages = {
  dictate: 'Dicter',
  dictateInto: (field) => `Dicter : ${field}`,
  listening: 'À l’écoute sur cet appareil…',
  micDenied: 'Le micro n’est pas autorisé : autorisez-le dans les réglages du site pour dicter.',
  failed: (code) => `Dictée interrompue (${code}). Ce qui a été dicté est conservé.`,
};

export const dictationCatalogs: Record<Locale, DictationMessages> = { fr, en };
