import type { Locale } from '../../shared/domain';

/** Strings of the client list and of the client file's contact card. Loaded with those screens, not with the day view. */
const en = {
  list: {
    title: 'Clients',
    search: 'Search by name, phone or street',
    listLabel: 'Clients on this device',
    total: (n: number) => (n === 1 ? '1 client on this device' : `${n} clients on this device`),
    found: (n: number, total: number) => `${n} of ${total}`,
    noMatch: (search: string) => `No client matches “${search}”. Try part of the name, the phone number or the street.`,
    empty: 'No clients on this device yet. Your clients appear here after the next sync.',
    today: 'Visit today',
    next: (day: string) => `Next visit ${day}`,
    last: (day: string) => `Last visit ${day}`,
  },
  file: {
    backToVisit: 'Back to the visit',
    backToList: 'All clients',
    contact: 'Contact',
    call: 'Call',
    text: 'Text',
    email: 'Email',
    address: 'Address',
    unit: (unit: string) => `unit ${unit}`,
  },
};

export type ClientMessages = typeof en;

const fr: ClientMessages = {
  list: {
    title: 'Clients',
    search: 'Chercher par nom, téléphone ou rue',
    listLabel: 'Clients sur cet appareil',
    total: (n) => (n <= 1 ? `${n} client sur cet appareil` : `${n} clients sur cet appareil`),
    found: (n, total) => `${n} sur ${total}`,
    noMatch: (search) => `Aucun client ne correspond à « ${search} ». Essayez une partie du nom, le numéro de téléphone ou la rue.`,
    empty: 'Aucun client sur cet appareil pour l’instant. Vos clients apparaîtront ici après la prochaine synchronisation.',
    today: 'Visite aujourd’hui',
    next: (day) => `Prochaine visite ${day}`,
    last: (day) => `Dernière visite ${day}`,
  },
  file: {
    backToVisit: 'Retour à la visite',
    backToList: 'Tous les clients',
    contact: 'Coordonnées',
    call: 'Appeler',
    text: 'Texto',
    email: 'Courriel',
    address: 'Adresse',
    unit: (unit) => `app. ${unit}`,
  },
};

export const clientCatalogs: Record<Locale, ClientMessages> = { fr, en };
