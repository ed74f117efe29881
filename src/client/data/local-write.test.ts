import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HLC_ZERO, createHlcClock, type HlcClock } from '../../shared/hlc';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { aClient, aTherapist, aVisit } from '../../shared/testing/fixtures';
import { applyPullPage } from './apply-pull';
import { plainCodec } from './codec';
import { deleteTherapistDb, getMeta, openTherapistDb, type Db } from './db';
import { MissingRecordError, writeChanges } from './local-write';

const therapist = aTherapist();
const client = aClient();
const visit = aVisit(therapist.id, client.id, { therapistNote: '' });
const OFFICE_HLC = '2026-01-05T10:00:00.000Z-0000-5e7e700000000000';
let db: Db;
let clock: HlcClock;

beforeEach(async () => {
  db = await openTherapistDb(therapist.id);
  clock = createHlcClock('aaaaaaaaaaaa0001');
  const hlc = Object.fromEntries(Object.keys(visit).map((key) => [key, OFFICE_HLC]));
  await applyPullPage(
    db,
    {
      protocolVersion: PROTOCOL_VERSION,
      reset: true,
      records: [{ entity: 'visit', id: visit.id, seq: 1, deleted: false, data: visit, hlc }],
      cursor: 'c1.1.2026-11-23.2026-12-08',
      hasMore: false,
      window: { from: '2026-11-23', to: '2026-12-08' },
    },
    plainCodec,
  );
});
afterEach(async () => {
  db.close();
  await deleteTherapistDb(therapist.id);
});

describe('a local write', () => {
  it('commits the record, its outbox entry and the counters together', async () => {
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { status: 'en_route' } }]);
    const stored = await db.get('visit', visit.id);
    expect(stored!.fields.status).toBe('en_route');
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({ mutationId: 1, entity: 'visit', id: visit.id, op: 'update', fields: { status: 'en_route' }, base: { status: OFFICE_HLC } });
    expect(entry!.hlc > OFFICE_HLC).toBe(true);
    expect(stored!.hlc.status).toBe(entry!.hlc);
    expect(await getMeta(db, 'nextMutationId')).toBe(2);
    expect(await getMeta(db, 'lastHlc')).toBe(entry!.hlc);
  });

  it('folds repeated saves of the same field into one entry, under a new id, keeping the first base', async () => {
    for (const text of ['K', 'Kn', 'Knee pain']) {
      await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: text } }]);
    }
    const entries = await db.getAll('outbox');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ mutationId: 3, fields: { therapistNote: 'Knee pain' }, base: { therapistNote: OFFICE_HLC } });
  });

  it('keeps separate entries for different fields, in order', async () => {
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'a' } }]);
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { status: 'arrived' } }]);
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'b' } }]);
    expect((await db.getAll('outbox')).map((entry) => Object.keys(entry.fields)[0])).toEqual(['therapistNote', 'status', 'therapistNote']);
  });

  it('writes nothing at all when one of its changes cannot be applied', async () => {
    await expect(
      writeChanges(db, plainCodec, clock, [
        { entity: 'visit', id: visit.id, fields: { status: 'arrived' } },
        { entity: 'visit', id: '0190a6e4-5b1c-7d2e-8f3a-1b2c3d4e5f60', fields: { status: 'arrived' } },
      ]),
    ).rejects.toThrow(MissingRecordError);
    expect((await db.get('visit', visit.id))!.fields.status).toBe('scheduled');
    expect(await db.count('outbox')).toBe(0);
    expect(await getMeta(db, 'nextMutationId')).toBeUndefined();
  });

  it('survives a pull of an older server copy: the pending edit stays until it is pushed', async () => {
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'typed offline' } }]);
    const olderHlc = Object.fromEntries(Object.keys(visit).map((key) => [key, OFFICE_HLC]));
    await applyPullPage(
      db,
      {
        protocolVersion: PROTOCOL_VERSION,
        reset: false,
        records: [{ entity: 'visit', id: visit.id, seq: 2, deleted: false, data: { ...visit, officeNotes: 'new code 4521' }, hlc: { ...olderHlc, officeNotes: '2026-01-05T10:05:00.000Z-0000-5e7e700000000000' } }],
        cursor: 'c1.2.2026-11-23.2026-12-08',
        hasMore: false,
        window: { from: '2026-11-23', to: '2026-12-08' },
      },
      plainCodec,
    );
    const stored = await db.get('visit', visit.id);
    expect(stored!.fields).toMatchObject({ therapistNote: 'typed offline', officeNotes: 'new code 4521' });
    expect(await db.count('outbox')).toBe(1);
    expect(HLC_ZERO < stored!.hlc.therapistNote!).toBe(true);
  });
});
