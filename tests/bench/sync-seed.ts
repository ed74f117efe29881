/**
 * The server side of the sync benchmark: one therapist whose first pull is
 * 5,000 records of every kind a phone holds, written through the real store
 * (office writes, and receipts through a device push as the app issues them).
 *
 *   1 profile, 600 clients (~0.9 KB each),
 *   1,200 visits in the pull window (~0.9 KB each, office notes),
 *   600 intakes (one per client; 100 carry a drawn signature of ~30 KB),
 *   1,800 session records of past visits (~1.4 KB: ~1 KB of free text),
 *   200 amendments to signed records, 599 insurance receipts.
 *
 * Past visits (the ones the session records and receipts belong to) are
 * outside the window, so the server does not send them: the pull is the
 * 5,000 records above, nothing else.
 */
import { hashPassword } from '../../src/server/auth/passwords';
import { openSqliteStore } from '../../src/server/store/sqlite/sqlite-store';
import { calendarDateIn, shiftDate } from '../../src/shared/calendar';
import type { Amendment, Intake, ReceiptChoices, SessionRecord, Visit } from '../../src/shared/domain';
import { createHlcClock, deviceTabNode } from '../../src/shared/hlc';
import { uuidv7 } from '../../src/shared/ids';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { sessionRecordIdFor } from '../../src/shared/record-ids';
import { aClient, aTherapist, aVisit } from '../../src/shared/testing/fixtures';

export const CLIENTS = 600;
export const WINDOW_VISITS = 1200;
export const SIGNED_INTAKES = 100;
export const SESSION_RECORDS = 1800;
export const SIGNED_RECORDS = 300;
export const AMENDMENTS = 200;
export const RECEIPTS = 599;
export const PULLED = 1 + CLIENTS + WINDOW_VISITS + CLIENTS + SESSION_RECORDS + AMENDMENTS + RECEIPTS;

const SENTENCES = [
  'Client reports tension in the upper trapezius after long hours at the computer.',
  'Sleeps poorly since the move; headaches twice a week, mostly in the late afternoon.',
  'Palpation: hypertonic levator scapulae on the right, trigger point referring to the temple.',
  'Range of motion of the cervical spine reduced in left rotation, about 60 degrees.',
  'Lower back stiff in the morning, eases after walking; no numbness or tingling reported.',
  'Worked the erector spinae and quadratus lumborum with moderate pressure, client comfortable.',
  'Myofascial release along the thoracolumbar fascia; breathing slowed within ten minutes.',
  'Pain before 6/10, after 3/10. Client felt lighter in the shoulders when standing up.',
  'Home care: heat for fifteen minutes in the evening, chin tucks ten times, twice a day.',
  'Advised frequent breaks from the desk and a lower monitor; will review posture next time.',
  'Recheck the right hip flexors next session; consider stretching of the psoas in side-lying.',
  'Client mentions a new medication for blood pressure since last month; no dizziness today.',
  'Avoided the left calf (old varicose vein) as noted in the intake; lighter strokes only.',
  'Session focused on the neck and shoulders as requested; feet and hands at the end.',
];

/** About `length` characters of clinical prose, different for each `seed`. */
export function clinicalText(seed: number, length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${SENTENCES[(seed * 7 + i * 3) % SENTENCES.length]} `;
  return text.slice(0, length).trimEnd();
}

/**
 * A drawn signature as signature_pad exports it (SVG of cubic strokes, coordinates with
 * three decimals), as a data URL: about `bytes` long.
 */
export function signatureDataUrl(seed: number, bytes: number): string {
  let x = 40 + (seed % 17);
  let y = 80;
  let paths = '';
  const svgBudget = Math.floor((bytes * 3) / 4) - 200;
  while (paths.length < svgBudget) {
    let d = `M ${x.toFixed(3)},${y.toFixed(3)}`;
    for (let i = 0; i < 12; i++) {
      const step = () => ((Math.sin(seed++ * 12.9898) * 43758.5453) % 1) * 18;
      d += ` C ${(x + step()).toFixed(3)},${(y + step()).toFixed(3)} ${(x + step()).toFixed(3)},${(y + step()).toFixed(3)} ${(x += 6 + Math.abs(step())).toFixed(3)},${(y = 80 + step() * 2).toFixed(3)}`;
      if (x > 560) x = 40;
    }
    paths += `<path d="${d}" fill="none" stroke="black" stroke-width="2.5" stroke-linecap="round"></path>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 160" width="600" height="160">${paths}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function pastVisit(therapistId: string, clientId: string, date: string): Visit {
  return aVisit(therapistId, clientId, { date, status: 'completed', statusTimes: { completed: `${date}T15:00:00.000Z` } });
}

