import { describe, expect, it } from 'vitest';
import { VISIT_STATUSES } from './domain';
import { canIssueReceipt, formatReceiptNumber, taxesFor } from './receipt-rules';

describe('receipt rules', () => {
  it('adds GST and QST for a registered therapist, rounding each to the cent', () => {
    expect(taxesFor(9500, true)).toEqual({ gstCents: 475, qstCents: 948, totalCents: 10923 });
    expect(taxesFor(9500, false)).toEqual({ gstCents: 0, qstCents: 0, totalCents: 9500 });
  });

  it('issues receipts for completed visits only: never a cancellation or a no-show', () => {
    expect(VISIT_STATUSES.filter(canIssueReceipt)).toEqual(['completed']);
  });

  it('pads the number', () => {
    expect(formatReceiptNumber(42)).toBe('00042');
  });
});
