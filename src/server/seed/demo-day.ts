import { calendarDateIn, clockTimeIn, shiftDate } from '../../shared/calendar';
import { blankIntakeAnswers, type Client, type Intake, type Service, type Therapist, type Visit, type VisitStatus } from '../../shared/domain';
import type { HlcClock } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { hashPassword } from '../auth/passwords';
import type { Store } from '../store/store';

type DemoClient = Omit<Client, 'id'>;

/** Real addresses' blocks and coordinates in distinct neighbourhoods; people and phones are invented (555-01xx). */
const CLIENTS: DemoClient[] = [
  {
    firstName: 'Marie-Ève', lastName: 'Gagnon', phone: '514-555-0142', email: 'marie-eve.gagnon@example.com', language: 'fr',
    address: { street: '3245 rue Masson', unit: '2', city: 'Montréal', postalCode: 'H1Y 1X9', neighbourhood: 'Rosemont', lat: 45.5476, lng: -73.5753 },
    access: { buzzer: 'Sonner au 2, porte de côté', parking: 'Rue, vignette zone 88 (gratuit après 18 h)', stairs: 'Escalier extérieur en colimaçon, glissant en hiver', pets: 'Un chat, sociable', othersPresent: 'Son conjoint travaille à la maison', risks: '' },
    preferences: 'Pression moyenne, musique douce.',
  },
  {
    firstName: 'Jean-François', lastName: 'Roy', phone: '514-555-0178', email: 'jf.roy@example.com', language: 'fr',
    address: { street: '4520 rue Saint-Denis', unit: '3', city: 'Montréal', postalCode: 'H2J 2L3', neighbourhood: 'Plateau-Mont-Royal', lat: 45.5236, lng: -73.5838 },
    access: { buzzer: 'Code 4520 puis #3', parking: 'Difficile : stationnement payant rue Mont-Royal', stairs: '3e étage sans ascenseur', pets: '', othersPresent: '', risks: 'Escalier sombre : apporter une lampe' },
    preferences: 'Préfère les séances en fin de journée.',
  },
  {
    firstName: 'Margaret', lastName: "O'Brien", phone: '514-555-0115', email: 'margaret.obrien@example.com', language: 'en',
    address: { street: '5625 avenue de Monkland', unit: '', city: 'Montréal', postalCode: 'H4A 1E3', neighbourhood: 'Notre-Dame-de-Grâce', lat: 45.4726, lng: -73.6144 },
    access: { buzzer: 'Ring the bell, front door', parking: 'Driveway is free to use', stairs: 'Four steps at the front door', pets: 'Small dog (barks, friendly)', othersPresent: 'Her son, some afternoons', risks: '' },
    preferences: 'Light pressure; hard of hearing on the left side.',
  },
  {
    firstName: 'Sophie', lastName: 'Lavoie', phone: '514-555-0163', email: 'sophie.lavoie@example.com', language: 'fr',
    address: { street: '4210 rue Wellington', unit: '1', city: 'Verdun', postalCode: 'H4G 1V7', neighbourhood: 'Verdun', lat: 45.4609, lng: -73.5693 },
    access: { buzzer: 'Porte arrière, par la ruelle', parking: 'Rue, 2 h maximum', stairs: 'Rez-de-chaussée', pets: 'Deux chats, garder la porte fermée', othersPresent: '', risks: '' },
    preferences: '',
  },
  {
    firstName: 'Ahmed', lastName: 'Benali', phone: '514-555-0121', email: 'ahmed.benali@example.com', language: 'fr',
    address: { street: '600 rue Jarry Est', unit: '204', city: 'Montréal', postalCode: 'H2P 1V7', neighbourhood: 'Villeray', lat: 45.5457, lng: -73.6178 },
    access: { buzzer: 'Interphone 204', parking: 'Stationnement du parc Jarry, côté rue Faillon', stairs: 'Ascenseur', pets: '', othersPresent: '', risks: '' },
    preferences: 'Sportif, aime une pression ferme.',
  },
  {
    firstName: 'Linda', lastName: 'Nguyen', phone: '450-555-0187', email: 'linda.nguyen@example.com', language: 'en',
    address: { street: '125 boulevard Cartier Ouest', unit: '1507', city: 'Laval', postalCode: 'H7N 2H9', neighbourhood: 'Laval-des-Rapides', lat: 45.5604, lng: -73.7112 },
    access: { buzzer: 'Concierge at the desk; give the unit number', parking: 'Visitor parking P2, spots 10-14', stairs: 'Elevator to the 15th floor', pets: '', othersPresent: 'Her partner, evenings', risks: '' },
    preferences: 'Prefers early-afternoon visits; 28 weeks pregnant.',
  },
  {
    firstName: 'Gabriel', lastName: 'Côté', phone: '514-555-0109', email: 'gabriel.cote@example.com', language: 'fr',
    address: { street: '3600 rue Ontario Est', unit: '', city: 'Montréal', postalCode: 'H1W 1R8', neighbourhood: 'Hochelaga-Maisonneuve', lat: 45.5474, lng: -73.5420 },
    access: { buzzer: 'Frapper fort, la sonnette ne marche pas', parking: 'Rue, sans restriction', stairs: 'Sous-sol : six marches étroites', pets: 'Gros chien (Bruno), attaché pendant la visite', othersPresent: 'Un colocataire', risks: 'Visite précédente : colocataire agressif verbalement ; garder le téléphone à portée' },
    preferences: '',
  },
];

