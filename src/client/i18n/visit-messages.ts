import type { Locale } from '../../shared/domain';

/**
 * Strings of the visit screen (the doorstep, the road card). Kept out of the
 * main catalog so they load with their screen, not with the day view.
 */
const en = {
  when: 'Arrival window',
  service: 'Service',
  duration: 'Duration',
  status: 'Status',
  address: 'Address',
  access: 'Getting in',
  buzzer: 'Buzzer',
  parking: 'Parking',
  stairs: 'Stairs',
  pets: 'Pets',
  othersPresent: 'Others in the home',
  risks: 'Risk notes',
  riskCard: 'Before you go in',
  doorstep: 'At the door',
  nothing: '—',
  phone: 'Phone',
  callShort: 'Call',
  officeNotes: 'Notes from the office',
  preferences: 'Preferences',
  language: (name: string) => `Language: ${name}`,
  openIn: (app: string, mode: string) => `Directions in ${app} (${mode})`,
  otherApps: 'Other apps',
  textClient: 'Text the client',
  textClientLabel: (shown: string, client: string) => `${shown}: text to ${client}`,
  onMyWay: (time: string) => `On my way, arriving around ${time}`,
  runningLate: (time: string) => `Running late, arriving around ${time}`,
  /** Each step's time, in the visit's check-in and check-out list. */
  statusAt: {
    en_route: (time: string) => `On the way at ${time}`,
    arrived: (time: string) => `Arrived at ${time}`,
    in_session: (time: string) => `Session started at ${time}`,
    completed: (time: string) => `Finished at ${time}`,
    cancelled: (time: string) => `Cancelled at ${time}`,
    no_show: (time: string) => `No-show at ${time}`,
  } as Record<'en_route' | 'arrived' | 'in_session' | 'completed' | 'cancelled' | 'no_show', (time: string) => string>,
};

export type VisitMessages = typeof en;

const fr: VisitMessages = {
  when: 'Plage d’arrivée',
  service: 'Service',
  duration: 'Durée',
  status: 'Statut',
  address: 'Adresse',
  access: 'Pour entrer',
  buzzer: 'Sonnette',
  parking: 'Stationnement',
  stairs: 'Escaliers',
  pets: 'Animaux',
  othersPresent: 'Autres personnes présentes',
  risks: 'Risques notés',
  riskCard: 'Avant d’entrer',
  doorstep: 'À la porte',
  nothing: '—',
  phone: 'Téléphone',
  callShort: 'Appeler',
  officeNotes: 'Notes du bureau',
  preferences: 'Préférences',
  language: (name) => `Langue : ${name}`,
  openIn: (app, mode) => `Itinéraire dans ${app} (${mode})`,
  otherApps: 'Autres applications',
  textClient: 'Texto au client',
  textClientLabel: (shown, client) => `${shown} : texto à ${client}`,
  onMyWay: (time) => `En route, arrivée vers ${time}`,
  runningLate: (time) => `En retard, arrivée vers ${time}`,
  statusAt: {
    en_route: (time) => `En route à ${time}`,
    arrived: (time) => `Arrivée à ${time}`,
    in_session: (time) => `Séance commencée à ${time}`,
    completed: (time) => `Terminée à ${time}`,
    cancelled: (time) => `Annulée à ${time}`,
    no_show: (time) => `Absence notée à ${time}`,
  },
};

export const visitCatalogs: Record<Locale, VisitMessages> = { fr, en };
