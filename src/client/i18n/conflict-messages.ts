import type { Locale } from '../../shared/domain';

/** Strings of the conflict panel ("this note was changed on another device"). Loaded with that screen, not with the day view. */
const en = {
  conflict: {
    title: 'This note was changed on another device',
    fieldTitle: (field: string) => `“${field}” was changed on another device`,
    intro: 'Both versions are kept. Choose one, or merge them.',
    introSigned: 'The record is signed with the current version. The other version stays in the file; add an amendment if it matters.',
    dismiss: 'I have read it',
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
    fieldTitle: (field) => `« ${field} » a été modifié sur un autre appareil`,
    intro: 'Les deux versions sont gardées. Choisissez-en une, ou fusionnez-les.',
    introSigned: 'La fiche est signée avec la version actuelle. L’autre version reste au dossier ; ajoutez une correction si elle compte.',
    dismiss: 'J’ai lu',
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
