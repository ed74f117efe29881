import * as v from 'valibot';
import { calendarDateIn } from '../../shared/calendar';
import { ReceiptChoicesSchema, ReceiptSchema, type VisitStatus } from '../../shared/domain';
import { hlcAfter } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { canIssueReceipt, composeReceipt } from '../../shared/receipt-rules';
import { SERVER_HLC_NODE } from '../server-clock';
import type { CreateContext, CreateTarget } from './decide-create';
import { reject, type Decision } from './decision';

/**
 * A receipt is the server's document, not the device's: the device sends the
 * therapist's choices (amount, payment method, language, recipient), and the
 * server composes the rest from its own records (composeReceipt), so a phone
 * cannot put another date, duration, name, member number or taxes on it. An
 * older app sends the whole receipt; what the server composes is ignored.
 *
 * Only for the therapist's own visit, completed, on or before the server's
 * today in Montreal, and once per visit.
 *
 * The device shows its own preview until it syncs. Each field the server
 * composes differently from what the device sent is stamped just after the
 * device's create (as the number is), so the device takes the server's values
 * on its next pull; the issue time is the server's, when it numbers it.
 */
export function decideReceipt(mutation: Mutation, { therapistId, receivedAt }: CreateTarget, context: CreateContext | undefined): Decision {
  const choices = v.safeParse(ReceiptChoicesSchema, mutation.fields);
  if (!choices.success) return reject('invalid', `The receipt is not valid: ${v.summarize(choices.issues)}`, false);
  const visit = context?.visit;
  const sources = context?.receipt;
  if (!visit || !sources || visit.therapistId !== therapistId || sources.visit.id !== choices.output.visitId) {
    return reject('forbidden', 'A receipt must belong to one of your visits.', false);
  }
  if (!canIssueReceipt(visit.status as VisitStatus)) {
    return reject('invalid', 'A receipt is issued only for a completed visit: never for a cancellation or a no-show.', false);
  }
  if (sources.visit.date > calendarDateIn(receivedAt)) {
    return reject('invalid', `This visit is on ${sources.visit.date}; a receipt cannot be issued for care not yet given.`, false);
  }
  if (visit.hasReceipt) return reject('invalid', 'This visit already has a receipt; reprint it instead.', false);

  const receipt = v.safeParse(ReceiptSchema, composeReceipt(mutation.id, choices.output, sources, receivedAt));
  if (!receipt.success) return reject('invalid', `The receipt cannot be issued: ${v.summarize(receipt.issues)}`, false);

  const data = receipt.output as Record<string, unknown>;
  const composed = hlcAfter(mutation.hlc, SERVER_HLC_NODE);
  const hlc = Object.fromEntries(
    Object.keys(data).map((field) => [field, field in mutation.fields && mutation.fields[field] === data[field] ? mutation.hlc : composed]),
  );
  return { kind: 'applied', data, hlc, changed: true, conflicts: [] };
}
