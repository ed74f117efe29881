import { CREATE_SENDS } from '../../shared/create-sends';
import { HLC_ZERO, nextHlc, parseHlc } from '../../shared/hlc';
import { MAX_MUTATION_BYTES, mutationBytes, type EntityName, type EntityTypes } from '../../shared/protocol';
import { announceChange } from './changes';
import type { SealedPayload } from '../../shared/sealed-outbox';
import type { RecordCodec, SealedFields } from './codec';
import { clearKeys, meta, readwrite, recordStore, type Db, type MetaValues, type OutboxEntry, type StoredRecord } from './db';

/**
 * An edit of fields of a record on the device, or (`op: 'create'`) a whole new
 * record. `base` is, per field, the HLC of the value the therapist was looking
 * at when the edit began (DESIGN, "Base comes from the screen"); without it,
 * the edit is taken to start from what is stored now.
 */
export type Change = {
  [E in EntityName]:
    | { entity: E; id: string; fields: Partial<EntityTypes[E]>; op?: 'update'; base?: Record<string, string> }
    | { entity: E; id: string; fields: EntityTypes[E]; op: 'create'; base?: undefined };
}[EntityName];

/** Who stamps this device's edits: this running copy's HLC node and its physical clock. */
export interface DeviceClock {
  node: string;
  now(): number;
}

export interface WriteOptions {
  /** 'strict' for the commits that close a piece of work (sign, intake, receipt). */
  durability?: 'strict' | 'default';
}

/** The record to change is not on this device (pruned, or never synced). */
export class MissingRecordError extends Error {
  constructor(entity: string, id: string) {
    super(`The ${entity} ${id} is not on this device`);
    this.name = 'MissingRecordError';
  }
}

/** One change is larger than a push can carry; it is refused before it is queued, and the text stays on screen. */
export class ChangeTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`This change is ${Math.ceil(bytes / 1024)} KB; the most one change can carry is ${Math.floor(MAX_MUTATION_BYTES / 1024)} KB.`);
    this.name = 'ChangeTooLargeError';
  }
}

export class RecordExistsError extends Error {
  constructor(entity: string, id: string) {
    super(`The ${entity} ${id} already exists on this device`);
    this.name = 'RecordExistsError';
  }
}

/**
 * The newest unsent entry may absorb this edit when it is the same fields of
 * the same record, written by this same running app, and this edit started
 * from exactly what that entry wrote. Then the folded entry keeps the first
 * entry's base and is sent once. An edit that started from anything else (a
 * stale editor in another tab) is queued on its own, so the server sees it as
 * concurrent and keeps both texts.
 */
function foldsInto(last: OutboxEntry, change: Change, node: string, base: Record<string, string>, fields: string[]): boolean {
  if (last.op !== 'update' || last.entity !== change.entity || last.id !== change.id) return false;
  const keys = Object.keys(last.fields);
  if (keys.length !== fields.length || !fields.every((field) => keys.includes(field))) return false;
  if (parseHlc(last.hlc)?.node !== node) return false;
  return fields.every((field) => base[field] === last.hlc);
}

/** Another tab took the mutation ids this write sealed its payloads for; seal again with the next ones. */
class MutationIdsTakenError extends Error {}
/** Writes that meet another tab's write this many times in a row are queued without a sealed payload (push then opens their fields). */
const SEAL_ATTEMPTS = 20;
/**
 * This tab's writes, one after the other: each seals for the mutation ids
 * the write before it left, so only another tab (another connection) can take
 * them first. IndexedDB runs these transactions one at a time anyway.
 */
const writesInTurn = new WeakMap<Db, Promise<unknown>>();

/** Of a change's fields (or their bases), what it sends: a record the server composes (CREATE_SENDS) sends only the therapist's choices. */
function sentOf<T>(change: Change, map: Record<string, T>): Record<string, T> {
  const sends: readonly string[] | undefined = change.op === 'create' ? CREATE_SENDS[change.entity] : undefined;
  return sends ? Object.fromEntries(Object.entries(map).filter(([field]) => sends.includes(field))) : map;
}

/*
 * Sealing to the server is loaded with the first write, not with the day view
 * (it is precached, so offline too): opening the app should not wait for it.
 */
let sealing: Promise<typeof import('./seal-for-server')> | null = null;
const loadSealing = () => (sealing ??= import('./seal-for-server'));

/** Drops the AES key shared with the server (when the app locks or signs out), if a write ever made one. */
export function forgetSealingKeys(): void {
  if (sealing) void sealing.then((module) => module.forgetSealingKeys());
}

/**
 * Seals each change's sent fields to the server's key, for the mutation ids
 * the write expects to take (the transaction checks them). Null when the
 * device has no server key yet: the entries are queued without it.
 */
async function sealOutgoing(db: Db, changes: Change[]): Promise<{ firstId: number; sealed: SealedPayload[] } | null> {
  const tx = db.transaction('meta');
  const [nextId, stored] = await Promise.all([tx.store.get('nextMutationId'), tx.store.get('sealingKey')]);
  // Checked before it was kept (sealing-key.ts).
  const sealingKey = stored as MetaValues['sealingKey'] | undefined;
  if (!sealingKey || typeof sealingKey !== 'object' || !('kid' in sealingKey)) return null;
  const firstId = (nextId as number | undefined) ?? 1;
  const { sealForServer } = await loadSealing();
  const sealed = await sealForServer(
    sealingKey,
    changes.map((change, index) => ({ to: { mutationId: firstId + index, entity: change.entity, id: change.id, op: change.op ?? 'update' }, fields: sentOf(change, change.fields as Record<string, unknown>) })),
  );
  changes.forEach((change, index) => {
    const bytes = mutationBytes({ mutationId: firstId + index, entity: change.entity, id: change.id, op: change.op ?? 'update', sealed: sealed[index], hlc: HLC_ZERO, base: change.base ?? {} });
    if (bytes > MAX_MUTATION_BYTES) throw new ChangeTooLargeError(bytes);
  });
  return { firstId, sealed };
}

