import type { EntityName, PullResponse, SyncRecord } from '../../shared/protocol';
import type { RecordCodec, SealedFields } from './codec';
import { RECORD_STORES, clearKeys, getMeta, type Db, type StoredRecord } from './db';

type Prepared =
  | { entity: EntityName; id: string; deleted: true }
  | { entity: EntityName; id: string; deleted: false; fields: SealedFields; hlc: Record<string, string>; keys: Record<string, string> };

/**
 * Per field, keep whichever side changed it last. A field this device edited
 * after the server's copy survives the pull; that is what keeps pending local
 * edits alive until they are pushed.
 */
export function mergeFields(
  local: Pick<StoredRecord, 'fields' | 'hlc'> | undefined,
  incoming: { fields: SealedFields; hlc: Record<string, string> },
): { fields: SealedFields; hlc: Record<string, string>; incomingWon: Set<string> } {
  if (!local) return { ...incoming, incomingWon: new Set(Object.keys(incoming.fields)) };
  const fields = { ...local.fields };
  const hlc = { ...local.hlc };
  const incomingWon = new Set<string>();
  for (const [field, value] of Object.entries(incoming.fields)) {
    const theirs = incoming.hlc[field] ?? '';
    const ours = local.hlc[field];
    if (ours === undefined || theirs > ours) {
      fields[field] = value;
      hlc[field] = theirs;
      incomingWon.add(field);
    }
  }
  return { fields, hlc, incomingWon };
}

/**
 * Applies one pull page in ONE transaction over the records and meta, so the
 * cursor never moves past data that did not land. Everything async that is not
 * IndexedDB (sealing) is done before the transaction opens.
 */
export async function applyPullPage(db: Db, page: PullResponse, codec: RecordCodec): Promise<EntityName[]> {
  const prepared: Prepared[] = await Promise.all(
    page.records.map(async (record: SyncRecord): Promise<Prepared> => {
      if (record.deleted) return { entity: record.entity, id: record.id, deleted: true };
      const fields = await codec.seal(record.entity, record.data);
      const keys = clearKeys(record.entity, record.data as unknown as Record<string, unknown>);
      return { entity: record.entity, id: record.id, deleted: false, fields, hlc: record.hlc, keys };
    }),
  );

  const tx = db.transaction([...RECORD_STORES, 'outbox', 'meta'], 'readwrite');
  const meta = tx.objectStore('meta');
  let generation = ((await meta.get('generation')) as number | undefined) ?? 0;
  let resetInProgress = ((await meta.get('resetInProgress')) as boolean | undefined) ?? false;
  if (page.reset) {
    generation += 1;
    resetInProgress = true;
  }

  type AnyStore = { get(id: string): Promise<StoredRecord | undefined>; put(value: StoredRecord): Promise<unknown>; delete(id: string): Promise<void> };
  const storeOf = (entity: EntityName) => tx.objectStore(entity) as unknown as AnyStore;
  const existing = await Promise.all(prepared.map((record) => storeOf(record.entity).get(record.id)));
  const writes: Promise<unknown>[] = [];
  prepared.forEach((record, index) => {
    const store = storeOf(record.entity);
    if (record.deleted) {
      writes.push(store.delete(record.id));
      return;
    }
    const local = existing[index] as (StoredRecord & Record<string, unknown>) | undefined;
    const merged = mergeFields(local, record);
    // Index keys follow the fields that won (a visit's date can change; identities never do).
    const keys = Object.fromEntries(
      Object.entries(record.keys).map(([key, value]) => [key, local && !merged.incomingWon.has(key) ? (local[key] as string) : value]),
    );
    writes.push(store.put({ ...keys, id: record.id, fields: merged.fields, hlc: merged.hlc, generation }));
  });

  writes.push(meta.put(page.cursor, 'cursor'), meta.put(page.window, 'window'));
  if (page.reset) writes.push(meta.put(generation, 'generation'));
  if (!page.hasMore) {
    writes.push(meta.put(new Date().toISOString(), 'lastPulledAt'));
    if (resetInProgress) {
      // The snapshot is complete: what it did not re-send is no longer ours to keep,
      // except what waits in the outbox (created here, not yet on the server).
      const pending = new Set((await tx.objectStore('outbox').getAll()).map((entry) => entry.id));
      for (const name of RECORD_STORES) {
        const older = IDBKeyRange.upperBound(generation, true);
        let cursor = await tx.objectStore(name).index('by-generation').openCursor(older);
        while (cursor) {
          if (!pending.has(cursor.primaryKey)) writes.push(cursor.delete());
          cursor = await cursor.continue();
        }
      }
      resetInProgress = false;
    }
  }
  writes.push(meta.put(resetInProgress, 'resetInProgress'));
  await Promise.all([...writes, tx.done]);
  return [...new Set(prepared.map((record) => record.entity))];
}

export async function readCursor(db: Db): Promise<string | null> {
  return (await getMeta(db, 'cursor')) ?? null;
}

/** The newest field clock in a page, so the device's HLC can move past everything it has seen. */
export function newestHlc(page: PullResponse): string | null {
  let newest: string | null = null;
  for (const record of page.records) {
    if (record.deleted) continue;
    for (const hlc of Object.values(record.hlc) as string[]) if (!newest || hlc > newest) newest = hlc;
  }
  return newest;
}
