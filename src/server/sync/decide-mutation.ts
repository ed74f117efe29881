import * as v from 'valibot';
import { isEditable } from '../../shared/editable-fields';
import { ENTITY_SCHEMAS, MAX_MUTATION_BYTES, mutationBytes, type EntityName, type Mutation } from '../../shared/protocol';
import { decideCreate, type CreateContext } from './decide-create';
import { notFound, reject, type CurrentRecord, type Decision } from './decision';
import { mergeFields } from './merge-fields';
import { checkSignature, signs } from './signing';
import { decideVisitUpdate } from './visit-rules';

export type { CreateContext } from './decide-create';
export type { CurrentRecord, Decision, NewConflict } from './decision';

/** What the store knows about a mutation's target and sender. */
export interface DecisionContext {
  therapistId: string;
  /** The sync protocol the device speaks: some checks need what only protocol 2 sends. */
  protocolVersion: number;
  /** The record the mutation targets, or null when the server has none. */
  current: CurrentRecord | null;
  /** The server's clock when the push arrived: what "today" and "not yet happened" mean. */
  receivedAt: Date;
  /** For a create: what the records it points to look like. */
  create?: CreateContext;
  /** For a create: the entity of another kind that already has this id, if any (ids are unique across entities). */
  idUsedBy?: EntityName | null;
}

/**
 * How one mutation changes one record: the core of the sync rules, pure so
 * that every store applies it the same way. Field by field merging is in
 * merge-fields.ts; creates in decide-create.ts; signatures in signing.ts;
 * a visit's status machine in visit-rules.ts.
 */
export function decideMutation(mutation: Mutation, { therapistId, protocolVersion, current, receivedAt, create, idUsedBy }: DecisionContext): Decision {
  // The device refuses such a change before queueing it; this is defence in depth.
  if (mutationBytes(mutation) > MAX_MUTATION_BYTES) {
    return reject('too_large', `This change is larger than the ${Math.floor(MAX_MUTATION_BYTES / 1024)} KB one change may take.`, false);
  }
  if (mutation.op === 'create' && idUsedBy) {
    return reject('invalid', 'This id is already taken by another record; a new record needs an id of its own.', false);
  }
  if (mutation.op === 'create') return decideCreate(mutation, { therapistId, protocolVersion, current, receivedAt }, create);
  if (!current || current.ownerId !== therapistId) return notFound();

  const fields = Object.keys(mutation.fields);
  if (fields.length === 0) return reject('invalid', 'The change names no field.');
  const readOnly = fields.filter((field) => !isEditable(mutation.entity, field));
  if (readOnly.length > 0) {
    return reject('read_only', `Only the office can change ${readOnly.join(', ')} of a ${mutation.entity}.`);
  }
  if (mutation.entity === 'sessionRecord' && current.data.signedAt) {
    return reject('read_only', 'This session record is signed and can no longer change; add an amendment instead.');
  }
  if (signs(mutation)) {
    const refused = checkSignature(mutation, current, protocolVersion);
    if (refused) return refused;
  }
  const candidate = v.safeParse(ENTITY_SCHEMAS[mutation.entity], { ...current.data, ...mutation.fields });
  if (!candidate.success) return reject('invalid', `The new value is not valid: ${v.summarize(candidate.issues)}`);

  // What is stored is what passed validation, valibot's output, never the raw
  // fields: a record schema skips keys it cannot check (__proto__), which
  // would otherwise ride through into the stored value.
  const validated = candidate.output as Record<string, unknown>;
  const valid = { ...mutation, fields: Object.fromEntries(fields.map((field) => [field, validated[field]])) };
  if (mutation.entity === 'visit') return decideVisitUpdate(valid, current, receivedAt);
  return { kind: 'applied', ...mergeFields(mutation.entity, current, valid) };
}
