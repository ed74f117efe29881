import type { WipeReason } from '../../shared/api';
import { HLC_ZERO, MAX_CLOCK_DRIFT_MS } from '../../shared/hlc';
import {
  MAX_MUTATION_BYTES,
  PUSH_BATCH_MAX,
  PUSH_BATCH_MAX_BYTES,
  mutationBytes,
  type EntityName,
  type Mutation,
  type PushResult,
  type SealedMutation,
} from '../../shared/protocol';
import { PushResponseSchema } from '../../shared/sync-schemas';
import { SealedWithoutKeyError, type RecordCodec } from '../data/codec';
import { readwrite, recordStore, type Db, type OutboxEntry } from '../data/db';
import { restampOutbox } from '../data/restamp-outbox';
import { ApiRequestError, postJson, type Transport } from './api-client';
import { withProtocol } from './protocol-version';

export { BACKGROUND_SYNC_TAG_PREFIX, SYNC_LOCK_NAME } from './sync-names';

/** Mutations per request: as many as the server takes in one push. */
export const PUSH_BATCH = PUSH_BATCH_MAX;

export interface PushSummary {
  applied: number;
  rejected: number;
  entities: EntityName[];
  /** The server applied the changes and says this device must now delete its data (remote wipe). */
  wipe?: WipeReason;
}

interface Outgoing {
  entry: OutboxEntry;
  /** Sealed to the server when the entry was queued with its sealed payload; its size is what is sent. */
  mutation: Mutation | SealedMutation;
  bytes: number;
}

/** First protocol in which a mutation may carry its fields sealed. */
const SEALED_SINCE_PROTOCOL = 3;

/**
 * The longest run from the front of the queue that fits `byteLimit`, at least
 * one change. A change that can never fit any push is set apart to be refused
 * here rather than sent.
 */
function nextBatch(queue: Outgoing[], byteLimit: number): { batch: Outgoing[]; tooLarge: Outgoing | null } {
  if (queue[0]!.bytes > MAX_MUTATION_BYTES) return { batch: [], tooLarge: queue[0]! };
  const batch: Outgoing[] = [];
  let bytes = 0;
  for (const item of queue) {
    if (item.bytes > MAX_MUTATION_BYTES || (batch.length > 0 && bytes + item.bytes > byteLimit)) break;
    batch.push(item);
    bytes += item.bytes;
  }
  return { batch, tooLarge: null };
}

function refusedHere(item: Outgoing): PushResult {
  return {
    mutationId: item.entry.mutationId,
    status: 'rejected',
    code: 'too_large',
    reason: `This change is ${Math.ceil(item.bytes / 1024)} KB, more than one push can carry (${Math.floor(MAX_MUTATION_BYTES / 1024)} KB).`,
  };
}

/** An entry as a mutation in clear: its fields opened with the codec (which needs the data key). */
async function clearMutation(codec: RecordCodec, entry: OutboxEntry): Promise<Mutation> {
  return {
    mutationId: entry.mutationId,
    entity: entry.entity,
    id: entry.id,
    op: entry.op,
    fields: (await codec.open(entry.entity, entry.fields, entry.id)) as Record<string, unknown>,
    hlc: entry.hlc,
    base: entry.base,
  };
}

/**
 * Queued entries as the mutations they send, with their size on the wire. An
 * entry with its payload sealed to the server is sent as it is, without
 * opening its fields: no data key needed, so the service worker pushes while
 * the app is locked. Only older entries, queued before this device had the
 * server's key, are opened with the codec.
 */
async function outgoing(codec: RecordCodec, entries: OutboxEntry[]): Promise<Outgoing[]> {
  return Promise.all(
    entries.map(async (entry) => {
      const mutation: Mutation | SealedMutation = entry.sealed
        ? { mutationId: entry.mutationId, entity: entry.entity, id: entry.id, op: entry.op, sealed: entry.sealed, hlc: entry.hlc, base: entry.base }
        : await clearMutation(codec, entry);
      return { entry, mutation, bytes: mutationBytes(mutation) };
    }),
  );
}

/** The batch in the terms of `protocolVersion`: a server older than sealing gets the fields in clear. */
async function mutationsFor(protocolVersion: number, codec: RecordCodec, batch: Outgoing[]): Promise<(Mutation | SealedMutation)[]> {
  if (protocolVersion >= SEALED_SINCE_PROTOCOL) return batch.map((item) => item.mutation);
  return Promise.all(batch.map((item) => ('sealed' in item.mutation ? clearMutation(codec, item.entry) : item.mutation)));
}

