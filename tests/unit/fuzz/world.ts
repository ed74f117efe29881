/**
 * The world the seeded sync fuzz runs in: the real server app (in-process,
 * real SQLite file) with its own fake clock, an office that books and
 * reassigns, and a network that drops, duplicates and delays requests.
 * Every clock in it reads the one fake time: the server's, the office's
 * writes and (with each device's skew) the devices'.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/server/app';
import { hashSessionToken, newSessionToken } from '../../../src/server/auth/session-tokens';
import { openSqliteStore } from '../../../src/server/store/sqlite/sqlite-store';
import type { Store } from '../../../src/server/store/store';
import type { Transport } from '../../../src/client/sync/api-client';
import { calendarDateIn, shiftDate } from '../../../src/shared/calendar';
import type { Client, Therapist, Visit } from '../../../src/shared/domain';
import { aClient, aTherapist, aVisit, testClock } from '../../../src/shared/testing/fixtures';
import { seededRandom } from '../../../src/shared/testing/random-day';

/** The project's seeded generator (mulberry32), with the picks the fuzz makes. */
export function rng(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
  };
}
export type Random = ReturnType<typeof rng>;

export interface World {
  store: Store;
  therapist: Therapist;
  other: Therapist;
  client: Client;
  visits: Visit[];
  /** The server's time, in ms; every other clock derives from it. */
  now(): number;
  advance(ms: number): void;
  /** A faulty network unless healthy; requests held back are delivered by `deliverLate`. */
  transport: Transport;
  setHealthy(healthy: boolean): void;
  deliverLate(random: Random): Promise<void>;
  flushLate(): Promise<void>;
  /** The office moves a visit to another therapist. */
  reassign(visit: Visit): Promise<void>;
  close(): Promise<void>;
}

/** 23:00 in Montreal: a run of a few dozen steps crosses midnight, and the pull window moves. */
export const START = Date.UTC(2026, 10, 25, 4, 0, 0);

export async function createWorld(random: Random, start = START): Promise<World> {
  let now = start;
  const dir = await mkdtemp(join(tmpdir(), 'tournee-fuzz-'));
  const store = openSqliteStore(join(dir, 'fuzz.sqlite'), { now: () => new Date(now) });
  const app = createApp({ store, now: () => new Date(now) });
  const office = testClock(() => now);

  const therapist = aTherapist();
  const other = aTherapist();
  await store.createTherapist(therapist, 'unused', office.tick());
  await store.createTherapist(other, 'unused', office.tick());
  const token = newSessionToken();
  await store.createSession({ tokenHash: hashSessionToken(token), therapistId: therapist.id, createdAt: new Date(now), expiresAt: new Date(now + 30 * 86_400_000) });
  const client = aClient();
  await store.putClient(client, office.tick());
  const today = calendarDateIn(new Date(now));
  // Three visits today and one tomorrow: what happened cannot be said of tomorrow's until midnight passes.
  const visits = [1, 2, 3].map((position) => aVisit(therapist.id, client.id, { date: today, routePosition: position }));
  visits.push(aVisit(therapist.id, client.id, { date: shiftDate(today, 1), routePosition: 1 }));
  for (const visit of visits) await store.putVisit(visit, office.tick());

  const server = (path: string, init: RequestInit): Promise<Response> =>
    Promise.resolve(app.fetch(new Request(`http://fuzz${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `session=${token}` } })));
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

  return {
    store,
    therapist,
    other,
    client,
    visits,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    transport,
    setHealthy(healthy) {
      healed = healthy;
    },
    async deliverLate(r) {
      if (held.length > 0) await held.splice(Math.floor(r.next() * held.length), 1)[0]!();
    },
    async flushLate() {
      while (held.length > 0) await held.shift()!();
    },
    async reassign(visit) {
      await store.putVisit({ ...visit, therapistId: other.id }, office.tick());
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
