import type { Locale } from '../../shared/domain';

/**
 * Strings of the sign-in screen. Kept out of the main catalog so they load
 * with their screen, which a signed-in phone never downloads.
 */
const en = {
  title: 'Sign in',
  intro: 'Your day of home visits, with or without a signal.',
  email: 'Email',
  password: 'Password',
  submit: 'Sign in',
  submitting: 'Signing in…',
  invalid: 'The email or the password is wrong.',
  offline: 'No connection. Signing in the first time on this device needs the network.',
  tooMany: 'Too many failed attempts. Wait a few minutes, then try again.',
  busy: 'The server is busy. Try again in a moment.',
  failed: (detail: string) => `Could not sign in: ${detail}`,
  wipedTitle: 'The data on this device was removed',
  wiped: {
    deactivated:
      'The office deactivated your account, so the clients and notes on this device were deleted. Everything you had typed was sent to the clinic first. Ask the office if you think this is a mistake.',
    signed_out_elsewhere:
      'This device was signed out from another of your devices, so the clients and notes on it were deleted. Everything you had typed was sent to the clinic first. Sign in again to continue here.',
  },
};

export type SignInMessages = typeof en;

const fr: SignInMessages = {
  title: 'Connexion',
  intro: 'Votre journée de visites à domicile, avec ou sans réseau.',
  email: 'Courriel',
  password: 'Mot de passe',
  submit: 'Se connecter',
  submitting: 'Connexion…',
  invalid: 'Le courriel ou le mot de passe est incorrect.',
  offline: 'Aucune connexion. La première connexion sur cet appareil demande le réseau.',
  tooMany: 'Trop de tentatives échouées. Attendez quelques minutes, puis réessayez.',
  busy: 'Le serveur est occupé. Réessayez dans un instant.',
  failed: (detail) => `Connexion impossible : ${detail}`,
  wipedTitle: 'Les données de cet appareil ont été effacées',
  wiped: {
    deactivated:
      'Le bureau a désactivé votre compte : les clients et les notes de cet appareil ont donc été effacés. Tout ce que vous aviez saisi a d’abord été envoyé à la clinique. Adressez-vous au bureau si vous croyez à une erreur.',
    signed_out_elsewhere:
      'Cet appareil a été déconnecté depuis un autre de vos appareils : les clients et les notes qu’il contenait ont donc été effacés. Tout ce que vous aviez saisi a d’abord été envoyé à la clinique. Reconnectez-vous pour continuer ici.',
  },
};

export const signInCatalogs: Record<Locale, SignInMessages> = { fr, en };
