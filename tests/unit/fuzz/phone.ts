/**
 * A phone in the sync fuzz: its own IndexedDB (fake-indexeddb), its own clock
 * (the world's time plus a skew that can jump), two tabs that each stamp with
 * their own HLC node and keep their own editors, and a service worker that
 * only pushes. All of them use the real client code on the one database.
 */
import { IDBFactory } from 'fake-indexeddb';
import { plainCodec } from '../../../src/client/data/codec';
import { openTherapistDb, type Db } from '../../../src/client/data/db';
import { ensureDeviceId } from '../../../src/client/data/device';
import { writeChanges, type Change, type DeviceClock } from '../../../src/client/data/local-write';
import { ApiRequestError, NetworkError } from '../../../src/client/sync/api-client';
import { pullAll } from '../../../src/client/sync/pull';
import { pushAll } from '../../../src/client/sync/push';
import { ClockDriftError, HLC_ZERO, deviceTabNode } from '../../../src/shared/hlc';
import type { EntityName } from '../../../src/shared/protocol';
import type { World } from './world';

/** A text field open in a tab: what it shows, and the HLC of the value its edit started from. */
export interface Editor {
  entity: 'visit' | 'sessionRecord';
  id: string;
  field: string;
  text: string;
  seen: string;
  /** One name per time the editor showed a stored value: its saves form one chain. */
  name: string;
  /** The text it showed before the therapist typed over it (that text was read, so not lost). */
  shown: string;
}

export interface Tab {
  clock: DeviceClock;
  editors: Map<string, Editor>;
}

/** What the fuzz remembers of every committed edit, to check afterwards that nothing typed was lost. */
export interface CommittedText {
  phone: string;
  entity: 'visit' | 'sessionRecord';
  id: string;
  field: string;
  text: string;
  hlc: string;
  /** The editor that wrote it; its later saves supersede it. */
  editor: string;
  /** What that editor showed before the therapist typed. */
  shown: string;
}

export interface Phone {
  name: string;
  factory: IDBFactory;
  db: Db;
  deviceId: string;
  skewMs: number;
  tabs: Tab[];
}

let editorSerial = 0;

export async function openPhone(world: World, name: string, factory: IDBFactory, skewMs: number, salt: number): Promise<Phone> {
  // idb opens through the global factory; each phone has its own, as each has its own browser.
  (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
  const db = await openTherapistDb(world.therapist.id);
  const deviceId = await ensureDeviceId(db);
  const phone: Phone = { name, factory, db, deviceId, skewMs, tabs: [] };
  const now = () => world.now() + phone.skewMs;
  for (const tab of [1, 2]) phone.tabs.push({ clock: { node: deviceTabNode(deviceId, salt * 2 + tab), now }, editors: new Map() });
  return phone;
}

export function phoneNow(world: World, phone: Phone): number {
  return world.now() + phone.skewMs;
}

/** A sync problem the phone recovers from by itself, or once its clock is right. */
function expected(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof ClockDriftError) return true;
  return error instanceof ApiRequestError && error.code === 'clock_skew';
}

export async function sync(world: World, phone: Phone): Promise<void> {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = phone.factory;
  try {
    await pushAll(phone.db, plainCodec, phone.deviceId, world.transport, { now: () => phoneNow(world, phone) });
    await pullAll(phone.db, plainCodec, world.transport, undefined, { now: () => phoneNow(world, phone) });
  } catch (error) {
    if (process.env.FUZZ_DEBUG) console.log('DEBUG sync', phone.name, error);
    if (!expected(error)) throw error;
  }
}

/** The service worker's Background Sync: push only, same code. */
export async function backgroundPush(world: World, phone: Phone): Promise<void> {
  try {
    await pushAll(phone.db, plainCodec, phone.deviceId, world.transport, { now: () => phoneNow(world, phone) });
  } catch (error) {
    if (!expected(error)) throw error;
  }
}

export async function stored(phone: Phone, entity: EntityName, id: string) {
  const record = await phone.db.get(entity, id);
  return record ? { fields: record.fields as Record<string, unknown>, hlc: record.hlc } : null;
}

/** Opens (or refreshes, when not being edited) an editor from what the phone stores. */
export async function showStored(phone: Phone, tab: Tab, entity: Editor['entity'], id: string, field: string): Promise<Editor | null> {
  const key = `${entity}|${id}|${field}`;
  const record = await stored(phone, entity, id);
  if (!record) {
    tab.editors.delete(key);
    return null;
  }
  const text = String(record.fields[field] ?? '');
  editorSerial += 1;
  const editor: Editor = { entity, id, field, text, seen: record.hlc[field] ?? HLC_ZERO, name: `${phone.name}-editor${editorSerial}`, shown: text };
  tab.editors.set(key, editor);
  return editor;
}

/** A local write as the app makes it; false when the record is no longer on the phone. */
export async function write(phone: Phone, tab: Tab, changes: Change[], strict = false): Promise<string | null> {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = phone.factory;
  try {
    return (await writeChanges(phone.db, plainCodec, tab.clock, changes, { durability: strict ? 'strict' : 'default' })).hlc;
  } catch (error) {
    if (error instanceof Error && (error.name === 'MissingRecordError' || error.name === 'RecordExistsError')) return null;
    throw error;
  }
}
