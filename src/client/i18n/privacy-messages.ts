import type { Locale } from '../../shared/domain';

/** Strings of the privacy officer's card in Settings (Law 25). French first. */
const fr = {
  title: 'Protection des renseignements personnels',
  intro: 'Pour toute question sur les renseignements de vos clients, un accès, une copie ou une suppression, joignez la personne responsable :',
  name: 'Responsable',
  email: 'Courriel',
  phone: 'Téléphone',
  unknown: 'Connectez-vous au réseau une fois pour voir qui joindre.',
};

const en: typeof fr = {
  title: 'Privacy',
  intro: 'For any question about your clients’ information, access, a copy or a deletion, contact the person in charge:',
  name: 'Privacy officer',
  email: 'Email',
  phone: 'Phone',
  unknown: 'Connect to the network once to see whom to contact.',
};

export const privacyCatalogs: Record<Locale, typeof fr> = { fr, en };
