import { openDB, deleteDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { EntityName } from '../../shared/protocol';
import type { SealedPayload, SealingPublicKey } from '../../shared/sealed-outbox';
import type { SealedFields } from './codec';

/**
 * Bump when the schema changes, and add a step to `upgrade` below: a phone may
 * jump several versions at once, and its data (pending changes above all) must
 * survive every step.
 */
export const DB_VERSION = 4;

/** A record as this device keeps it: fields sealed by the codec, their clocks and index keys in clear. */
export interface StoredRecord {
  id: string;
  fields: SealedFields;
  /** Per field, the HLC of the change this device holds. */
  hlc: Record<string, string>;
  /** The snapshot this record last arrived in; older ones are pruned when a snapshot completes. */
  generation: number;
}

export interface StoredVisit extends StoredRecord {
  /** In clear for the by-date index. */
  date: string;
}

/** Intakes, session records, amendments: whose they are stays in clear for the indexes. */
export interface StoredClinical extends StoredRecord {
  clientId: string;
  visitId?: string;
  recordId?: string;
}

/** A local change waiting to reach the server, written in the same transaction as the change. */
export interface OutboxEntry {
  /** Monotonic per device: the server applies each (device, mutationId) at most once. */
  mutationId: number;
  entity: EntityName;
  id: string;
  op: 'create' | 'update';
  fields: SealedFields;
  /**
   * The fields as sent, sealed to the server's public key: push sends this
   * without the data key, so the outbox drains while the app is locked.
   * Absent on entries queued before this device knew the server's key.
   */
  sealed?: SealedPayload;
  hlc: string;
  base: Record<string, string>;
  createdAt: string;
}

/** A change the server refused, kept (with what was typed) until the therapist has seen it. */
export interface StoredRejection {
  mutationId: number;
  entity: EntityName;
  id: string;
  fields: SealedFields;
  code: string;
  reason: string;
  at: string;
}

export interface MetaValues {
  deviceId: string;
  /** The next mutation id this device hands out. */
  nextMutationId: number;
  /** The newest HLC this device issued or saw, so a restarted app never goes back in time. */
  lastHlc: string;
  cursor: string;
  generation: number;
  /** A snapshot started and not yet complete: prune when its last page lands. */
  resetInProgress: boolean;
  lastPulledAt: string;
  window: { from: string; to: string };
  /** The wrapped data key (client/security/keyring.ts), which validates it on every read. */
  keyring: unknown;
  /** The server's public key the outbox is sealed to, from the last pull (checked before it is kept). */
  sealingKey: SealingPublicKey;
}
export type MetaKey = keyof MetaValues;

export interface TourneeDb extends DBSchema {
  therapist: { key: string; value: StoredRecord; indexes: { 'by-generation': number } };
  client: { key: string; value: StoredRecord; indexes: { 'by-generation': number } };
  visit: { key: string; value: StoredVisit; indexes: { 'by-date': string; 'by-generation': number } };
  conflict: { key: string; value: StoredRecord; indexes: { 'by-generation': number } };
  intake: { key: string; value: StoredClinical; indexes: { 'by-generation': number; 'by-client': string } };
  sessionRecord: { key: string; value: StoredClinical; indexes: { 'by-generation': number; 'by-client': string; 'by-visit': string } };
  amendment: { key: string; value: StoredClinical; indexes: { 'by-generation': number; 'by-record': string } };
  receipt: { key: string; value: StoredClinical; indexes: { 'by-generation': number; 'by-visit': string } };
  outbox: { key: number; value: OutboxEntry };
  rejection: { key: number; value: StoredRejection };
  meta: { key: MetaKey; value: MetaValues[MetaKey] };
}

export type Db = IDBPDatabase<TourneeDb>;
export const RECORD_STORES = ['therapist', 'client', 'visit', 'conflict', 'intake', 'sessionRecord', 'amendment', 'receipt'] as const satisfies readonly EntityName[];

/** One database per therapist, so two people sharing a tablet never see each other's clients. */
export function databaseName(therapistId: string): string {
  return `tournee-${therapistId}`;
}

type UpgradeTx = IDBPTransaction<TourneeDb, StoreNames<TourneeDb>[], 'versionchange'>;

/**
 * One step per version, in order. A phone may jump several versions at once,
 * and its data (pending changes above all) must survive every step; the
 * upgrade test opens databases of every earlier version, with data in them.
 * Never edit a step that has shipped; add the next one.
 */
export const UPGRADE_STEPS: readonly ((db: IDBPDatabase<TourneeDb>, tx: UpgradeTx) => void)[] = [
  /* 1 */ (db) => {
    db.createObjectStore('therapist', { keyPath: 'id' });
    db.createObjectStore('client', { keyPath: 'id' });
    db.createObjectStore('visit', { keyPath: 'id' }).createIndex('by-date', 'date');
    db.createObjectStore('meta');
  },
  /* 2 */ (db, tx) => {
    db.createObjectStore('conflict', { keyPath: 'id' });
    db.createObjectStore('outbox', { keyPath: 'mutationId' });
    db.createObjectStore('rejection', { keyPath: 'mutationId' });
    // Pruning after a snapshot visits only records older than it, not all of them.
    for (const name of ['therapist', 'client', 'visit', 'conflict'] as const) tx.objectStore(name).createIndex('by-generation', 'generation');
  },
  /* 3 */ (db) => {
    const intake = db.createObjectStore('intake', { keyPath: 'id' });
    intake.createIndex('by-generation', 'generation');
    intake.createIndex('by-client', 'clientId');
    const record = db.createObjectStore('sessionRecord', { keyPath: 'id' });
    record.createIndex('by-generation', 'generation');
    record.createIndex('by-client', 'clientId');
    record.createIndex('by-visit', 'visitId');
    const amendment = db.createObjectStore('amendment', { keyPath: 'id' });
    amendment.createIndex('by-generation', 'generation');
    amendment.createIndex('by-record', 'recordId');
  },
  /* 4 */ (db) => {
    const receipt = db.createObjectStore('receipt', { keyPath: 'id' });
    receipt.createIndex('by-generation', 'generation');
    receipt.createIndex('by-visit', 'visitId');
  },
];

/** Opens (and upgrades) a therapist's database; `version` is for the upgrade tests only. */
export function openTherapistDb(therapistId: string, onVersionChange: () => void = () => {}, version: number = DB_VERSION): Promise<Db> {
  return openDB<TourneeDb>(databaseName(therapistId), version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let step = oldVersion; step < (newVersion ?? version); step++) UPGRADE_STEPS[step]!(db, tx);
    },
    // Another tab opened a newer version: let it upgrade, and ask this one to reload.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      onVersionChange();
    },
  });
}

