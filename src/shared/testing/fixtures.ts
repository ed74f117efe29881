import { blankIntakeAnswers, type Client, type Intake, type SessionRecord, type Therapist, type Visit } from '../domain';
import { createHlcClock } from '../hlc';
import { uuidv7 } from '../ids';
import { sessionRecordIdFor } from '../record-ids';

/** Test data that passes the shared schemas; override what a test is about. */
export function aTherapist(overrides: Partial<Therapist> = {}): Therapist {
  return {
    id: uuidv7(),
    email: `${Math.random().toString(36).slice(2)}@example.com`,
    name: 'Test Therapist',
    locale: 'fr',
    association: 'Association test',
    memberNumber: 'T-1',
    transportMode: 'driving',
    homeBase: { label: 'Home', lat: 45.5, lng: -73.6 },
    officePhone: '514-555-0100',
    gstNumber: '',
    qstNumber: '',
    ...overrides,
  };
}

export function aClient(overrides: Partial<Client> = {}): Client {
  return {
    id: uuidv7(),
    firstName: 'Test',
    lastName: 'Client',
    phone: '514-555-0199',
    email: 'client@example.com',
    language: 'fr',
    address: { street: '1 rue Test', unit: '', city: 'Montréal', postalCode: 'H1A 1A1', neighbourhood: 'Plateau', lat: 45.52, lng: -73.58 },
    access: { buzzer: '', parking: '', stairs: '', pets: '', othersPresent: '', risks: '' },
    preferences: '',
    ...overrides,
  };
}

export function aVisit(therapistId: string, clientId: string, overrides: Partial<Visit> = {}): Visit {
  return {
    id: uuidv7(),
    therapistId,
    clientId,
    date: '2026-11-24',
    windowStart: '09:00',
    windowEnd: '09:30',
    durationMin: 60,
    service: 'swedish',
    routePosition: 1,
    status: 'scheduled',
    statusTimes: {},
    statusReason: '',
    officeNotes: '',
    therapistNote: '',
    ...overrides,
  };
}

/** A visit's session record, blank, under the id derived from the visit; override what a test is about. */
export function aSessionRecord(visit: Pick<Visit, 'id' | 'clientId' | 'therapistId'>, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: sessionRecordIdFor(visit.id),
    visitId: visit.id,
    clientId: visit.clientId,
    therapistId: visit.therapistId,
    createdAt: new Date().toISOString(),
    subjective: '',
    objective: '',
    assessment: '',
    plan: '',
    painBefore: null,
    painAfter: null,
    techniques: [],
    pressure: null,
    durationMin: null,
    products: '',
    clientResponse: '',
    homeCare: '',
    nextVisit: '',
    bodyChart: {},
    signedAt: null,
    signedBy: '',
    ...overrides,
  };
}

/** A client's intake (version 1 unless overridden), with blank answers; override what a test is about. */
export function anIntake(clientId: string, therapistId: string, overrides: Partial<Intake> = {}): Intake {
  return {
    id: uuidv7(),
    clientId,
    therapistId,
    version: 1,
    createdAt: new Date().toISOString(),
    ...blankIntakeAnswers(),
    consent: { textVersion: 'consent-2026-01', language: 'fr', signedName: 'Test Client', signedOn: '2026-11-01', signature: '' },
    ...overrides,
  };
}

/** A server-side clock for test writes; a test that fakes the time passes the same `now` to every clock. */
export function testClock(now?: () => number) {
  return createHlcClock('7e57000000000000', { now });
}
