import type { VisitStatus } from './domain/visit';

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
