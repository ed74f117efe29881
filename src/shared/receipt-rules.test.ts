import { describe, expect, it } from 'vitest';
import { VISIT_STATUSES } from './domain';
import { canIssueReceipt, careAddressOf, composeReceipt, formatReceiptNumber, receiptStartTime, taxesFor } from './receipt-rules';
import { aClient, aTherapist, aVisit } from './testing/fixtures';

describe('receipt rules', () => {
  it('adds GST and QST for a registered therapist, rounding each to the cent', () => {
    expect(taxesFor(9500, true)).toEqual({ gstCents: 475, qstCents: 948, totalCents: 10923 });
    expect(taxesFor(9500, false)).toEqual({ gstCents: 0, qstCents: 0, totalCents: 9500 });
  });

  it('issues receipts for completed visits only: never a cancellation or a no-show', () => {
    expect(VISIT_STATUSES.filter(canIssueReceipt)).toEqual(['completed']);
  });

  it('writes the place of care in the receipt\'s language', () => {
    const address = { ...aClient().address, street: '4520 rue Saint-Denis', unit: '3', city: 'Montréal', postalCode: 'H2J 2L3' };
    expect(careAddressOf(address, 'fr')).toBe('4520 rue Saint-Denis, app. 3, Montréal (Québec) H2J 2L3');
    expect(careAddressOf(address, 'en')).toBe('4520 rue Saint-Denis, Apt 3, Montréal, QC H2J 2L3');
    expect(careAddressOf({ ...address, unit: '' }, 'en')).toBe('4520 rue Saint-Denis, Montréal, QC H2J 2L3');
  });

  it('pads the number', () => {
    expect(formatReceiptNumber(42)).toBe('00042');
  });

  it('starts the treatment when the session started, in Montreal time, else at the booked window', () => {
    // 14:05 UTC is 09:05 in Montreal in November, whatever the zone the code runs in.
    expect(receiptStartTime({ windowStart: '10:00', statusTimes: { arrived: '2026-11-24T13:50:00.000Z', in_session: '2026-11-24T14:05:00.000Z' } })).toBe('09:05');
    expect(receiptStartTime({ windowStart: '10:00', statusTimes: { arrived: '2026-11-24T13:50:00.000Z' } })).toBe('10:00');
  });

  it('composes the receipt from the records, taxes only for a therapist registered for both', () => {
    const client = aClient({ firstName: 'Léa', lastName: 'Roy' });
    const visit = aVisit('0190a6e4-5b1c-7d2e-8f3a-000000000001', client.id, { durationMin: 90, service: 'prenatal' });
    const choices = { visitId: visit.id, amountCents: 10_000, paymentMethod: 'cash', language: 'fr', recipientName: ' Marc Roy ' } as const;
    const issuedAt = new Date(Date.UTC(2026, 10, 24, 18));
    const registered = aTherapist({ name: 'Camille', gstNumber: 'G', qstNumber: 'Q' });
    expect(composeReceipt('0190a6e4-5b1c-7d2e-8f3a-0000000000ff', choices, { visit, client, therapist: registered }, issuedAt)).toMatchObject({
      clientName: 'Léa Roy',
      therapistName: 'Camille',
      signature: 'Camille',
      durationMin: 90,
      service: 'prenatal',
      serviceDate: visit.date,
      gstCents: 500,
      qstCents: 998,
      gstNumber: 'G',
      recipientName: 'Marc Roy',
      issuedAt: issuedAt.toISOString(),
      number: null,
    });
    const halfRegistered = aTherapist({ gstNumber: 'G', qstNumber: '' });
    expect(composeReceipt('0190a6e4-5b1c-7d2e-8f3a-0000000000ff', choices, { visit, client, therapist: halfRegistered }, issuedAt)).toMatchObject({ gstCents: 0, qstCents: 0, gstNumber: '' });
  });
});
