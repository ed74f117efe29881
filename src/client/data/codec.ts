import type { EntityName, EntityTypes } from '../../shared/protocol';

/**
 * The one seam every record passes through between memory and IndexedDB.
 * Fields are sealed one by one, so a merge can pick the newer field by its
 * clock without opening either side. Sealing is async and happens before a
 * transaction starts, because a transaction may not await anything but
 * IndexedDB.
 *
 * Stored shape. With `plainCodec` a sealed field is the value itself (every
 * device before encryption at rest). With the AES-GCM codec (aes-codec.ts)
 * each field of a `seal()` call maps to ONE shared envelope
 * `{ v: 1, iv, ct, f }` holding all the fields of that call: `f` lists their
 * names, `iv` is 12 random bytes, `ct` the AES-GCM ciphertext of their JSON,
 * with (version, entity, record id, `f`) as additional data. Per field, the
 * record keeps a reference to its envelope, so merges still pick fields by
 * their own clock; a field that later changes points to a newer envelope and
 * the older one stays readable for the fields that still point at it.
 * IndexedDB's structured clone keeps the shared reference, so an envelope is
 * stored (and opened) once per record, not once per field: one WebCrypto call
 * per record instead of one per field is what keeps the first pull within
 * budget. A field that is not an envelope is a plain value written before
 * encryption, and stays readable until it is rewritten.
 */
export type SealedField = unknown;
export type SealedFields = Record<string, SealedField>;

export interface RecordCodec {
  /** Seals each field of a whole record or of a partial change of record `id`. */
  seal<E extends EntityName>(entity: E, fields: Partial<EntityTypes[E]>, id: string): Promise<SealedFields>;
  /** Opens what `seal` gave for the same entity and record; throws if it was sealed for another one, altered, or under another key. */
  open<E extends EntityName>(entity: E, fields: SealedFields, id: string): Promise<EntityTypes[E]>;
}

/** A group of fields sealed together by the AES-GCM codec (see the shape above). */
export interface SealedEnvelope {
  v: 1;
  iv: Uint8Array<ArrayBuffer>;
  ct: ArrayBuffer;
  f: string[];
}

/** True for an AES-GCM envelope; JSON (what plain values come from) can never make one. */
export function isEnvelope(value: unknown): value is SealedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SealedEnvelope>;
  return candidate.v === 1 && ArrayBuffer.isView(candidate.iv) && Object.prototype.toString.call(candidate.ct) === '[object ArrayBuffer]' && Array.isArray(candidate.f);
}

/** A sealed record reached code that holds no data key (the app locked, or the service worker). */
export class SealedWithoutKeyError extends Error {
  constructor(entity: string, id: string) {
    super(`The ${entity} ${id} is encrypted and this device's data key is not unlocked`);
    this.name = 'SealedWithoutKeyError';
  }
}

export const plainCodec: RecordCodec = {
  async seal(_entity, record) {
    return { ...record };
  },
  async open<E extends EntityName>(entity: E, fields: SealedFields, id: string) {
    // Never hand an envelope on as if it were a value (it would be sent or shown as such).
    if (Object.values(fields).some(isEnvelope)) throw new SealedWithoutKeyError(entity, id);
    return { ...fields } as EntityTypes[E];
  },
};

/**
 * For a device whose records are sealed, without its data key (the service
 * worker pushing while the app is locked): reads nothing sealed, and seals
 * nothing, rather than write a value in clear beside sealed ones.
 */
export const lockedCodec: RecordCodec = {
  async seal(entity, _record, id) {
    throw new SealedWithoutKeyError(entity, id);
  },
  open: plainCodec.open,
};