export function deleteTherapistDb(therapistId: string): Promise<void> {
  return deleteDB(databaseName(therapistId));
}

export async function getMeta<K extends MetaKey>(db: Db, key: K): Promise<MetaValues[K] | undefined> {
  return (await db.get('meta', key)) as MetaValues[K] | undefined;
}

export type StoreName = StoreNames<TourneeDb>;
export type WriteTx = IDBPTransaction<TourneeDb, StoreName[], 'readwrite'>;

/**
 * Runs `work` in ONE read-write transaction and resolves with its result once
 * the transaction has committed. Anything that throws inside `work`, or a
 * request that fails, aborts the whole transaction: a record can never
 * commit without its outbox entry. `work` may await only IndexedDB requests of
 * `tx` (idb's "transaction lifetime" rule); do everything else before.
 * `durability: 'strict'` waits for the commit to reach the disk: for the
 * writes that close a piece of work (a signature, an intake, a receipt).
 */
export async function readwrite<T>(
  db: Db,
  stores: StoreName[],
  work: (tx: WriteTx) => Promise<T>,
  options: { durability?: 'strict' | 'default' } = {},
): Promise<T> {
  const tx = db.transaction(stores, 'readwrite', { durability: options.durability ?? 'default' });
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or already finished.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}

/** A record store of a transaction, typed once here instead of cast at every call site. */
export interface RecordStoreOf {
  get(id: string): Promise<(StoredRecord & Record<string, unknown>) | undefined>;
  put(value: StoredRecord): Promise<unknown>;
  delete(id: string): Promise<void>;
}
export function recordStore(tx: WriteTx, entity: EntityName): RecordStoreOf {
  return tx.objectStore(entity) as unknown as RecordStoreOf;
}

/**
 * A record store's writes without a promise each, for pages of thousands of
 * records: idb's promise per request (and its listeners) cost more than the
 * writes' own work on the page. A write that fails still fails its
 * transaction: the request's error aborts it, and `readwrite` throws.
 */
export function queuedWrites(tx: WriteTx, entity: EntityName) {
  const store = unwrap(tx.objectStore(entity));
  return {
    put: (value: StoredRecord) => void store.put(value),
    delete: (id: string) => void store.delete(id),
  };
}

/** The meta store of a transaction, with each key's type. */
export function meta(tx: WriteTx) {
  const store = tx.objectStore('meta');
  return {
    get: async <K extends MetaKey>(key: K) => (await store.get(key)) as MetaValues[K] | undefined,
    put: <K extends MetaKey>(key: K, value: MetaValues[K]) => store.put(value, key),
  };
}

/** Index keys a record keeps in clear, from its (unsealed) data. */
export function clearKeys(entity: EntityName, data: Record<string, unknown>): Record<string, string> {
  switch (entity) {
    case 'visit':
      return { date: String(data.date) };
    case 'intake':
      return { clientId: String(data.clientId) };
    case 'sessionRecord':
      return { clientId: String(data.clientId), visitId: String(data.visitId) };
    case 'amendment':
      return { clientId: String(data.clientId), recordId: String(data.recordId) };
    case 'receipt':
      return { clientId: String(data.clientId), visitId: String(data.visitId) };
    default:
      return {};
  }
}
