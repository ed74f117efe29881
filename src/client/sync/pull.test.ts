import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visit } from '../../shared/domain';
import { ClockDriftError, MAX_PEER_AHEAD_MS, formatHlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION, type PullResponse } from '../../shared/protocol';
import { aTherapist, aVisit } from '../../shared/testing/fixtures';
import { plainCodec } from '../data/codec';
import { deleteTherapistDb, getMeta, openTherapistDb, type Db } from '../data/db';
import { ensureDeviceId } from '../data/device';
import { unreadableRecords } from '../data/read-record';
import { createVisitsRepo } from '../data/visits-repo';
import type { Transport } from './api-client';
import { pullAll } from './pull';

const WINDOW = { from: '2026-11-23', to: '2026-12-08' };
const therapist = aTherapist();
const NOW = Date.parse('2026-11-24T12:00:00.000Z');
let db: Db;

const stampedAt = (millis: number) => formatHlc({ millis, counter: 0, node: '5e7e700000000000' });
function pageOf(visits: Visit[], index: number, hasMore: boolean, millis = NOW - 60_000): PullResponse {
  return {
    protocolVersion: PROTOCOL_VERSION,
    reset: index === 0,
    records: visits.map((visit, i) => ({
      entity: 'visit',
      id: visit.id,
      seq: index * 10 + i + 1,
      deleted: false,
      data: visit,
      hlc: Object.fromEntries(Object.keys(visit).map((key) => [key, stampedAt(millis)])),
    })),
    cursor: `page-${index}`,
    hasMore,
    window: WINDOW,
  };
}

/** Answers each pull with the page after the cursor it was sent, and remembers the cursors asked for and who asked. */
function serverOf(pages: PullResponse[]) {
  const asked: (string | null)[] = [];
  const devices: unknown[] = [];
  const transport: Transport = async (_path, init) => {
    const { cursor, deviceId } = JSON.parse(String(init.body)) as { cursor: string | null; deviceId?: unknown };
    asked.push(cursor);
    devices.push(deviceId);
    const index = cursor === null ? 0 : Number(cursor.slice('page-'.length)) + 1;
    return new Response(JSON.stringify(pages[index]), { headers: { 'content-type': 'application/json' } });
  };
  return { transport, asked, devices };
}

beforeEach(async () => {
  db = await openTherapistDb(therapist.id);
});
afterEach(async () => {
  db.close();
  await deleteTherapistDb(therapist.id);
});

describe('pulling page after page', () => {
  it('asks for each page with the cursor of the one before and lands every page', async () => {
    const visits = Array.from({ length: 6 }, () => aVisit(therapist.id, uuidv7()));
    const { transport, asked } = serverOf([pageOf(visits.slice(0, 2), 0, true), pageOf(visits.slice(2, 4), 1, true), pageOf(visits.slice(4), 2, false)]);

    expect(await pullAll(db, plainCodec, transport, undefined, { now: () => NOW })).toBe(3);
    expect(asked).toEqual([null, 'page-0', 'page-1']);
    expect(await db.count('visit')).toBe(6);
    expect(await getMeta(db, 'cursor')).toBe('page-2');
  });

  it("names this device in every pull, for the server's access log", async () => {
    const deviceId = await ensureDeviceId(db);
    const { transport, devices } = serverOf([pageOf([aVisit(therapist.id, uuidv7())], 0, true), pageOf([], 1, false)]);
    await pullAll(db, plainCodec, transport, undefined, { now: () => NOW });
    expect(devices).toEqual([deviceId, deviceId]);
  });

  it('tells screens that more pages are coming, and names everything the pull touched on the last page, even an empty one', async () => {
    const visits = Array.from({ length: 4 }, () => aVisit(therapist.id, uuidv7()));
    const { transport } = serverOf([pageOf(visits.slice(0, 2), 0, true), pageOf(visits.slice(2), 1, true), pageOf([], 2, false)]);
    const told: [string[], boolean][] = [];
    await pullAll(db, plainCodec, transport, (entities, more) => told.push([entities, more]), { now: () => NOW });
    expect(told).toEqual([
      [['visit'], true],
      [['visit'], true],
      [['visit'], false],
    ]);
  });

  it('applies nothing after a page that fails, even a page already fetched, and keeps the cursor of the last page that landed', async () => {
    const visits = Array.from({ length: 6 }, () => aVisit(therapist.id, uuidv7()));
    const tooFarAhead = NOW + MAX_PEER_AHEAD_MS + 60_000;
    const { transport } = serverOf([pageOf(visits.slice(0, 2), 0, true), pageOf(visits.slice(2, 4), 1, true, tooFarAhead), pageOf(visits.slice(4), 2, false)]);

    await expect(pullAll(db, plainCodec, transport, undefined, { now: () => NOW })).rejects.toBeInstanceOf(ClockDriftError);
    expect((await db.getAllKeys('visit')).sort()).toEqual(visits.slice(0, 2).map((visit) => visit.id).sort());
    expect(await getMeta(db, 'cursor')).toBe('page-0');
  });

  it('lands a record whose data breaks its schema, and the day leaves it out and reports it, never half-read', async () => {
    const [fine, broken] = [aVisit(therapist.id, uuidv7(), { date: '2026-11-24' }), aVisit(therapist.id, uuidv7(), { date: '2026-11-24', routePosition: 2 })];
    const page = pageOf([fine, broken], 0, false);
    (page.records[1] as { data: Record<string, unknown> }).data.durationMin = 'a long time';
    await pullAll(db, plainCodec, serverOf([page]).transport, undefined, { now: () => NOW });

    expect((await createVisitsRepo(db, plainCodec).visitsOn('2026-11-24')).map(({ visit }) => visit.id)).toEqual([fine.id]);
    expect(unreadableRecords()).toContainEqual(expect.objectContaining({ entity: 'visit', id: broken.id }));
  });

  it('refuses a page whose envelope is malformed, and writes nothing of it', async () => {
    const page = pageOf([aVisit(therapist.id, uuidv7())], 0, false);
    (page.records[0] as { hlc: Record<string, unknown> }).hlc.status = 42;
    await expect(pullAll(db, plainCodec, serverOf([page]).transport, undefined, { now: () => NOW })).rejects.toThrow();
    expect(await db.count('visit')).toBe(0);
    expect(await getMeta(db, 'cursor')).toBeUndefined();
  });
});