/**
 * Sends the outbox, oldest first, in batches bounded by count and bytes, and
 * removes each entry only after the server answered for it. If the answer is
 * lost, the next push sends the same mutations again and the server, having
 * logged them, answers the same without applying them twice. A 413 is never
 * retried as it was: the batch is halved, and a single change the server will
 * not take is refused on the device with its text kept. DOM-free: the
 * service worker's Background Sync runs this same code.
 *
 * The outbox is read once (the re-stamping check needs all of it anyway), and
 * batches are cut from that reading. Only its last entry can change under us
 * (a new edit of the same field folds into the newest entry, see
 * local-write.ts), so it is read again, with anything queued since, just
 * before the batch that would send it. Requests go one at a time, in order;
 * while one is under way, the answer to the one before it is settled in
 * IndexedDB.
 */
export async function pushAll(
  db: Db,
  codec: RecordCodec,
  deviceId: string,
  transport?: Transport,
  options: { now?: () => number } = {},
): Promise<PushSummary> {
  const now = options.now ?? Date.now;
  const summary: PushSummary = { applied: 0, rejected: 0, entities: [] };
  let queued = await db.getAll('outbox');
  if ((await restampOutbox(db, now(), now(), queued)) > 0) queued = await db.getAll('outbox');
  /** True when `queued` has just been read, so its last entry is current. */
  let fresh = true;
  /** The highest mutation id answered; everything above it is still to send. */
  let answeredUpTo = 0;
  let restampedForServer = false;
  let byteLimit = PUSH_BATCH_MAX_BYTES;
  // Settling runs one batch after the other, each in its own transaction, behind the requests.
  let settling: Promise<void> = Promise.resolve();
  let settleFailed = false;
  const settleInTurn = (sent: Outgoing[], results: PushResult[]) => {
    settling = settling.then(async () => {
      const settleStart = performance.now();
      const answered = await settle(db, codec, sent.map((item) => item.entry), results);
      performance.measure('tournee:push-settle', { start: settleStart, detail: sent.length });
      summary.applied += answered.applied;
      summary.rejected += answered.rejected;
      summary.entities.push(...answered.entities);
      // A server that answered for none of them would make this loop spin.
      if (answered.applied + answered.rejected === 0) throw new Error('The server answered for none of the changes sent.');
    });
    // The loop sends nothing more once settling failed; the `finally` below reports why.
    settling.catch(() => (settleFailed = true));
  };

  try {
    while (!settleFailed) {
      if (queued.length === 0 || (!fresh && queued.length <= PUSH_BATCH)) {
        // The next batch may reach the end of what was read: read the end again, with anything queued since.
        const tailFrom = queued.length > 0 ? IDBKeyRange.lowerBound(queued.at(-1)!.mutationId) : IDBKeyRange.lowerBound(answeredUpTo, true);
        queued = [...queued.slice(0, -1), ...(await db.getAll('outbox', tailFrom, PUSH_BATCH))];
        fresh = true;
        if (queued.length === 0) break;
      }
      const { batch, tooLarge } = nextBatch(await outgoing(codec, queued.slice(0, PUSH_BATCH)), byteLimit);
      let sent: Outgoing[];
      let results: PushResult[];
      if (tooLarge) {
        sent = [tooLarge];
        results = [refusedHere(tooLarge)];
      } else {
        sent = batch;
        try {
          // Each request and each settling lands in the Performance timeline (DevTools, the sync benchmark).
          const requestStart = performance.now();
          const response = await withProtocol(async (protocolVersion) =>
            postJson(
              '/api/sync/push',
              { protocolVersion, deviceId, deviceTime: now(), mutations: await mutationsFor(protocolVersion, codec, batch) },
              PushResponseSchema,
              transport,
            ),
          );
          results = response.results as PushResult[];
          if (response.wipe) summary.wipe = response.wipe;
          performance.measure('tournee:push-request', { start: requestStart, detail: batch.length });
        } catch (error) {
          // This device's clock is right but some changes were stamped while it ran ahead:
          // the answer says where the server's clock is; re-stamp against it, once, and send again.
          const drift = error instanceof ApiRequestError && error.code === 'clock_skew' ? error.details.driftMs : undefined;
          if (drift !== undefined && Math.abs(drift) <= MAX_CLOCK_DRIFT_MS && !restampedForServer) {
            restampedForServer = true;
            await settling;
            if ((await restampOutbox(db, now(), now() - drift)) > 0) {
              queued = await db.getAll('outbox', IDBKeyRange.lowerBound(answeredUpTo, true));
              fresh = true;
              continue;
            }
          }
          if (!(error instanceof ApiRequestError) || error.status !== 413) throw error;
          if (batch.length > 1) {
            byteLimit = Math.max(1, Math.floor(batch.reduce((sum, item) => sum + item.bytes, 0) / 2));
            continue;
          }
          results = [refusedHere(batch[0]!)];
        }
      }
      settleInTurn(sent, results);
      answeredUpTo = sent.at(-1)!.entry.mutationId;
      queued = queued.slice(sent.length);
      fresh = false;
    }
  } finally {
    await settling;
  }
  return summary;
}

