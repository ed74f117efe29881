import * as v from 'valibot';
import { THERAPIST_CREATABLE, isEditable, isFreeText } from '../../shared/editable-fields';
import { HLC_ZERO, sameDevice } from '../../shared/hlc';
import type { VisitStatus } from '../../shared/domain';
import { ENTITY_SCHEMAS, type Mutation, type RejectionCode } from '../../shared/protocol';
import { canIssueReceipt } from '../../shared/receipt-rules';

/** A record as the server holds it, with who may change it. */
export interface CurrentRecord {
  ownerId: string;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
}

/**
 * For a create: may this therapist write about this client (they have a visit
 * with them), and what do the records it points to look like.
 */
export interface CreateContext {
  clientVisible: boolean;
  /** For a session record or a receipt: the visit it belongs to. */
  visit?: { therapistId: string; clientId: string; status: string; hasReceipt: boolean } | null;
  /** For an amendment: the session record it amends. */
  amends?: { therapistId: string; clientId: string; signedAt: string | null } | null;
}

export interface NewConflict {
  field: string;
  keptValue: string;
  keptHlc: string;
  winningValue: string;
  winningHlc: string;
}

export type Decision =
  | { kind: 'rejected'; code: RejectionCode; reason: string; showCurrent: boolean }
  | { kind: 'applied'; data: Record<string, unknown>; hlc: Record<string, string>; changed: boolean; conflicts: NewConflict[] };

function reject(code: RejectionCode, reason: string, showCurrent = true): Decision {
  return { kind: 'rejected', code, reason, showCurrent };
}

/**
 * How one mutation changes one record: the core of the sync rules, pure so
 * that every store applies it the same way.
 *
 * Per field, the newer HLC wins. A free-text field whose server HLC is not
 * the one the edit started from was changed elsewhere meanwhile: if another
 * device did it and the texts differ, the losing text is kept as a conflict.
 * Edits from the same device arriving out of order are not conflicts: the
 * device saw its own earlier text.
 */
export function decideMutation(mutation: Mutation, therapistId: string, current: CurrentRecord | null, context?: CreateContext): Decision {
  if (mutation.op === 'create') return decideCreate(mutation, therapistId, current, context);
  if (!current) return reject('not_found', 'This record is not on the server (it may have been removed by the office).', false);
  if (current.ownerId !== therapistId) return reject('forbidden', 'This record belongs to another therapist.', false);

  const fields = Object.keys(mutation.fields);
  if (fields.length === 0) return reject('invalid', 'The change names no field.');
  const readOnly = fields.filter((field) => !isEditable(mutation.entity, field));
  if (readOnly.length > 0) {
    return reject('read_only', `Only the office can change ${readOnly.join(', ')} of a ${mutation.entity}.`);
  }
  if (mutation.entity === 'sessionRecord' && current.data.signedAt) {
    return reject('read_only', 'This session record is signed and can no longer change; add an amendment instead.');
  }
  const candidate = v.safeParse(ENTITY_SCHEMAS[mutation.entity], { ...current.data, ...mutation.fields });
  if (!candidate.success) return reject('invalid', `The new value is not valid: ${v.summarize(candidate.issues)}`);

  const data = { ...current.data };
  const hlc = { ...current.hlc };
  const conflicts: NewConflict[] = [];
  let changed = false;
  for (const field of fields) {
    const value = mutation.fields[field];
    const stored = current.hlc[field] ?? HLC_ZERO;
    const base = mutation.base[field] ?? HLC_ZERO;
    const concurrent =
      isFreeText(mutation.entity, field) &&
      base !== stored &&
      !sameDevice(stored, mutation.hlc) &&
      current.data[field] !== value;

    if (mutation.hlc > stored) {
      if (concurrent) {
        conflicts.push({ field, keptValue: String(current.data[field] ?? ''), keptHlc: stored, winningValue: String(value), winningHlc: mutation.hlc });
      }
      data[field] = value;
      hlc[field] = mutation.hlc;
      changed = true;
    } else if (mutation.hlc < stored && concurrent) {
      conflicts.push({ field, keptValue: String(value), keptHlc: mutation.hlc, winningValue: String(current.data[field] ?? ''), winningHlc: stored });
    }
  }
  return { kind: 'applied', data, hlc, changed, conflicts };
}

/**
 * A new record from a device: only of a kind therapists create, in their own
 * name, about a client they visit; a session record for one of their visits;
 * an amendment only to their own signed record.
 */
function decideCreate(mutation: Mutation, therapistId: string, current: CurrentRecord | null, context: CreateContext | undefined): Decision {
  if (!THERAPIST_CREATABLE.includes(mutation.entity)) return reject('read_only', `Only the office can create a ${mutation.entity}.`, false);
  if (current) return reject('invalid', 'A record with this id already exists.', false);
  const parsed = v.safeParse(ENTITY_SCHEMAS[mutation.entity], { ...mutation.fields, id: mutation.id });
  if (!parsed.success) return reject('invalid', `The new record is not valid: ${v.summarize(parsed.issues)}`, false);
  const data = parsed.output as Record<string, unknown>;
  if (data.therapistId !== therapistId) return reject('forbidden', 'A record can only be written in your own name.', false);
  if (!context?.clientVisible) return reject('forbidden', 'You have no visit with this client.', false);
  if (mutation.entity === 'sessionRecord') {
    if (!context.visit || context.visit.therapistId !== therapistId || context.visit.clientId !== data.clientId) {
      return reject('forbidden', 'A session record must belong to one of your visits with this client.', false);
    }
  }
  if (mutation.entity === 'receipt') {
    if (!context.visit || context.visit.therapistId !== therapistId || context.visit.clientId !== data.clientId) {
      return reject('forbidden', 'A receipt must belong to one of your visits with this client.', false);
    }
    if (!canIssueReceipt(context.visit.status as VisitStatus)) {
      return reject('invalid', 'A receipt is issued only for a completed visit: never for a cancellation or a no-show.', false);
    }
    if (context.visit.hasReceipt) return reject('invalid', 'This visit already has a receipt; reprint it instead.', false);
  }
  if (mutation.entity === 'amendment') {
    const amended = context.amends;
    if (!amended || amended.therapistId !== therapistId || amended.clientId !== data.clientId) {
      return reject('forbidden', 'An amendment must belong to one of your session records.', false);
    }
    if (!amended.signedAt) return reject('invalid', 'Only a signed record takes amendments; edit it directly until it is signed.', false);
  }
  const hlc = Object.fromEntries(Object.keys(data).map((field) => [field, mutation.hlc]));
  return { kind: 'applied', data, hlc, changed: true, conflicts: [] };
}
