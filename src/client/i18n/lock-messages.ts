import type { Locale } from '../../shared/domain';

/**
 * Strings of the lock screen and of Settings' lock card. Kept out of the main
 * catalog: they load with their screen.
 */
const en = {
  lockedTitle: 'Tournée is locked',
  lockedIntro: 'The clients’ files on this phone are encrypted. Enter your PIN to open them.',
  pin: 'PIN',
  unlock: 'Unlock',
  unlocking: 'Unlocking…',
  forgotPin: 'Forgot your PIN? Use your password',
  wrongPin: (left: number) => (left === 1 ? 'Wrong PIN. One try left, then your password will be needed.' : `Wrong PIN. ${left} tries left.`),
  passwordTitle: {
    'choose-pin': 'Choose a PIN for this phone',
    'locked-out': 'Too many wrong PINs',
    'forgot-pin': 'Choose a new PIN',
    'new-key': 'Protect the files on this phone',
  },
  passwordIntro: {
    'choose-pin': 'The clients’ files on this phone are encrypted. Enter your password once, and choose a PIN to unlock quickly from now on.',
    'locked-out': 'After 10 wrong PINs, only your password opens the files on this phone. Nothing was lost: enter it, and choose a new PIN.',
    'forgot-pin': 'Enter your password, and choose a new PIN. Nothing on this phone is lost.',
    'new-key': 'From now on the clients’ files on this phone are encrypted. Enter your password once, and choose a PIN.',
  },
  password: 'Password',
  newPin: 'New PIN (6 digits or more)',
  confirmPin: 'The same PIN again',
  choose: 'Unlock with this PIN',
  backToPin: 'Back to the PIN',
  pinTooShort: 'The PIN needs at least 6 characters.',
  pinsDiffer: 'The two PINs are not the same.',
  wrongPassword: 'The password is wrong.',
  tooMany: 'Too many failed attempts. Wait a few minutes, then try again.',
  needsNetwork: 'The password is checked by the office’s server: connect to the internet, or use your PIN.',
  escrowRefused: 'The office’s server no longer holds this phone’s key (the phone was signed out elsewhere). Sign out and sign in again.',
  failed: (detail: string) => `Could not unlock: ${detail}`,
  // Settings
  offIntro:
    'The clients’ files on this phone are not encrypted yet. Turn on the lock: the files are encrypted under a key that only your PIN, or your password, opens; the app locks by itself when left alone.',
  turnOn: 'Turn on the lock',
  turningOn: 'Turning on… (the day is downloaded again, encrypted)',
  needsSync: 'Some changes have not reached the office yet, or were refused and wait for you. Sync or review them first, then turn the lock on.',
  cardTitle: 'Locking',
  cardIntro: 'The files on this phone are encrypted, and the app locks by itself. What you type is saved before it locks.',
  hiddenAfter: 'Lock when the app has been in the background for',
  idleAfter: 'Lock when the app has not been touched for',
  minutes: (minutes: number) => `${minutes} min`,
  lockNow: 'Lock now',
};

export type LockMessages = typeof en;

const fr: LockMessages = {
  lockedTitle: 'Tournée est verrouillée',
  lockedIntro: 'Les dossiers des clients sont chiffrés sur ce téléphone. Entrez votre NIP pour les ouvrir.',
  pin: 'NIP',
  unlock: 'Déverrouiller',
  unlocking: 'Déverrouillage…',
  forgotPin: 'NIP oublié ? Utiliser le mot de passe',
  wrongPin: (left) => (left === 1 ? 'NIP incorrect. Encore un essai, ensuite votre mot de passe sera demandé.' : `NIP incorrect. Encore ${left} essais.`),
  passwordTitle: {
    'choose-pin': 'Choisissez un NIP pour ce téléphone',
    'locked-out': 'Trop de NIP incorrects',
    'forgot-pin': 'Choisissez un nouveau NIP',
    'new-key': 'Protégez les dossiers de ce téléphone',
  },
  passwordIntro: {
    'choose-pin': 'Les dossiers des clients sont chiffrés sur ce téléphone. Entrez votre mot de passe une fois et choisissez un NIP pour déverrouiller rapidement ensuite.',
    'locked-out': 'Après 10 NIP incorrects, seul votre mot de passe ouvre les dossiers de ce téléphone. Rien n’est perdu : entrez-le et choisissez un nouveau NIP.',
    'forgot-pin': 'Entrez votre mot de passe et choisissez un nouveau NIP. Rien n’est perdu sur ce téléphone.',
    'new-key': 'Désormais, les dossiers des clients sont chiffrés sur ce téléphone. Entrez votre mot de passe une fois et choisissez un NIP.',
  },
  password: 'Mot de passe',
  newPin: 'Nouveau NIP (6 chiffres ou plus)',
  confirmPin: 'Le même NIP, encore',
  choose: 'Déverrouiller avec ce NIP',
  backToPin: 'Revenir au NIP',
  pinTooShort: 'Le NIP doit compter au moins 6 caractères.',
  pinsDiffer: 'Les deux NIP ne sont pas identiques.',
  wrongPassword: 'Le mot de passe est incorrect.',
  tooMany: 'Trop de tentatives échouées. Attendez quelques minutes, puis réessayez.',
  needsNetwork: 'Le mot de passe est vérifié par le serveur du bureau : connectez-vous à Internet, ou utilisez votre NIP.',
  escrowRefused: 'Le serveur du bureau ne détient plus la clé de ce téléphone (il a été déconnecté ailleurs). Déconnectez-vous puis reconnectez-vous.',
  failed: (detail) => `Déverrouillage impossible : ${detail}`,
  offIntro:
    'Les dossiers des clients ne sont pas encore chiffrés sur ce téléphone. Activez le verrouillage : ils seront chiffrés sous une clé que seul votre NIP, ou votre mot de passe, ouvre ; l’app se verrouille d’elle-même quand on la laisse.',
  turnOn: 'Activer le verrouillage',
  turningOn: 'Activation… (la journée est téléchargée de nouveau, chiffrée)',
  needsSync: 'Des changements n’ont pas encore atteint le bureau, ou ont été refusés et vous attendent. Synchronisez ou passez-les en revue, puis activez le verrouillage.',
  cardTitle: 'Verrouillage',
  cardIntro: 'Les dossiers sont chiffrés sur ce téléphone, et l’app se verrouille d’elle-même. Ce que vous tapez est enregistré avant.',
  hiddenAfter: 'Verrouiller quand l’app est en arrière-plan depuis',
  idleAfter: 'Verrouiller quand l’app n’a pas été touchée depuis',
  minutes: (minutes) => `${minutes} min`,
  lockNow: 'Verrouiller maintenant',
};

export const lockCatalogs: Record<Locale, LockMessages> = { fr, en };
