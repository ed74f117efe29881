import { clockTimeIn } from './calendar';
import { clientFullName, type Address, type Client, type Locale, type Receipt, type ReceiptChoices, type Therapist, type Visit, type VisitStatus } from './domain';

/** Quebec's sales taxes on a massage for a registered therapist: GST 5 %, QST 9.975 %, each on the price. */
export const GST_RATE = 0.05;
export const QST_RATE = 0.09975;

export function taxesFor(amountCents: number, registered: boolean): { gstCents: number; qstCents: number; totalCents: number } {
  if (!registered) return { gstCents: 0, qstCents: 0, totalCents: amountCents };
  const gstCents = Math.round(amountCents * GST_RATE);
  const qstCents = Math.round(amountCents * QST_RATE);
  return { gstCents, qstCents, totalCents: amountCents + gstCents + qstCents };
}

/** Only care given gets a receipt: never a cancelled visit or a no-show (or a visit not yet done). */
export function canIssueReceipt(status: VisitStatus): boolean {
  return status === 'completed';
}

/** "12345" from a number; receipts are numbered per therapist without gaps. */
export function formatReceiptNumber(number: number): string {
  return String(number).padStart(5, '0');
}

/** A therapist charges GST and QST only when registered for both. */
export function isTaxRegistered(therapist: Pick<Therapist, 'gstNumber' | 'qstNumber'>): boolean {
  return therapist.gstNumber.trim() !== '' && therapist.qstNumber.trim() !== '';
}

/** The address where care was given, as insurers read it, in the receipt's language. */
export function careAddressOf(address: Address, language: Locale): string {
  if (language === 'en') return `${address.street}${address.unit ? `, Apt ${address.unit}` : ''}, ${address.city}, QC ${address.postalCode}`;
  return `${address.street}${address.unit ? `, app. ${address.unit}` : ''}, ${address.city} (Québec) ${address.postalCode}`;
}

/**
 * When the treatment started, in Montreal time: the moment the session was
 * started if the visit recorded it, else the start of the arrival window the
 * office booked. Arriving is not treating (the therapist sets up the table
 * first), so the arrival time is not used.
 */
export function receiptStartTime(visit: Pick<Visit, 'statusTimes' | 'windowStart'>): string {
  const started = visit.statusTimes.in_session;
  return started ? clockTimeIn(new Date(started)) : visit.windowStart;
}

/** The records a receipt is composed from. */
export interface ReceiptSources {
  visit: Visit;
  client: Client;
  therapist: Therapist;
}

/**
 * The whole receipt from the therapist's choices and the records: who gives
 * care (name, association, member number, tax numbers, signature) from the
 * profile; who receives it and where from the client; when, how long and
 * what from the visit (the booked duration); taxes from the amount and the
 * registration. The server composes the receipt it keeps with this, from its
 * own records; a device composes the same as a preview until it syncs.
 */
export function composeReceipt(id: string, choices: ReceiptChoices, { visit, client, therapist }: ReceiptSources, issuedAt: Date): Receipt {
  const registered = isTaxRegistered(therapist);
  const taxes = taxesFor(choices.amountCents, registered);
  return {
    id,
    visitId: visit.id,
    clientId: client.id,
    therapistId: therapist.id,
    number: null,
    issuedAt: issuedAt.toISOString(),
    language: choices.language,
    therapistName: therapist.name,
    association: therapist.association,
    memberNumber: therapist.memberNumber,
    clientName: clientFullName(client),
    serviceDate: visit.date,
    startTime: receiptStartTime(visit),
    durationMin: visit.durationMin,
    service: visit.service,
    careAddress: careAddressOf(client.address, choices.language),
    amountCents: choices.amountCents,
    gstCents: taxes.gstCents,
    qstCents: taxes.qstCents,
    gstNumber: registered ? therapist.gstNumber : '',
    qstNumber: registered ? therapist.qstNumber : '',
    paymentMethod: choices.paymentMethod,
    recipientName: choices.recipientName.trim(),
    signature: therapist.name,
    firstPrintedAt: null,
  };
}