/** Writes the benchmark's data into a fresh SQLite file; returns the therapist's id and the unsigned session records. */
export async function seedSyncBench(file: string, email: string, password: string): Promise<{ therapistId: string; unsignedRecordIds: string[] }> {
  const store = openSqliteStore(file);
  const clock = createHlcClock('be0c000000000000');
  const therapist = aTherapist({ email, name: 'Bench Therapist', association: 'FQM', memberNumber: 'M-1234' });
  await store.createTherapist(therapist, await hashPassword(password), clock.tick());
  const today = calendarDateIn(new Date());

  const clients = Array.from({ length: CLIENTS }, (_, i) =>
    aClient({ firstName: `Client${i}`, lastName: `Bench ${i}`, preferences: clinicalText(i, 500), access: { buzzer: 'Code 1234#', parking: 'Street, 2 h', stairs: 'Second floor', pets: 'One cat', othersPresent: '', risks: '' } }),
  );
  for (const client of clients) await store.putClient(client, clock.tick());

  // In the window: yesterday to two weeks ahead, so every client is the therapist's to hold.
  for (let i = 0; i < WINDOW_VISITS; i++) {
    const visit = aVisit(therapist.id, clients[i % CLIENTS]!.id, {
      date: shiftDate(today, (i % 15) - 1),
      routePosition: 1 + Math.floor(i / 15),
      officeNotes: clinicalText(i + 1000, 500),
    });
    await store.putVisit(visit, clock.tick());
  }

  for (const [i, client] of clients.entries()) {
    const intake: Intake = {
      id: uuidv7(),
      clientId: client.id,
      therapistId: therapist.id,
      version: 1,
      createdAt: new Date(Date.now() - 90 * 86_400_000).toISOString(),
      emergencyContact: 'Partner, 514-555-0100',
      conditions: i % 3 === 0 ? ['high_blood_pressure'] : [],
      conditionDetails: clinicalText(i + 2000, 200),
      medications: clinicalText(i + 3000, 120),
      allergies: i % 4 === 0 ? ['nuts'] : [],
      allergyDetails: '',
      pregnancyWeeks: null,
      areasOfConcern: clinicalText(i + 4000, 200),
      goals: clinicalText(i + 5000, 150),
      pressurePreference: 'medium',
      consent: {
        textVersion: '2025-01',
        language: 'fr',
        signedName: `${client.firstName} ${client.lastName}`,
        signedOn: shiftDate(today, -90),
        signature: i < SIGNED_INTAKES ? signatureDataUrl(i, 30 * 1024) : '',
      },
    };
    await store.putClinicalRecord('intake', intake, clock.tick());
  }

  // Session records of past visits (outside the window: the visits are not pulled, their records are).
  const unsignedRecordIds: string[] = [];
  const signed: SessionRecord[] = [];
  const receiptVisits: Visit[] = [];
  for (let i = 0; i < SESSION_RECORDS; i++) {
    const client = clients[i % CLIENTS]!;
    const visit = pastVisit(therapist.id, client.id, shiftDate(today, -2 - Math.floor(i / 8)));
    await store.putVisit(visit, clock.tick());
    const isSigned = i < SIGNED_RECORDS;
    const record: SessionRecord = {
      id: sessionRecordIdFor(visit.id),
      visitId: visit.id,
      clientId: client.id,
      therapistId: therapist.id,
      createdAt: `${visit.date}T14:00:00.000Z`,
      subjective: clinicalText(i, 300),
      objective: clinicalText(i + 1, 250),
      assessment: clinicalText(i + 2, 200),
      plan: clinicalText(i + 3, 150),
      painBefore: 6,
      painAfter: 3,
      techniques: ['swedish', 'trigger_point'],
      pressure: 'medium',
      durationMin: 60,
      products: 'Arnica oil',
      clientResponse: clinicalText(i + 4, 60),
      homeCare: clinicalText(i + 5, 60),
      nextVisit: 'In two weeks',
      bodyChart: { 'back:upper-back': 'tension', 'neck:right': 'treated' },
      signedAt: isSigned ? `${visit.date}T15:10:00.000Z` : null,
      signedBy: isSigned ? therapist.name : '',
    };
    await store.putClinicalRecord('sessionRecord', record, clock.tick());
    if (isSigned) signed.push(record);
    else unsignedRecordIds.push(record.id);
    if (receiptVisits.length < RECEIPTS) receiptVisits.push(visit);
  }

  for (let i = 0; i < AMENDMENTS; i++) {
    const record = signed[i % signed.length]!;
    const amendment: Amendment = {
      id: uuidv7(),
      recordId: record.id,
      clientId: record.clientId,
      therapistId: therapist.id,
      createdAt: new Date().toISOString(),
      reason: 'Detail omitted at the time of the session',
      text: clinicalText(i + 6000, 300),
    };
    await store.putClinicalRecord('amendment', amendment, clock.tick());
  }

  // Receipts are issued on the phone and numbered by the server: pushed as a device would.
  const deviceId = uuidv7();
  const device = createHlcClock(deviceTabNode(deviceId, 1));
  // The app sends the therapist's choices; the server composes the rest from its own records.
  const mutations = receiptVisits.map((visit, i) => {
    const choices: ReceiptChoices = { visitId: visit.id, amountCents: 9500, paymentMethod: 'interac', language: 'fr', recipientName: '' };
    const id = uuidv7();
    return { mutationId: i + 1, mutation: { mutationId: i + 1, entity: 'receipt' as const, id, op: 'create' as const, fields: choices, hlc: device.tick(), base: {} } };
  });
  const results = await store.applyPush({ therapistId: therapist.id, deviceId, protocolVersion: PROTOCOL_VERSION, receivedAt: new Date(), mutations });
  const refused = results.filter((result) => result.status !== 'applied');
  if (refused.length > 0) throw new Error(`seed: ${refused.length} receipts refused: ${JSON.stringify(refused[0])}`);
  await store.close();
  return { therapistId: therapist.id, unsignedRecordIds };
}