export interface DemoVisit {
  client: number;
  start: string;
  end: string;
  durationMin: number;
  service: Service;
  officeNotes: string;
}

/** Health histories on file, by client index; Margaret (2) has none yet: her intake is filled at the first visit. */
const INTAKES: Record<number, Partial<Intake>> = {
  0: { conditions: ['recent_injury_or_surgery'], conditionDetails: 'Entorse lombaire en octobre.', areasOfConcern: 'Bas du dos', goals: 'Retrouver sa mobilité', pressurePreference: 'medium' },
  1: { conditions: ['high_blood_pressure'], medications: 'Ramipril', goals: 'Détente, sommeil', pressurePreference: 'light' },
  3: { conditions: ['varicose_veins_or_clots'], allergies: ['scents'], allergyDetails: 'Huiles parfumées : maux de tête.', pressurePreference: 'firm' },
  4: { allergies: ['nuts'], allergyDetails: 'Allergie sévère aux noix : pas d’huile d’amande.', goals: 'Préparation au marathon', pressurePreference: 'deep' },
  5: { pregnancyWeeks: 28, goals: 'Lower back relief during pregnancy', pressurePreference: 'light' },
  6: { conditions: ['blood_thinners'], medications: 'Apixaban (Eliquis)', areasOfConcern: 'Épaule droite', pressurePreference: 'medium' },
};

/** Today's round: six homes across the island and Laval. */
const TODAY: DemoVisit[] = [
  { client: 0, start: '08:30', end: '09:00', durationMin: 60, service: 'therapeutic', officeNotes: 'Lombalgie depuis octobre; reçu pour assurance demandé.' },
  { client: 4, start: '10:15', end: '10:45', durationMin: 75, service: 'sports', officeNotes: 'Prépare un marathon; mollets et ischio-jambiers.' },
  { client: 5, start: '12:30', end: '13:00', durationMin: 60, service: 'prenatal', officeNotes: 'Bring the pregnancy pillow; side-lying only.' },
  { client: 2, start: '14:30', end: '15:00', durationMin: 60, service: 'swedish', officeNotes: 'First visit: intake form to fill in.' },
  { client: 3, start: '16:15', end: '16:45', durationMin: 90, service: 'deep_tissue', officeNotes: '' },
  { client: 1, start: '18:30', end: '19:00', durationMin: 60, service: 'swedish', officeNotes: 'Paiement par virement Interac.' },
];

/** Other days of the window, relative to today, so the day buttons have something to show. */
const OTHER_DAYS: [number, DemoVisit[]][] = [
  [-1, [
    { client: 6, start: '09:00', end: '09:30', durationMin: 60, service: 'therapeutic', officeNotes: '' },
    { client: 1, start: '11:00', end: '11:30', durationMin: 60, service: 'swedish', officeNotes: '' },
    { client: 3, start: '14:00', end: '14:30', durationMin: 60, service: 'lymphatic', officeNotes: '' },
  ]],
  [1, [
    { client: 6, start: '09:00', end: '09:30', durationMin: 60, service: 'therapeutic', officeNotes: 'Épaule droite, suivi.' },
    { client: 0, start: '11:00', end: '11:30', durationMin: 60, service: 'swedish', officeNotes: '' },
    { client: 2, start: '13:30', end: '14:00', durationMin: 60, service: 'swedish', officeNotes: '' },
    { client: 5, start: '16:00', end: '16:30', durationMin: 60, service: 'prenatal', officeNotes: '' },
  ]],
  [2, [
    { client: 3, start: '10:00', end: '10:30', durationMin: 90, service: 'deep_tissue', officeNotes: '' },
    { client: 4, start: '13:00', end: '13:30', durationMin: 60, service: 'sports', officeNotes: '' },
    { client: 1, start: '15:30', end: '16:00', durationMin: 60, service: 'swedish', officeNotes: '' },
  ]],
  [3, [
    { client: 5, start: '09:30', end: '10:00', durationMin: 60, service: 'prenatal', officeNotes: '' },
    { client: 6, start: '12:00', end: '12:30', durationMin: 60, service: 'therapeutic', officeNotes: '' },
  ]],
];

