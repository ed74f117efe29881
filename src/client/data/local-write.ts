import { HLC_ZERO, type HlcClock } from '../../shared/hlc';
import type { EntityName, EntityTypes } from '../../shared/protocol';
import { announceChange } from './changes';
import type { RecordCodec, SealedFields } from './codec';
import { clearKeys, type Db, type OutboxEntry, type StoredRecord } from './db';

/** An edit of fields of a record on the device, or (`op: 'create'`) a whole new record. */
export type Change = {
  [E in EntityName]: { entity: E; id: string; fields: Partial<EntityTypes[E]>; op?: 'update' } | { entity: E; id: string; fields: EntityTypes[E]; op: 'create' };
}[EntityName];

function sameTarget(entry: OutboxEntry, entity: EntityName, id: string, fields: string[]): boolean {
  const keys = Object.keys(entry.fields);
  return entry.entity === entity && entry.id === id && keys.length === fields.length && fields.every((field) => keys.includes(field));
}

/** The record to change is not on this device (pruned, or never synced). */
export class MissingRecordError extends Error {
  constructor(entity: string, id: string) {
    super(`The ${entity} ${id} is not on this device`);
    this.name = 'MissingRecordError';
  }
}

/**
 * Commits local changes and their outbox entries in ONE IndexedDB transaction,
 * with the mutation counter and clock in meta: either all of it is on the
 * device, or none. The clock tick and the sealing happen before the
 * transaction opens, because a transaction may not await anything else.
 * When this resolves, the change is durable; only then may the UI say "saved".
 */
export async function writeChanges(db: Db, codec: RecordCodec, clock: HlcClock, changes: Change[]): Promise<void> {
  const hlc = clock.tick();
  const sealed: SealedFields[] = await Promise.all(changes.map((change) => codec.seal(change.entity, change.fields)));
  const stores = [...new Set(changes.map((change) => change.entity))];

  const tx = db.transaction([...stores, 'outbox', 'meta'], 'readwrite');
  const meta = tx.objectStore('meta');
  let mutationId = ((await meta.get('nextMutationId')) as number | undefined) ?? 1;
  const writes: Promise<unknown>[] = [];
  const generation = ((await meta.get('generation')) as number | undefined) ?? 0;
  for (const [index, change] of changes.entries()) {
    const store = tx.objectStore(change.entity);
    let stored = (await store.get(change.id)) as StoredRecord | undefined;
    if (change.op === 'create') {
      if (stored) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new Error(`The ${change.entity} ${change.id} already exists`);
      }
      stored = { ...clearKeys(change.entity, change.fields as Record<string, unknown>), id: change.id, fields: {}, hlc: {}, generation };
    }
    if (!stored) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new MissingRecordError(change.entity, change.id);
    }
    const fields = sealed[index]!;
    const base: Record<string, string> = {};
    for (const field of Object.keys(fields)) {
      base[field] = stored.hlc[field] ?? HLC_ZERO;
      stored.fields[field] = fields[field];
      stored.hlc[field] = hlc;
    }
    // Typing saves the same field many times a minute. The newest unsent entry for
    // the same fields is replaced, under a NEW mutation id and with the base of the
    // first edit: if the old one is already on its way, the server applies both in
    // order and sees them as one device's edits, never as a conflict.
    const last = change.op === 'create' ? null : await tx.objectStore('outbox').openCursor(null, 'prev');
    if (last && last.value.op === 'update' && sameTarget(last.value, change.entity, change.id, Object.keys(fields))) {
      Object.assign(base, last.value.base);
      writes.push(last.delete());
    }
    const entry: OutboxEntry = {
      mutationId: mutationId++,
      entity: change.entity,
      id: change.id,
      op: change.op ?? 'update',
      fields,
      hlc,
      base,
      createdAt: new Date().toISOString(),
    };
    // The record came from this store, index keys included; only its fields changed.
    const recordStore = store as unknown as { put(value: StoredRecord): Promise<unknown> };
    writes.push(recordStore.put(stored), tx.objectStore('outbox').add(entry));
  }
  writes.push(meta.put(mutationId, 'nextMutationId'), meta.put(hlc, 'lastHlc'));
  await Promise.all([...writes, tx.done]);
  announceChange({ entities: [...stores], outbox: 'written' });
}
