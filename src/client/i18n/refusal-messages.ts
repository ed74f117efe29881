import type { Locale } from '../../shared/domain';
import type { EntityName, RejectionCode } from '../../shared/protocol';

/**
 * A change the server refused, told in the therapist's language: what it was
 * about and why, from the refusal's code. The server's own wording (English,
 * for the office and the logs) is shown only as a detail.
 */
const en = {
  title: 'Changes the server refused',
  what: {
    therapist: 'your profile',
    client: 'a client’s file',
    visit: 'a visit',
    conflict: 'a choice between two versions',
    intake: 'a health history',
    sessionRecord: 'a session record',
    amendment: 'an amendment',
    receipt: 'a receipt',
  } satisfies Record<EntityName, string>,
  why: {
    invalid: 'Something in it is not valid.',
    not_found: 'The record is not on the server, or is no longer yours (the office may have removed it or given it to someone else).',
    forbidden: 'It concerns a record that is not yours to change.',
    read_only: 'The record can no longer be changed (it is signed, or only the office can change it).',
    stale: 'The record changed on another device since you read it. Read the newer text, then sign again.',
    too_large: 'It is too large to send. Shorten it, or split it.',
    server_error: 'The server could not apply it; the office has been told.',
  } satisfies Record<RejectionCode, string>,
  unknownWhy: 'The server refused it.',
  /** A visit's status the server would not move: it is back to the server's. */
  visitMove: 'The visit had already moved on (on another device or at the office), or its day has not come yet. It now shows the status the server holds.',
  /** Field names as the therapist knows them; any other field shows under its own name. */
  fields: {
    subjective: 'Subjective',
    objective: 'Objective',
    assessment: 'Assessment',
    plan: 'Plan',
    clientResponse: 'Client’s response',
    homeCare: 'Home-care advice',
    therapistNote: 'Your note',
    status: 'Status',
    statusTimes: 'Times of each step',
    statusReason: 'Reason',
    signedAt: 'Signed on',
    signedBy: 'Signed by',
    firstPrintedAt: 'First printed on',
  } as Record<string, string>,
  about: (what: string) => `A change to ${what}`,
  detail: 'Server’s words',
  youWrote: 'What you wrote (kept here)',
  empty: '(empty)',
  dismiss: 'I have read it',
};

export type RefusalMessages = typeof en;

const fr: RefusalMessages = {
  title: 'Modifications refusées par le serveur',
  what: {
    therapist: 'votre profil',
    client: 'la fiche d’un client',
    visit: 'une visite',
    conflict: 'un choix entre deux versions',
    intake: 'un questionnaire de santé',
    sessionRecord: 'un dossier de séance',
    amendment: 'une correction',
    receipt: 'un reçu',
  },
  why: {
    invalid: 'Un élément n’est pas valide.',
    not_found: 'Le dossier n’est pas sur le serveur, ou n’est plus le vôtre (le bureau l’a peut-être retiré ou confié à quelqu’un d’autre).',
    forbidden: 'Il concerne un dossier que vous ne pouvez pas modifier.',
    read_only: 'Le dossier ne peut plus être modifié (il est signé, ou seul le bureau peut le changer).',
    stale: 'Le dossier a changé sur un autre appareil depuis votre lecture. Lisez le texte plus récent, puis signez de nouveau.',
    too_large: 'Elle est trop volumineuse pour être envoyée. Raccourcissez-la ou divisez-la.',
    server_error: 'Le serveur n’a pas pu l’appliquer; le bureau a été averti.',
  },
  unknownWhy: 'Le serveur l’a refusée.',
  visitMove: 'La visite avait déjà avancé (sur un autre appareil ou au bureau), ou son jour n’est pas encore venu. Elle affiche maintenant le statut que garde le serveur.',
  fields: {
    subjective: 'Subjectif',
    objective: 'Objectif',
    assessment: 'Analyse',
    plan: 'Plan',
    clientResponse: 'Réaction du client',
    homeCare: 'Conseils pour la maison',
    therapistNote: 'Votre note',
    status: 'Statut',
    statusTimes: 'Heures de chaque étape',
    statusReason: 'Raison',
    signedAt: 'Signé le',
    signedBy: 'Signé par',
    firstPrintedAt: 'Première impression le',
  },
  about: (what) => `Une modification : ${what}`,
  detail: 'Message du serveur',
  youWrote: 'Ce que vous aviez écrit (gardé ici)',
  empty: '(vide)',
  dismiss: 'J’ai lu',
};

export const refusalCatalogs: Record<Locale, RefusalMessages> = { fr, en };