export interface DemoSeedOptions {
  email: string;
  password: string;
  office?: { email: string; password: string };
  today: string;
  clock: HlcClock;
  /** With a moment of `today` (DEMO_NOW), the round has gone as planned up to it: see demoProgressAt. */
  progressAt?: Date;
}

/** Minutes from the window's start: on the road 25 minutes before, at the door 5 after, on the table 10 after. */
const EN_ROUTE = -25, ARRIVED = 5, IN_SESSION = 10;

/**
 * Where a visit of `date` stands at `at` if the round went as planned (arrived 5
 * minutes into the window, on the table 5 later, the booked duration): completed,
 * under way, or not yet, with the instants of the steps taken. Only on `at`'s own
 * day in Montreal; other days are left as they are.
 */
export function demoProgressAt(date: string, visit: Pick<DemoVisit, 'start' | 'durationMin'>, at: Date): Pick<Visit, 'status' | 'statusTimes'> | null {
  if (calendarDateIn(at) !== date) return null;
  const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const nowMinutes = minutesOf(clockTimeIn(at));
  const start = minutesOf(visit.start);
  // Counted back from `at` in minutes of the day, so the office's time zone is the only one involved.
  const instant = (offset: number) => new Date(at.getTime() - (nowMinutes - (start + offset)) * 60_000).toISOString();
  const steps = [['en_route', EN_ROUTE], ['arrived', ARRIVED], ['in_session', IN_SESSION], ['completed', IN_SESSION + visit.durationMin]] as const;
  const taken = steps.filter(([, offset]) => start + offset <= nowMinutes);
  if (taken.length < 3) return null; // Not on the table yet: left scheduled, as the therapist's phone would show it.
  return { status: taken.at(-1)![0], statusTimes: Object.fromEntries(taken.map(([step, offset]) => [step, instant(offset)])) };
}

/** Fills an empty store with one therapist and a believable week around `today`. */
export async function seedDemoDay(store: Store, options: DemoSeedOptions): Promise<Therapist> {
  const { email, password, today, clock } = options;
  const therapist: Therapist = {
    id: uuidv7(),
    email,
    name: 'Camille Tremblay',
    locale: 'fr',
    association: 'Association démo des massothérapeutes',
    memberNumber: 'DEMO-4821',
    transportMode: 'driving',
    homeBase: { label: 'Petite-Patrie', lat: 45.5335, lng: -73.6022 },
    officePhone: '514-555-0100',
    gstNumber: '123456789 RT0001',
    qstNumber: '1234567890 TQ0001',
  };
  await store.createTherapist(therapist, await hashPassword(password), clock.tick());
  if (options.office) {
    const desk: Therapist = { ...therapist, id: uuidv7(), email: options.office.email, name: 'Bureau / Office', association: '', memberNumber: '' };
    await store.createTherapist(desk, await hashPassword(options.office.password), clock.tick(), 'office');
    // The demo office is also its privacy officer (Law 25: access logs, exports, deletion requests).
    await store.setPrivacyOfficer(desk.id, true);
  }

  const clients = CLIENTS.map((client) => ({ id: uuidv7(), ...client }));
  for (const client of clients) await store.putClient(client, clock.tick());

  for (const [index, partial] of Object.entries(INTAKES)) {
    const client = clients[Number(index)]!;
    const intake: Intake = {
      id: uuidv7(),
      clientId: client.id,
      therapistId: therapist.id,
      version: 1,
      createdAt: new Date(`${shiftDate(today, -30)}T15:00:00Z`).toISOString(),
      ...blankIntakeAnswers(),
      consent: { textVersion: 'consent-2026-01', language: client.language, signedName: `${client.firstName} ${client.lastName}`, signedOn: shiftDate(today, -30), signature: '' },
      ...partial,
    };
    await store.putClinicalRecord('intake', intake, clock.tick());
  }

  const days: [number, DemoVisit[]][] = [[0, TODAY], ...OTHER_DAYS];
  for (const [offset, visits] of days) {
    const date = shiftDate(today, offset);
    const status: VisitStatus = offset < 0 ? 'completed' : 'scheduled';
    for (const [index, demo] of visits.entries()) {
      const visit: Visit = {
        id: uuidv7(),
        therapistId: therapist.id,
        clientId: clients[demo.client]!.id,
        date,
        windowStart: demo.start,
        windowEnd: demo.end,
        durationMin: demo.durationMin,
        service: demo.service,
        routePosition: index + 1,
        status,
        statusTimes: {},
        statusReason: '',
        officeNotes: demo.officeNotes,
        therapistNote: '',
        ...(options.progressAt && demoProgressAt(date, demo, options.progressAt)),
      };
      await store.putVisit(visit, clock.tick());
    }
  }
  return therapist;
}
