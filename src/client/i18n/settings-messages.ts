import type { Locale } from '../../shared/domain';

/** Strings of the settings screen (account, sign-out, refused changes). Loaded with that screen, not with the day view. */
const en = {
  settings: {
    title: 'Settings',
    language: 'Language',
    languageAuto: 'Same as this device',
    languageFailed: (detail: string) => `This language could not load (connect once to get it): ${detail}`,
    appearance: 'Appearance',
    themes: { system: 'Same as this device', light: 'Light', dark: 'Dark' },
    textSize: 'Text size',
    textSizes: { system: 'Standard', larger: 'Larger', largest: 'Largest' },
    deviceOnly: 'Kept on this device only.',
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
  devices: {
    title: 'Signed-in devices',
    loading: 'Loading the devices…',
    offline: 'Connect to the network to see the devices signed in to your account.',
    failed: (detail: string) => `Could not load the devices: ${detail}`,
    label: (browser: string | null, os: string | null) => (browser && os ? `${browser} on ${os}` : (browser ?? os ?? 'Unknown device')),
    thisDevice: 'This device',
    signedIn: 'Signed in',
    lastActive: 'Last active',
    activeNow: 'now',
    around: (when: string) => `around ${when}`,
    onlyThis: 'No other device is signed in.',
    signOutOthers: 'Sign out all other devices',
    signOutOthersHint: 'For a lost or shared phone: its session ends at once, and it will need your password to sign in again.',
    signOutOthersConfirm: 'Sign out every other device? They will need your password to sign in again.',
    signedOutOthers: (n: number) => (n === 0 ? 'No other device was signed in.' : n === 1 ? '1 other device signed out.' : `${n} other devices signed out.`),
    signOutOthersFailed: (detail: string) => `Could not sign out the other devices: ${detail}`,
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
    languageFailed: (detail) => `Cette langue n’a pas pu se charger (connectez-vous une fois pour l’obtenir) : ${detail}`,
    appearance: 'Apparence',
    themes: { system: 'Comme cet appareil', light: 'Claire', dark: 'Sombre' },
    textSize: 'Taille du texte',
    textSizes: { system: 'Normale', larger: 'Plus grande', largest: 'La plus grande' },
    deviceOnly: 'Gardé sur cet appareil seulement.',
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
  devices: {
    title: 'Appareils connectés',
    loading: 'Chargement des appareils…',
    offline: 'Connectez-vous au réseau pour voir les appareils connectés à votre compte.',
    failed: (detail) => `Impossible d’afficher les appareils : ${detail}`,
    label: (browser, os) => (browser && os ? `${browser} sur ${os}` : (browser ?? os ?? 'Appareil inconnu')),
    thisDevice: 'Cet appareil',
    signedIn: 'Connexion',
    lastActive: 'Dernière activité',
    activeNow: 'maintenant',
    around: (when) => `vers ${when}`,
    onlyThis: 'Aucun autre appareil n’est connecté.',
    signOutOthers: 'Déconnecter tous les autres appareils',
    signOutOthersHint: 'Pour un téléphone perdu ou partagé : sa session prend fin aussitôt, et il lui faudra votre mot de passe pour se reconnecter.',
    signOutOthersConfirm: 'Déconnecter tous les autres appareils? Il leur faudra votre mot de passe pour se reconnecter.',
    signedOutOthers: (n) => (n === 0 ? 'Aucun autre appareil n’était connecté.' : n === 1 ? '1 autre appareil déconnecté.' : `${n} autres appareils déconnectés.`),
    signOutOthersFailed: (detail) => `Impossible de déconnecter les autres appareils : ${detail}`,
  },
  unreadable: {
    title: 'Données que l’application n’a pas pu lire',
    intro: 'Elles restent intactes sur cet appareil et n’apparaissent pas à l’écran. Prévenez le bureau; une mise à jour ou la prochaine synchronisation pourra les réparer.',
  },
};

export const settingsCatalogs: Record<Locale, SettingsMessages> = { fr, en };
