import * as v from 'valibot';
import { isEditable, isFreeText } from '../../shared/editable-fields';
import { HLC_ZERO, sameDevice } from '../../shared/hlc';
import { ENTITY_SCHEMAS, type Mutation, type RejectionCode } from '../../shared/protocol';

/** A record as the server holds it, with who may change it. */
export interface CurrentRecord {
  ownerId: string;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
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
export function decideMutation(mutation: Mutation, therapistId: string, current: CurrentRecord | null): Decision {
  if (!current) return reject('not_found', 'This record is not on the server (it may have been removed by the office).', false);
  if (current.ownerId !== therapistId) return reject('forbidden', 'This record belongs to another therapist.', false);

  const fields = Object.keys(mutation.fields);
  if (fields.length === 0) return reject('invalid', 'The change names no field.');
  const readOnly = fields.filter((field) => !isEditable(mutation.entity, field));
  if (readOnly.length > 0) {
    return reject('read_only', `Only the office can change ${readOnly.join(', ')} of a ${mutation.entity}.`);
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