/**
 * Commits local changes and their outbox entries in ONE IndexedDB transaction,
 * with the mutation counter and the device's clock in meta: either all of it
 * is on the device, or none. Sealing happens before the transaction opens,
 * because a transaction may not await anything else; the clock is read and
 * advanced inside it, so every tab and the service worker share one clock and
 * an edit is never stamped older than the value it replaces. A new record the
 * server composes (CREATE_SENDS) is stored whole, as a preview, and queued
 * with only the therapist's choices. Each outbox entry also carries what it
 * sends sealed to the server's public key (seal-for-server.ts), so the
 * service worker can push it without the data key.
 * Resolves with the edit's HLC once it is durable; only then may the UI say
 * "saved".
 */
export async function writeChanges(db: Db, codec: RecordCodec, clock: DeviceClock, changes: Change[], options: WriteOptions = {}): Promise<{ hlc: string }> {
  for (const change of changes) {
    const bytes = mutationBytes({ mutationId: 1, entity: change.entity, id: change.id, op: 'create', fields: change.fields, hlc: HLC_ZERO, base: change.base ?? {} });
    if (bytes > MAX_MUTATION_BYTES) throw new ChangeTooLargeError(bytes);
  }
  const sealed: SealedFields[] = await Promise.all(changes.map((change) => codec.seal(change.entity, change.fields, change.id)));
  const write = async () => {
    for (let attempt = 1; ; attempt++) {
      const forServer = attempt <= SEAL_ATTEMPTS ? await sealOutgoing(db, changes) : null;
      try {
        return await commitChanges(db, clock, changes, sealed, forServer, options);
      } catch (error) {
        if (!(error instanceof MutationIdsTakenError)) throw error;
      }
    }
  };
  const turn = (writesInTurn.get(db) ?? Promise.resolve()).then(write, write);
  writesInTurn.set(db, turn.catch(() => undefined));
  return turn;
}

async function commitChanges(
  db: Db,
  clock: DeviceClock,
  changes: Change[],
  sealed: SealedFields[],
  forServer: { firstId: number; sealed: SealedPayload[] } | null,
  options: WriteOptions,
): Promise<{ hlc: string }> {
  const stores = [...new Set(changes.map((change) => change.entity))];
  const physical = clock.now();

  const hlc = await readwrite(
    db,
    [...stores, 'outbox', 'meta'],
    async (tx) => {
      const metaStore = meta(tx);
      const [nextId, lastHlc, generation, ...existing] = await Promise.all([
        metaStore.get('nextMutationId'),
        metaStore.get('lastHlc'),
        metaStore.get('generation'),
        ...changes.map((change) => recordStore(tx, change.entity).get(change.id)),
      ]);
      const floors: string[] = [];
      for (const [index, change] of changes.entries()) {
        const stored = existing[index] as StoredRecord | undefined;
        if (change.op === 'create' && stored) throw new RecordExistsError(change.entity, change.id);
        if (change.op !== 'create' && !stored) throw new MissingRecordError(change.entity, change.id);
        for (const field of Object.keys(change.fields)) floors.push(stored?.hlc[field] ?? HLC_ZERO);
      }
      const hlc = nextHlc(clock.node, physical, { last: lastHlc, floors });

      let mutationId = nextId ?? 1;
      // The payloads are bound to their mutation ids; another tab's write in between took them.
      if (forServer && forServer.firstId !== mutationId) throw new MutationIdsTakenError();
      const outbox = tx.objectStore('outbox');
      const writes: Promise<unknown>[] = [];
      for (const [index, change] of changes.entries()) {
        const fields = sealed[index]!;
        const stored: StoredRecord =
          (existing[index] as StoredRecord | undefined) ??
          ({ ...clearKeys(change.entity, change.fields as Record<string, unknown>), id: change.id, fields: {}, hlc: {}, generation: generation ?? 0 } as StoredRecord);
        // A signature also names the bases of fields it does not change: the content it covers.
        const base: Record<string, string> = { ...change.base };
        for (const field of Object.keys(fields)) {
          base[field] = change.base?.[field] ?? stored.hlc[field] ?? HLC_ZERO;
          stored.fields[field] = fields[field];
          stored.hlc[field] = hlc;
        }
        const last = change.op === 'create' ? null : await outbox.openCursor(null, 'prev');
        if (last && foldsInto(last.value, change, clock.node, base, Object.keys(fields))) {
          Object.assign(base, last.value.base);
          writes.push(last.delete());
        }
        // A record the server composes is kept whole here as a preview; only the therapist's choices are sent.
        const entry: OutboxEntry = {
          mutationId: mutationId++,
          entity: change.entity,
          id: change.id,
          op: change.op ?? 'update',
          fields: sentOf(change, fields),
          ...(forServer ? { sealed: forServer.sealed[index]! } : {}),
          hlc,
          base: sentOf(change, base),
          createdAt: new Date(physical).toISOString(),
        };
        writes.push(recordStore(tx, change.entity).put(stored), outbox.add(entry));
      }
      // `hlc` is newer than `lastHlc` unless that was a stamp from when this phone's clock ran ahead, which the clock now drops.
      writes.push(metaStore.put('nextMutationId', mutationId), metaStore.put('lastHlc', hlc));
      await Promise.all(writes);
      return hlc;
    },
    { durability: options.durability },
  );
  announceChange({ entities: [...stores], outbox: 'written' });
  return { hlc };
}
