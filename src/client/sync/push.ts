import { HLC_ZERO } from '../../shared/hlc';
import { PROTOCOL_VERSION, PUSH_BATCH_MAX, PushResponseSchema, type EntityName, type Mutation, type PushResult } from '../../shared/protocol';
import type { RecordCodec, SealedFields } from '../data/codec';
import type { Db, OutboxEntry, StoredRecord } from '../data/db';
import { postJson, type Transport } from './api-client';

/** One tab, or the service worker, syncs at a time. */
export const SYNC_LOCK_NAME = 'tournee-sync';
/** Background Sync tags name the therapist whose outbox to send: the service worker has no other way to know. */
export const BACKGROUND_SYNC_TAG_PREFIX = 'tournee-push:';

/** Mutations per request: as many as the server takes in one push. */
export const PUSH_BATCH = PUSH_BATCH_MAX;

export interface PushSummary {
  applied: number;
  rejected: number;
  entities: EntityName[];
}

/**
 * Sends the outbox, oldest first, in batches, and removes each entry only
 * after the server answered for it. If the answer is lost, the next push
 * sends the same mutations again and the server, having logged them, answers
 * the same without applying them twice. DOM-free: the service worker's
 * Background Sync runs this same code.
 */
export async function pushAll(db: Db, codec: RecordCodec, deviceId: string, transport?: Transport): Promise<PushSummary> {
  const summary: PushSummary = { applied: 0, rejected: 0, entities: [] };
  for (;;) {
    const entries = await db.getAll('outbox', undefined, PUSH_BATCH);
    if (entries.length === 0) return summary;
    const mutations: Mutation[] = await Promise.all(
      entries.map(async (entry) => ({
        mutationId: entry.mutationId,
        entity: entry.entity,
        id: entry.id,
        op: entry.op,
        fields: (await codec.open(entry.entity, entry.fields)) as Record<string, unknown>,
        hlc: entry.hlc,
        base: entry.base,
      })),
    );
    const response = await postJson(
      '/api/sync/push',
      { protocolVersion: PROTOCOL_VERSION, deviceId, deviceTime: Date.now(), mutations },
      PushResponseSchema,
      transport,
    );
    const answered = await settle(db, codec, entries, response.results as PushResult[]);
    summary.applied += answered.applied;
    summary.rejected += answered.rejected;
    summary.entities.push(...answered.entities);
    // A server that answered for none of them would make this loop spin.
    if (answered.applied + answered.rejected === 0) throw new Error('The server answered for none of the changes sent.');
  }
}

/**
 * In one transaction: drop answered entries from the outbox; keep refusals
 * with their reason; and where the server sent its copy of a refused field,
 * put it back unless the therapist has edited that field again since.
 */
async function settle(db: Db, codec: RecordCodec, entries: OutboxEntry[], results: PushResult[]) {
  const byId = new Map(entries.map((entry) => [entry.mutationId, entry]));
  const restores = await Promise.all(
    results.map(async (result) => {
      if (result.status !== 'rejected' || !result.current) return null;
      const entry = byId.get(result.mutationId);
      if (!entry) return null;
      const fields = Object.keys(entry.fields);
      const serverFields = Object.fromEntries(fields.map((field) => [field, result.current!.data[field]]));
      return { entry, sealed: await codec.seal(entry.entity, serverFields), hlc: result.current.hlc };
    }),
  );

  const entities = new Set<EntityName>(entries.map((entry) => entry.entity));
  const tx = db.transaction([...entities, 'outbox', 'rejection'], 'readwrite');
  let applied = 0;
  let rejected = 0;
  const touched = new Set<EntityName>();
  // Requests are queued without awaiting each one: one IndexedDB round trip per batch, not per entry.
  const writes: Promise<unknown>[] = [];
  for (const [index, result] of results.entries()) {
    const entry = byId.get(result.mutationId);
    if (!entry) continue;
    writes.push(tx.objectStore('outbox').delete(entry.mutationId));
    if (result.status === 'applied') {
      applied += 1;
      continue;
    }
    rejected += 1;
    writes.push(
      tx.objectStore('rejection').put({
        mutationId: entry.mutationId,
        entity: entry.entity,
        id: entry.id,
        fields: entry.fields,
        code: result.code,
        reason: result.reason,
        at: new Date().toISOString(),
      }),
    );
    const restore = restores[index];
    if (!restore) continue;
    const store = tx.objectStore(entry.entity) as unknown as {
      get(id: string): Promise<StoredRecord | undefined>;
      put(value: StoredRecord): Promise<unknown>;
    };
    const stored = await store.get(entry.id);
    if (!stored) continue;
    let changed = false;
    for (const [field, value] of Object.entries(restore.sealed as SealedFields)) {
      if (stored.hlc[field] !== entry.hlc) continue; // edited again since: the newer edit stands
      stored.fields[field] = value;
      stored.hlc[field] = restore.hlc[field] ?? HLC_ZERO;
      changed = true;
    }
    if (changed) {
      writes.push(store.put(stored));
      touched.add(entry.entity);
    }
  }
  await Promise.all([...writes, tx.done]);
  return { applied, rejected, entities: [...touched] };
}
