import { isFreeText } from '../../shared/editable-fields';
import { HLC_ZERO, hlcAfter, sameNode } from '../../shared/hlc';
import type { EntityName } from '../../shared/protocol';
import { SERVER_HLC_NODE } from '../server-clock';
import type { CurrentRecord, NewConflict } from './decision';

export interface IncomingFields {
  fields: Record<string, unknown>;
  hlc: string;
  /** Per field, the HLC of the value the edit started from; absent means "unknown", never "the same". */
  base: Record<string, string>;
}

export interface MergedFields {
  data: Record<string, unknown>;
  hlc: Record<string, string>;
  changed: boolean;
  conflicts: NewConflict[];
}

/** Nothing typed: an empty losing text is not worth a conflict for the therapist to resolve. */
const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Applies `incoming` field by field onto `current`: the newer HLC wins. A
 * free-text field whose server HLC is not the one the edit started from was
 * changed elsewhere meanwhile: if another editor did it and the texts differ,
 * the losing text is kept as a conflict, so nothing typed is lost.
 *
 * "Another editor" is another HLC node: one running copy of the app (one
 * tab). Two tabs of one phone are two editors, and a stale form in one must
 * not silently overwrite what the other wrote; one tab's own edits arriving
 * out of order are not conflicts, since it saw its earlier text.
 */
export function mergeFields(entity: EntityName, current: Pick<CurrentRecord, 'data' | 'hlc'>, incoming: IncomingFields): MergedFields {
  const data = { ...current.data };
  const hlc = { ...current.hlc };
  const conflicts: NewConflict[] = [];
  let changed = false;
  for (const [field, value] of Object.entries(incoming.fields)) {
    const stored = current.hlc[field] ?? HLC_ZERO;
    if (entity === 'receipt' && field === 'firstPrintedAt') {
      const kept = keepEarliest(current.data[field], stored, value, incoming.hlc);
      if (kept.hlc !== stored) {
        data[field] = kept.value;
        hlc[field] = kept.hlc;
        changed = true;
      }
      continue;
    }
    const storedValue = current.data[field];
    const base = incoming.base[field] ?? HLC_ZERO;
    const concurrent = isFreeText(entity, field) && base !== stored && !sameNode(stored, incoming.hlc) && storedValue !== value;

    if (incoming.hlc > stored) {
      if (concurrent && !isBlank(storedValue)) {
        conflicts.push({ field, keptValue: String(storedValue), keptHlc: stored, winningValue: String(value), winningHlc: incoming.hlc });
      }
      data[field] = value;
      hlc[field] = incoming.hlc;
      changed = true;
    } else if (incoming.hlc < stored && concurrent && !isBlank(value)) {
      conflicts.push({ field, keptValue: String(value), keptHlc: incoming.hlc, winningValue: String(storedValue ?? ''), winningHlc: stored });
    }
  }
  return { data, hlc, changed, conflicts };
}

const instant = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : NaN);

/**
 * A receipt's first print (and a session record's creation, when two phones
 * started it) is a fact about the past: the earliest value ever recorded
 * stays, whatever the HLCs say, so a reprint is always a DUPLICATA.
 * Whichever value is kept is stamped after both edits (hlcAfter, as the
 * server's own write), so every device, the one that sent the later print
 * included, adopts it on its next pull.
 */
export function keepEarliest(storedValue: unknown, storedHlc: string, value: unknown, valueHlc: string): { value: unknown; hlc: string } {
  const storedAt = instant(storedValue);
  const incomingAt = instant(value);
  const incomingIsEarlier = !Number.isNaN(incomingAt) && (Number.isNaN(storedAt) || incomingAt < storedAt);
  if (incomingIsEarlier) {
    return { value, hlc: valueHlc > storedHlc ? valueHlc : hlcAfter(storedHlc, SERVER_HLC_NODE) };
  }
  if (value === storedValue) return { value: storedValue, hlc: storedHlc };
  // The server keeps its earlier value; a device whose stamp is newer would otherwise keep its own.
  const restamped = hlcAfter(valueHlc, SERVER_HLC_NODE);
  return { value: storedValue, hlc: restamped > storedHlc ? restamped : storedHlc };
}
