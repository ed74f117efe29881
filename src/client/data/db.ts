import { openDB, deleteDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EntityName } from '../../shared/protocol';
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

export function openTherapistDb(therapistId: string, onVersionChange: () => void = () => {}): Promise<Db> {
  return openDB<TourneeDb>(databaseName(therapistId), DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('therapist', { keyPath: 'id' });
        db.createObjectStore('client', { keyPath: 'id' });
        db.createObjectStore('visit', { keyPath: 'id' }).createIndex('by-date', 'date');
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        db.createObjectStore('conflict', { keyPath: 'id' });
        db.createObjectStore('outbox', { keyPath: 'mutationId' });
        db.createObjectStore('rejection', { keyPath: 'mutationId' });
        // Pruning after a snapshot visits only records older than it, not all of them.
        for (const name of ['therapist', 'client', 'visit', 'conflict'] as const) tx.objectStore(name).createIndex('by-generation', 'generation');
      }
      if (oldVersion < 3) {
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
      }
      if (oldVersion < 4) {
        const receipt = db.createObjectStore('receipt', { keyPath: 'id' });
        receipt.createIndex('by-generation', 'generation');
        receipt.createIndex('by-visit', 'visitId');
      }
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