/**
 * In one transaction: drop answered entries from the outbox; keep refusals
 * with their reason and what was typed; where the server sent its copy of a
 * refused field, put it back unless the therapist has edited that field again
 * since; and remove a record whose creation was refused and of which the
 * server has no copy, so it does not linger as an editable ghost (its content
 * stays in the refusal).
 */
async function settle(db: Db, codec: RecordCodec, entries: OutboxEntry[], results: PushResult[]) {
  const byId = new Map(entries.map((entry) => [entry.mutationId, entry]));
  const restores = await Promise.all(
    results.map(async (result) => {
      if (result.status !== 'rejected' || !result.current) return null;
      const entry = byId.get(result.mutationId);
      if (!entry) return null;
      const fields = entry.op === 'create' ? Object.keys(result.current.data) : Object.keys(entry.fields);
      const serverFields = Object.fromEntries(fields.map((field) => [field, result.current!.data[field]]));
      try {
        return { sealed: await codec.seal(entry.entity, serverFields, entry.id), hlc: result.current.hlc };
      } catch (error) {
        // The service worker of a locked app cannot seal: the record stays as typed, the refusal says why.
        if (error instanceof SealedWithoutKeyError) return 'without-key' as const;
        throw error;
      }
    }),
  );

  const entities = new Set<EntityName>(entries.map((entry) => entry.entity));
  return readwrite(db, [...entities, 'outbox', 'rejection'], async (tx) => {
    let applied = 0;
    let rejected = 0;
    const touched = new Set<EntityName>();
    // Requests are queued without awaiting each one: one IndexedDB round trip per batch, not per entry.
    const writes: Promise<unknown>[] = [];
    // Applied entries leave the outbox a run at a time: the batch was read in key order, and
    // no entry can appear between two of its keys (new ones take higher ids), so one range
    // delete per run of applied entries removes exactly them.
    const status = new Map(results.map((result) => [result.mutationId, result.status]));
    for (let start = 0; start < entries.length; ) {
      let end = start;
      while (end < entries.length && status.get(entries[end]!.mutationId) === 'applied') end++;
      if (end > start) {
        writes.push(tx.objectStore('outbox').delete(IDBKeyRange.bound(entries[start]!.mutationId, entries[end - 1]!.mutationId)));
        applied += end - start;
      }
      start = Math.max(end, start + 1);
    }
    for (const [index, result] of results.entries()) {
      const entry = byId.get(result.mutationId);
      if (!entry || result.status === 'applied') continue;
      writes.push(tx.objectStore('outbox').delete(entry.mutationId));
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
      const store = recordStore(tx, entry.entity);
      const stored = await store.get(entry.id);
      if (!stored) continue;
      const restore = restores[index];
      if (restore === 'without-key') continue;
      if (!restore && entry.op === 'create') {
        writes.push(store.delete(entry.id));
        touched.add(entry.entity);
        continue;
      }
      if (!restore) continue;
      let changed = false;
      for (const [field, value] of Object.entries(restore.sealed)) {
        // Edited again since (or, for a create, a field the therapist has typed into since): the newer edit stands.
        if (stored.hlc[field] !== undefined && stored.hlc[field] !== entry.hlc) continue;
        stored.fields[field] = value;
        stored.hlc[field] = restore.hlc[field] ?? HLC_ZERO;
        changed = true;
      }
      if (changed) {
        writes.push(store.put(stored));
        touched.add(entry.entity);
      }
    }
    await Promise.all(writes);
    return { applied, rejected, entities: [...touched] };
  });
}
