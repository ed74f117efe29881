import type { EntityName, EntityTypes } from '../../shared/protocol';

/**
 * The one seam every record passes through between memory and IndexedDB.
 * Fields are sealed one by one, so a merge can pick the newer field by its
 * clock without opening either side. Today a sealed field is the value
 * itself; encryption at rest (AES-GCM, key from the password) replaces this
 * module and nothing else. Sealing is async and happens before a transaction
 * starts, because a transaction may not await anything but IndexedDB.
 */
export type SealedField = unknown;
export type SealedFields = Record<string, SealedField>;

export interface RecordCodec {
  /** Seals each field of a whole record or of a partial change. */
  seal<E extends EntityName>(entity: E, fields: Partial<EntityTypes[E]>): Promise<SealedFields>;
  open<E extends EntityName>(entity: E, fields: SealedFields): Promise<EntityTypes[E]>;
}

export const plainCodec: RecordCodec = {
  async seal(_entity, record) {
    return { ...record };
  },
  async open<E extends EntityName>(_entity: E, fields: SealedFields) {
    return { ...fields } as EntityTypes[E];
  },
};
