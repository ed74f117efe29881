import { ClockDriftError, MAX_PEER_AHEAD_MS, parseHlc } from '../../shared/hlc';
import { CLINICAL_ENTITIES, type EntityName, type PullResponse, type SyncRecord } from '../../shared/protocol';
import type { RecordCodec, SealedFields } from './codec';
import { RECORD_STORES, clearKeys, getMeta, meta, queuedWrites, readwrite, recordStore, type Db, type StoredRecord, type WriteTx } from './db';

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
 * cursor never moves past data that did not land, and the device's clock
 * (`lastHlc`) moves past every stamp in the page in that same commit: every
 * tab and the service worker then stamp their next edit after it.
 * Everything async that is not IndexedDB (sealing) is done before the
 * transaction opens. A page with stamps further ahead of this device's clock
 * than any peer within the allowed drift could make is refused before
 * anything is written: this device's clock is behind.
 */
export async function applyPullPage(db: Db, page: PullResponse, codec: RecordCodec, now: number = Date.now()): Promise<EntityName[]> {
  const newest = newestHlc(page);
  const ahead = newest ? parseHlc(newest)!.millis - now : 0;
  if (ahead > MAX_PEER_AHEAD_MS) throw new ClockDriftError(ahead);

  const prepared: Prepared[] = await Promise.all(
    page.records.map(async (record: SyncRecord): Promise<Prepared> => {
      if (record.deleted) return { entity: record.entity, id: record.id, deleted: true };
      const fields = await codec.seal(record.entity, record.data, record.id);
      const keys = clearKeys(record.entity, record.data as unknown as Record<string, unknown>);
      return { entity: record.entity, id: record.id, deleted: false, fields, hlc: record.hlc, keys };
    }),
  );

  await readwrite(db, [...RECORD_STORES, 'outbox', 'meta'], async (tx) => {
    const metaStore = meta(tx);
    const [storedGeneration, storedReset, lastHlc] = await Promise.all([
      metaStore.get('generation'),
      metaStore.get('resetInProgress'),
      metaStore.get('lastHlc'),
    ]);
    let generation = storedGeneration ?? 0;
    let resetInProgress = storedReset ?? false;
    if (page.reset) {
      generation += 1;
      resetInProgress = true;
    }

    const existing = await readExisting(tx, prepared);
    const keptForOutbox = await clinicalWithChangesWaiting(tx, prepared);
    const writes: Promise<unknown>[] = [];
    const stores = new Map<EntityName, ReturnType<typeof queuedWrites>>();
    prepared.forEach((record, index) => {
      let store = stores.get(record.entity);
      if (!store) stores.set(record.entity, (store = queuedWrites(tx, record.entity)));
      if (record.deleted) {
        if (!keptForOutbox.has(record.id)) store.delete(record.id);
        return;
      }
      const local = existing[index];
      const merged = mergeFields(local, record);
      // Index keys follow the fields that won (a visit's date can change; identities never do).
      const keys = Object.fromEntries(
        Object.entries(record.keys).map(([key, value]) => [key, local && !merged.incomingWon.has(key) ? (local[key] as string) : value]),
      );
      store.put({ ...keys, id: record.id, fields: merged.fields, hlc: merged.hlc, generation });
    });

    writes.push(metaStore.put('cursor', page.cursor), metaStore.put('window', page.window));
    if (newest && (!lastHlc || newest > lastHlc)) writes.push(metaStore.put('lastHlc', newest));
    if (page.reset) writes.push(metaStore.put('generation', generation));
    if (!page.hasMore) {
      writes.push(metaStore.put('lastPulledAt', new Date(now).toISOString()));
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
    writes.push(metaStore.put('resetInProgress', resetInProgress));
    await Promise.all(writes);
  });
  return [...new Set(prepared.map((record) => record.entity))];
}

/**
 * A clinical record leaves the device when its therapist loses the client's
 * file (need to know: the server sends a tombstone). One with a change still
 * waiting in the outbox stays until that change is answered: the change is
 * still sent (nothing typed is lost; the server applies it or refuses it with
 * the text kept in the refusal), and the server then sends the tombstone
 * again, which removes the copy at the next pull.
 */
async function clinicalWithChangesWaiting(tx: WriteTx, prepared: Prepared[]): Promise<Set<string>> {
  const clinical = (entity: EntityName) => (CLINICAL_ENTITIES as readonly EntityName[]).includes(entity);
  if (!prepared.some((record) => record.deleted && clinical(record.entity))) return new Set();
  const waiting = await tx.objectStore('outbox').getAll();
  return new Set(waiting.filter((entry) => clinical(entry.entity)).map((entry) => entry.id));
}

/**
 * The stored copy of each record of the page, or undefined. Most of a first
 * pull (or of a busy page) is new to this device: one key listing per store,
 * bounded by the page's ids, answers "not here" for all of them at once, and
 * only the records that exist are read, instead of one request per record.
 */
async function readExisting(tx: WriteTx, prepared: Prepared[]): Promise<((StoredRecord & Record<string, unknown>) | undefined)[]> {
  const bounds = new Map<EntityName, { min: string; max: string }>();
  for (const { entity, id } of prepared) {
    const bound = bounds.get(entity);
    if (!bound) bounds.set(entity, { min: id, max: id });
    else if (id < bound.min) bound.min = id;
    else if (id > bound.max) bound.max = id;
  }
  const held = new Map(
    await Promise.all(
      [...bounds].map(async ([entity, { min, max }]) => [entity, new Set(await tx.objectStore(entity).getAllKeys(IDBKeyRange.bound(min, max)))] as const),
    ),
  );
  return Promise.all(prepared.map((record) => (held.get(record.entity)!.has(record.id) ? recordStore(tx, record.entity).get(record.id) : undefined)));
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
