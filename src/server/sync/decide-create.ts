import * as v from 'valibot';
import { THERAPIST_CREATABLE, THERAPIST_EDITABLE } from '../../shared/editable-fields';
import { HLC_ZERO, hlcAfter } from '../../shared/hlc';
import { ENTITY_SCHEMAS, type Mutation } from '../../shared/protocol';
import type { ReceiptSources } from '../../shared/receipt-rules';
import { sessionRecordIdFor } from '../../shared/record-ids';
import { SERVER_HLC_NODE } from '../server-clock';
import { notFound, reject, type CurrentRecord, type Decision } from './decision';
import { keepEarliest, mergeFields } from './merge-fields';
import { decideReceipt } from './receipt-create';
import { checkSignature, signs } from './signing';

/**
 * For a create: may this therapist write about this client (they have a visit
 * with them), and what do the records it points to look like.
 */
export interface CreateContext {
  clientVisible: boolean;
  /** For a session record or a receipt: the visit it belongs to. */
  visit?: {
    therapistId: string;
    clientId: string;
    status: string;
    hasReceipt: boolean;
    /** The id of the visit's session record, if it has one (any, even one from before ids were derived). */
    sessionRecordId: string | null;
  } | null;
  /** For an amendment: the session record it amends. */
  amends?: { therapistId: string; clientId: string; signedAt: string | null } | null;
  /** For a receipt: the server's records it is composed from (the visit's, its client's, the therapist's). */
  receipt?: ReceiptSources | null;
}

/** Who creates, speaking which protocol, what the server already holds under the id, and when. */
export interface CreateTarget {
  therapistId: string;
  protocolVersion: number;
  current: CurrentRecord | null;
  receivedAt: Date;
}

const IDENTITY_FIELDS = ['visitId', 'clientId', 'therapistId'] as const;

/**
 * A new record from a device: only of a kind therapists create, in their own
 * name, about a client they visit; a session record for one of their visits,
 * one per visit; an amendment only to their own signed record; a receipt
 * composed by the server (receipt-create.ts).
 */
export function decideCreate(mutation: Mutation, target: CreateTarget, context: CreateContext | undefined): Decision {
  const { therapistId, protocolVersion, current } = target;
  if (!THERAPIST_CREATABLE.includes(mutation.entity)) return reject('read_only', `Only the office can create a ${mutation.entity}.`, false);
  // Another therapist's id answers as an update of a record the server does not have: ids cannot be probed.
  if (current && current.ownerId !== therapistId) return notFound();
  if (current && mutation.entity !== 'sessionRecord') return reject('invalid', 'A record with this id already exists.', false);
  if (mutation.entity === 'receipt') return decideReceipt(mutation, target, context);
  const parsed = v.safeParse(ENTITY_SCHEMAS[mutation.entity], { ...mutation.fields, id: mutation.id });
  if (!parsed.success) return reject('invalid', `The new record is not valid: ${v.summarize(parsed.issues)}`, false);
  const data = parsed.output as Record<string, unknown>;
  if (data.therapistId !== therapistId) return reject('forbidden', 'A record can only be written in your own name.', false);
  if (current) return mergeSessionRecord(mutation, data, current, protocolVersion);

  if (!context?.clientVisible) return reject('forbidden', 'You have no visit with this client.', false);
  if (mutation.entity === 'sessionRecord') {
    if (!context.visit || context.visit.therapistId !== therapistId || context.visit.clientId !== data.clientId) {
      return reject('forbidden', 'A session record must belong to one of your visits with this client.', false);
    }
    // Two phones starting the record offline must write one record, not two:
    // from protocol 2 its id follows from the visit's, so their creates meet.
    if (protocolVersion >= 2 && mutation.id !== sessionRecordIdFor(String(data.visitId))) {
      return reject('invalid', "A session record's id must be the one derived from its visit (sessionRecordIdFor).", false);
    }
    if (context.visit.sessionRecordId !== null) return reject('invalid', 'This visit already has a session record.', false);
  }
  if (mutation.entity === 'amendment') {
    const amended = context.amends;
    if (!amended || amended.therapistId !== therapistId || amended.clientId !== data.clientId) {
      return reject('forbidden', 'An amendment must belong to one of your session records.', false);
    }
    if (!amended.signedAt) return reject('invalid', 'Only a signed record takes amendments; edit it directly until it is signed.', false);
  }
  // A record created already signed has no earlier text the signer could have missed.
  const hlc = Object.fromEntries(Object.keys(data).map((field) => [field, mutation.hlc]));
  return { kind: 'applied', data, hlc, changed: true, conflicts: [] };
}

/**
 * Another device created the same session record offline (same visit, same
 * derived id). Not a refusal: both started the one record, so the create is
 * applied like an update that saw nothing, field by field: the newer HLC wins,
 * and differing texts are kept as conflicts.
 */
function mergeSessionRecord(mutation: Mutation, data: Record<string, unknown>, current: CurrentRecord, protocolVersion: number): Decision {
  const differs = IDENTITY_FIELDS.filter((field) => data[field] !== current.data[field]);
  if (differs.length > 0) return reject('invalid', `A record with this id already exists for another ${differs.join(', ')}.`);
  if (current.data.signedAt) return reject('read_only', 'This session record is signed and can no longer change; add an amendment instead.');
  if (signs(mutation)) {
    const refused = checkSignature(mutation, current, protocolVersion);
    if (refused) return refused;
  }
  const editable: readonly string[] = THERAPIST_EDITABLE.sessionRecord;
  const fields = Object.fromEntries(Object.entries(data).filter(([field]) => editable.includes(field)));
  const merged = mergeFields('sessionRecord', current, { fields, hlc: mutation.hlc, base: {} });
  // The fields a create sets and no edit changes (identity, creation time) keep the server's
  // value, the earliest creation above all; the phone whose create came second stamped them
  // later, so they are re-stamped after its create for it to adopt the server's copy.
  for (const field of Object.keys(data).filter((name) => !editable.includes(name))) {
    const stored = current.hlc[field] ?? HLC_ZERO;
    const kept =
      field === 'createdAt'
        ? keepEarliest(current.data.createdAt, stored, data.createdAt, mutation.hlc)
        : { value: current.data[field], hlc: mutation.hlc > stored ? hlcAfter(mutation.hlc, SERVER_HLC_NODE) : stored };
    if (kept.hlc !== stored) {
      merged.data[field] = kept.value;
      merged.hlc[field] = kept.hlc;
      merged.changed = true;
    }
  }
  return { kind: 'applied', ...merged };
}
