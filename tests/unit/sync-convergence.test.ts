/**
 * Seeded, reproducible randomized sync test. Three devices of one therapist,
 * each with its own IndexedDB (fake-indexeddb) and the real client write,
 * push and pull code, talk to the real server app (in-process, real SQLite
 * file) through a network that drops requests, drops responses, duplicates
 * them and delivers some late, after later ones. Devices crash (lose all
 * memory) between steps. At the end the network heals and everyone syncs.
 *
 * What must hold: every device and the server hold the same visits; every
 * committed change reached the server (outboxes empty, nothing refused); each
 * field is the newest committed edit (by HLC); every device's last note on a
 * visit is the final text, or kept in a conflict, or was seen by the edit
 * that replaced it; no mutation was applied twice.
 *
 * FUZZ_RUNS (default 200) and FUZZ_SEED (replay one run) tune it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSessionToken, newSessionToken } from '../../src/server/auth/session-tokens';
import { createApp } from '../../src/server/app';
import { openSqliteStore } from '../../src/server/store/sqlite/sqlite-store';
import type { Store } from '../../src/server/store/store';
import { plainCodec } from '../../src/client/data/codec';
import { openTherapistDb, type Db } from '../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../src/client/data/device';
import { writeChanges, type DeviceClock } from '../../src/client/data/local-write';
import { NetworkError, type Transport } from '../../src/client/sync/api-client';
import { pullAll } from '../../src/client/sync/pull';
import { pushAll } from '../../src/client/sync/push';
import type { Conflict, Visit } from '../../src/shared/domain';
import { VISIT_FLOW } from '../../src/shared/visit-status';
import { aClient, aTherapist, aVisit, testClock } from '../../src/shared/testing/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const ONLY_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : null;
const STEPS = 40;
const DEVICES = 3;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, chance: (p: number) => next() < p, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

interface Device {
  name: string;
  factory: IDBFactory;
  db: Db;
  clock: DeviceClock;
  deviceId: string;
}

interface Edit {
  device: string;
  visitId: string;
  field: 'status' | 'therapistNote';
  value: string;
  hlc: string;
  base: string;
}

async function openDevice(name: string, factory: IDBFactory, therapistId: string): Promise<Device> {
  // idb opens through the global factory; each device gets its own, as each phone has its own browser.
  (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
  const db = await openTherapistDb(therapistId);
  const deviceId = await ensureDeviceId(db);
  return { name, factory, db, deviceId, clock: tabClock(deviceId) };
}

async function runOnce(seed: number): Promise<void> {
  const random = rng(seed);
  const dir = await mkdtemp(join(tmpdir(), 'tournee-fuzz-'));
  const store: Store = openSqliteStore(join(dir, 'fuzz.sqlite'));
  const app = createApp({ store, now: () => new Date() });
  const office = testClock();
  const therapist = aTherapist();
  await store.createTherapist(therapist, 'unused', office.tick());
  const token = newSessionToken();
  await store.createSession({ tokenHash: hashSessionToken(token), therapistId: therapist.id, createdAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) });
  const client = aClient();
  await store.putClient(client, office.tick());
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
  const visits = [1, 2, 3].map((position) => aVisit(therapist.id, client.id, { date: today, routePosition: position }));
  for (const visit of visits) await store.putVisit(visit, office.tick());

  const server = async (path: string, init: RequestInit): Promise<Response> =>
    app.fetch(new Request(`http://fuzz${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `session=${token}` } }));
  const held: (() => Promise<unknown>)[] = [];
  let healed = false;
  const transport: Transport = async (path, init) => {
    if (healed) return server(path, init);
    const roll = random.next();
    if (roll < 0.1) throw new TypeError('request dropped');
    if (roll < 0.2) {
      await server(path, init);
      throw new TypeError('response dropped');
    }
    if (roll < 0.3) {
      await server(path, init);
      return server(path, init);
    }
    if (roll < 0.4) {
      // Delivered later, after requests sent after it; the sender sees a failure now.
      held.push(() => server(path, init));
      throw new TypeError('request delayed');
    }
    return server(path, init);
  };

  const devices: Device[] = [];
  for (let i = 0; i < DEVICES; i++) devices.push(await openDevice(`device${i}`, new IDBFactory(), therapist.id));
  const edits: Edit[] = [];

  async function sync(device: Device) {
    try {
      await pushAll(device.db, plainCodec, device.deviceId, transport);
      await pullAll(device.db, plainCodec, transport);
    } catch (error) {
      // Only the network may fail; anything else is a bug the test must report.
      if (!(error instanceof NetworkError)) throw error;
    }
  }

  // Everyone starts with the day on the device, as after sign-in.
  healed = true;
  for (const device of devices) await sync(device);
  healed = false;

  for (let step = 0; step < STEPS; step++) {
    const device = random.pick(devices);
    const action = random.next();
    if (action < 0.5) {
      const visit = random.pick(visits);
      const field = random.chance(0.6) ? 'therapistNote' : 'status';
      const value = field === 'status' ? random.pick(VISIT_FLOW) : `${device.name} step ${step} ${Math.floor(random.next() * 1e6)}`;
      const before = await device.db.get('visit', visit.id);
      await writeChanges(device.db, plainCodec, device.clock, [{ entity: 'visit', id: visit.id, fields: { [field]: value } }]);
      const after = await device.db.get('visit', visit.id);
      edits.push({ device: device.name, visitId: visit.id, field, value, hlc: after!.hlc[field]!, base: before!.hlc[field] ?? '' });
    } else if (action < 0.85) {
      await sync(device);
    } else if (action < 0.92) {
      // Crash: everything in memory is gone; the device comes back from what it committed.
      device.db.close();
      Object.assign(device, await openDevice(device.name, device.factory, therapist.id));
    } else if (held.length > 0) {
      const index = Math.floor(random.next() * held.length);
      await held.splice(index, 1)[0]!();
    }
  }

  // The network heals; late requests land; everyone syncs until nothing waits, then pulls once more.
  healed = true;
  while (held.length > 0) await held.shift()!();
  for (let round = 0; round < 3; round++) for (const device of devices) await sync(device);

  const serverState = await store.pullChanges({ therapistId: therapist.id, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 10_000 });
  const serverVisits = new Map<string, Visit>();
  const conflicts: Conflict[] = [];
  for (const record of serverState.records) {
    if (record.deleted) continue;
    if (record.entity === 'visit') serverVisits.set(record.id, record.data);
    if (record.entity === 'conflict') conflicts.push(record.data);
  }

  for (const device of devices) {
    expect(await device.db.count('outbox'), `${device.name} outbox`).toBe(0);
    expect(await device.db.getAll('rejection'), `${device.name} refusals`).toEqual([]);
    for (const visit of visits) {
      const stored = await device.db.get('visit', visit.id);
      expect(await plainCodec.open('visit', stored!.fields), `${device.name} holds the server's visit`).toEqual(serverVisits.get(visit.id));
    }
    expect((await device.db.getAll('conflict')).length, `${device.name} conflicts`).toBe(conflicts.length);
  }

  for (const visit of visits) {
    const final = serverVisits.get(visit.id)!;
    for (const field of ['status', 'therapistNote'] as const) {
      const onField = edits.filter((edit) => edit.visitId === visit.id && edit.field === field);
      const newest = onField.reduce<Edit | null>((best, edit) => (!best || edit.hlc > best.hlc ? edit : best), null);
      if (newest) expect(final[field], `${field} is the newest committed edit`).toBe(newest.value);
    }
    const noteEdits = edits.filter((edit) => edit.visitId === visit.id && edit.field === 'therapistNote');
    const kept = new Set(conflicts.filter((conflict) => conflict.recordId === visit.id).flatMap((conflict) => [conflict.keptValue, conflict.winningValue]));
    for (const device of devices) {
      const head = noteEdits.filter((edit) => edit.device === device.name).at(-1);
      if (!head) continue;
      const seen = noteEdits.some((edit) => edit.device !== head.device && edit.base === head.hlc);
      expect(head.value === final.therapistNote || kept.has(head.value) || seen, `${device.name}'s last note "${head.value}" is kept`).toBe(true);
    }
  }

  const conflictKeys = conflicts.map((conflict) => `${conflict.recordId}|${conflict.keptHlc}|${conflict.winningHlc}`);
  expect(new Set(conflictKeys).size, 'no mutation applied twice (duplicate conflicts)').toBe(conflictKeys.length);

  for (const device of devices) device.db.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

describe('sync convergence under a faulty network and crashing devices', () => {
  it(`converges in ${ONLY_SEED ?? RUNS} seeded runs`, { timeout: 600_000 }, async () => {
    const seeds = ONLY_SEED !== null ? [ONLY_SEED] : Array.from({ length: RUNS }, (_, i) => 1000 + i);
    for (const seed of seeds) {
      try {
        await runOnce(seed);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`Sync convergence failed for seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run tests/unit/sync-convergence): ${message}`, { cause: error });
      }
    }
  });
});
