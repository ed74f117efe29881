import type { Locale } from '../../shared/domain';

/** Strings of the conflict panel ("this note was changed on another device"). Loaded with that screen, not with the day view. */
const en = {
  conflict: {
    title: 'This note was changed on another device',
    intro: 'Both versions are kept. Choose one, or merge them.',
    current: 'Current version',
    other: 'The other version',
    keepCurrent: 'Keep the current version',
    useOther: 'Use the other version',
    merge: 'Merge them',
    mergeLabel: 'Merged note',
    saveMerge: 'Save the merged note',
    cancel: 'Cancel',
    failed: (detail: string) => `Could not save your choice: ${detail}`,
  },
};

export type ConflictMessages = typeof en;

const fr: ConflictMessages = {
  conflict: {
    title: 'Cette note a été modifiée sur un autre appareil',
    intro: 'Les deux versions sont gardées. Choisissez-en une, ou fusionnez-les.',
    current: 'Version actuelle',
    other: 'L’autre version',
    keepCurrent: 'Garder la version actuelle',
    useOther: 'Prendre l’autre version',
    merge: 'Fusionner',
    mergeLabel: 'Note fusionnée',
    saveMerge: 'Enregistrer la note fusionnée',
    cancel: 'Annuler',
    failed: (detail) => `Impossible d’enregistrer votre choix : ${detail}`,
  },
};

export const conflictCatalogs: Record<Locale, ConflictMessages> = { fr, en };
