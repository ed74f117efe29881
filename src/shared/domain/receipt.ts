import * as v from 'valibot';
import { CalendarDateSchema, ClockTimeSchema, IdSchema, LocaleSchema, ShortTextSchema } from './common';
import { ServiceSchema } from './visit';

export const PAYMENT_METHODS = ['interac', 'credit', 'cash', 'cheque'] as const;

/**
 * An insurance receipt for a completed session, as Quebec insurers expect it:
 * the therapist's association and member number, the client, when and where
 * care was given, what and how much. The number is the server's (sequential
 * per therapist): null until the receipt has synced.
 */
export const ReceiptSchema = v.object({
  id: IdSchema,
  visitId: IdSchema,
  clientId: IdSchema,
  therapistId: IdSchema,
  number: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  issuedAt: v.pipe(v.string(), v.isoTimestamp()),
  language: LocaleSchema,
  therapistName: ShortTextSchema,
  association: v.pipe(v.string(), v.minLength(1, 'the association is required on a receipt'), v.maxLength(500)),
  memberNumber: v.pipe(v.string(), v.minLength(1, 'the member number is required on a receipt'), v.maxLength(500)),
  clientName: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  serviceDate: CalendarDateSchema,
  startTime: ClockTimeSchema,
  durationMin: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(300)),
  service: ServiceSchema,
  careAddress: v.pipe(v.string(), v.minLength(1, 'the address where care was given is required'), v.maxLength(500)),
  /** In cents, before taxes; at most what the form takes (99,999.99 $). */
  amountCents: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9_999_999)),
  gstCents: v.pipe(v.number(), v.integer(), v.minValue(0)),
  qstCents: v.pipe(v.number(), v.integer(), v.minValue(0)),
  gstNumber: ShortTextSchema,
  qstNumber: ShortTextSchema,
  paymentMethod: v.picklist(PAYMENT_METHODS),
  /** Who the receipt is made out to when it is not the client (a parent, the insured spouse); empty for the client. Optional: receipts from before it existed have none. */
  recipientName: v.optional(ShortTextSchema, ''),
  /** The therapist's signature: their name, as signed. */
  signature: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  /** Set at the first print; any later print is a DUPLICATA / DUPLICATE. */
  firstPrintedAt: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
});
export type Receipt = v.InferOutput<typeof ReceiptSchema>;

/**
 * What the therapist chooses when issuing a receipt, and all a device sends:
 * the server composes everything else (who, when, where, taxes) from its own
 * records (composeReceipt in receipt-rules.ts). Unknown keys are dropped, so
 * an older app that sends the whole receipt is read the same way.
 */
export const ReceiptChoicesSchema = v.object({
  visitId: IdSchema,
  amountCents: ReceiptSchema.entries.amountCents,
  paymentMethod: ReceiptSchema.entries.paymentMethod,
  language: LocaleSchema,
  recipientName: ReceiptSchema.entries.recipientName,
});
export type ReceiptChoices = v.InferOutput<typeof ReceiptChoicesSchema>;
