import * as v from 'valibot';
import type { EntityName, EntityTypes } from '../../shared/protocol';
import type { RecordCodec } from './codec';
import type { StoredRecord } from './db';

/** A stored record that no longer matches its schema: kept where it is, left out of the screens, and reported. */
export interface UnreadableRecord {
  entity: EntityName;
  id: string;
  problem: string;
}

const unreadable = new Map<string, UnreadableRecord>();
const listeners = new Set<() => void>();

/** The records that failed to read since the app started (Settings lists them). */
export function unreadableRecords(): UnreadableRecord[] {
  return [...unreadable.values()];
}

export function onUnreadableRecord(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Opens a stored record through the codec and checks it against its schema
 * (passed in, so the day view loads only the schemas of what it reads).
 * Data written by an older version, or damaged, is never shown half-read and
 * never dropped: it stays in IndexedDB untouched (a later pull or version may
 * repair it), and it is reported so the therapist and the office know.
 */
export async function openRecord<E extends EntityName>(
  codec: RecordCodec,
  entity: E,
  stored: StoredRecord,
  schema: v.GenericSchema<unknown, EntityTypes[E]>,
): Promise<EntityTypes[E] | null> {
  let problem: string;
  try {
    const result = v.safeParse(schema, await codec.open(entity, stored.fields, stored.id));
    if (result.success) {
      unreadable.delete(`${entity}|${stored.id}`);
      return result.output as EntityTypes[E];
    }
    problem = v.summarize(result.issues);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const key = `${entity}|${stored.id}`;
  if (!unreadable.has(key)) {
    unreadable.set(key, { entity, id: stored.id, problem });
    listeners.forEach((listener) => listener());
  }
  return null;
}

/** Opens many records of one entity, leaving out (and reporting) those that fail. */
export async function openRecords<E extends EntityName>(
  codec: RecordCodec,
  entity: E,
  stored: StoredRecord[],
  schema: v.GenericSchema<unknown, EntityTypes[E]>,
): Promise<EntityTypes[E][]> {
  const opened = await Promise.all(stored.map((record) => openRecord(codec, entity, record, schema)));
  return opened.filter((record): record is Awaited<EntityTypes[E]> => record !== null);
}
