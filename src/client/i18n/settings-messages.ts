import type { Locale } from '../../shared/domain';

/** Strings of the settings screen (account, sign-out, refused changes). Loaded with that screen, not with the day view. */
const en = {
  settings: {
    title: 'Settings',
    language: 'Language',
    languageAuto: 'Same as this device',
    account: 'Account',
    signedInAs: (name: string, email: string) => `Signed in as ${name} (${email})`,
    association: 'Association',
    memberNumber: 'Member number',
    signOut: 'Sign out',
    signOutConfirm: 'Sign out and remove this day’s data from this device?',
    signOutFailed: (detail: string) => `Could not sign out: ${detail}`,
    signOutWaiting: (n: number) =>
      `${n === 1 ? '1 change has' : `${n} changes have`} not reached the office yet. Connect to send them before signing out.`,
    signOutRefused: (n: number) =>
      `The server refused ${n === 1 ? '1 change' : `${n} changes`} that you have not read yet (below). What you wrote is kept only on this device: read it before signing out.`,
    discardAndSignOut: (n: number) => `Discard ${n === 1 ? '1 change' : `${n} changes`} and sign out`,
    discardConfirm: 'These changes will be lost for good. Discard them and sign out?',
    storage: 'Storage on this device',
    storagePersisted: 'Protected: the browser will not clear it on its own.',
    storageNotPersisted: 'Not protected: the browser may clear it when space runs low.',
  },
  unreadable: {
    title: 'Records this app could not read',
    intro: 'They stay on this device untouched and are left out of the screens. Tell the office; an update or the next sync may repair them.',
  },
};

export type SettingsMessages = typeof en;

const fr: SettingsMessages = {
  settings: {
    title: 'Réglages',
    language: 'Langue',
    languageAuto: 'Comme cet appareil',
    account: 'Compte',
    signedInAs: (name, email) => `Connecté·e : ${name} (${email})`,
    association: 'Association',
    memberNumber: 'Numéro de membre',
    signOut: 'Se déconnecter',
    signOutConfirm: 'Se déconnecter et effacer les données de cet appareil?',
    signOutFailed: (detail) => `Déconnexion impossible : ${detail}`,
    signOutWaiting: (n) =>
      `${n === 1 ? '1 modification n’a' : `${n} modifications n’ont`} pas encore été envoyée${n === 1 ? '' : 's'} au bureau. Connectez-vous au réseau pour les envoyer avant de vous déconnecter.`,
    signOutRefused: (n) =>
      `Le serveur a refusé ${n === 1 ? '1 modification' : `${n} modifications`} que vous n’avez pas encore lue${n === 1 ? '' : 's'} (plus bas). Ce que vous aviez écrit n’est gardé que sur cet appareil : lisez-le avant de vous déconnecter.`,
    discardAndSignOut: (n) => `Abandonner ${n === 1 ? '1 modification' : `${n} modifications`} et se déconnecter`,
    discardConfirm: 'Ces modifications seront perdues pour de bon. Les abandonner et se déconnecter?',
    storage: 'Stockage sur cet appareil',
    storagePersisted: 'Protégé : le navigateur ne l’effacera pas de lui-même.',
    storageNotPersisted: 'Non protégé : le navigateur peut l’effacer s’il manque d’espace.',
  },
  unreadable: {
    title: 'Données que l’application n’a pas pu lire',
    intro: 'Elles restent intactes sur cet appareil et n’apparaissent pas à l’écran. Prévenez le bureau; une mise à jour ou la prochaine synchronisation pourra les réparer.',
  },
};

export const settingsCatalogs: Record<Locale, SettingsMessages> = { fr, en };
