import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HLC_ZERO, MAX_CLOCK_DRIFT_MS, formatHlc, parseHlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { MAX_MUTATION_BYTES, PROTOCOL_VERSION } from '../../shared/protocol';
import { composeReceipt } from '../../shared/receipt-rules';
import { aClient, aTherapist, aVisit } from '../../shared/testing/fixtures';
import { applyPullPage } from './apply-pull';
import { plainCodec } from './codec';
import { deleteTherapistDb, getMeta, meta, openTherapistDb, readwrite, recordStore, type Db } from './db';
import { ChangeTooLargeError, MissingRecordError, writeChanges, type DeviceClock } from './local-write';
import { restampOutbox } from './restamp-outbox';

const therapist = aTherapist();
const client = aClient();
const visit = aVisit(therapist.id, client.id, { therapistNote: '' });
const OFFICE_HLC = '2026-01-05T10:00:00.000Z-0000-5e7e700000000000';
let db: Db;
let clock: DeviceClock;

beforeEach(async () => {
  db = await openTherapistDb(therapist.id);
  clock = { node: 'aaaaaaaaaaaa0001', now: () => Date.now() };
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

describe('a receipt issued on the device', () => {
  it('is kept whole as a preview, and queued with only the therapist’s choices', async () => {
    const choices = { visitId: visit.id, amountCents: 9500, paymentMethod: 'cash', language: 'en', recipientName: 'Jean Gagnon' } as const;
    const preview = composeReceipt(uuidv7(), choices, { visit, client, therapist }, new Date());
    await writeChanges(db, plainCodec, clock, [{ entity: 'receipt', id: preview.id, op: 'create', fields: preview }]);
    expect((await db.get('receipt', preview.id))!.fields).toEqual(preview);
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({ op: 'create', fields: choices });
    expect(Object.keys(entry!.fields).sort()).toEqual(Object.keys(choices).sort());
    expect(Object.keys(entry!.base).sort()).toEqual(Object.keys(choices).sort());
  });
});

describe('the one write path', () => {
  it('aborts the whole transaction when a request fails inside it: no record without its outbox entry', async () => {
    // The next mutation id is already taken, so adding the outbox entry fails inside the transaction,
    // after the record's put was queued.
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { status: 'en_route' } }]);
    await readwrite(db, ['meta'], async (tx) => void (await meta(tx).put('nextMutationId', 1)));
    await expect(writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'lost?' } }])).rejects.toThrow();
    const stored = await db.get('visit', visit.id);
    expect(stored!.fields.therapistNote).toBe('');
    expect(await db.count('outbox')).toBe(1);
  });

  it('aborts when the work throws after writing', async () => {
    await expect(
      readwrite(db, ['visit', 'meta'], async (tx) => {
        const stored = await recordStore(tx, 'visit').get(visit.id);
        await recordStore(tx, 'visit').put({ ...stored!, fields: { ...stored!.fields, therapistNote: 'half' } });
        throw new Error('planted failure');
      }),
    ).rejects.toThrow('planted failure');
    expect((await db.get('visit', visit.id))!.fields.therapistNote).toBe('');
  });

  it('refuses a change larger than a push can carry before it is queued', async () => {
    const huge = 'x'.repeat(MAX_MUTATION_BYTES + 10);
    await expect(writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: huge } }])).rejects.toThrow(ChangeTooLargeError);
    expect(await db.count('outbox')).toBe(0);
  });
});

describe('the base of an edit comes from the screen', () => {
  it('uses the base the editor saw, not what is stored when the write happens', async () => {
    const { hlc: other } = await writeChanges(db, plainCodec, { node: 'bbbbbbbbbbbb0001', now: Date.now }, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'tab B' } }]);
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'stale tab A' }, base: { therapistNote: OFFICE_HLC } }]);
    const entries = await db.getAll('outbox');
    // Not folded into the other editor's entry: the server must see both, as concurrent edits.
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ fields: { therapistNote: 'stale tab A' }, base: { therapistNote: OFFICE_HLC } });
    expect(entries[1]!.hlc > other).toBe(true);
  });

  it('folds an editor\'s own successive saves, keeping the first base', async () => {
    const first = await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'a' }, base: { therapistNote: OFFICE_HLC } }]);
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'ab' }, base: { therapistNote: first.hlc } }]);
    const entries = await db.getAll('outbox');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ fields: { therapistNote: 'ab' }, base: { therapistNote: OFFICE_HLC } });
  });
});

describe('one clock per device', () => {
  it('two tabs stamp in one order, through the clock kept in IndexedDB', async () => {
    const tabA: DeviceClock = { node: 'aaaaaaaaaaaa0001', now: () => 1_790_000_000_000 };
    const tabB: DeviceClock = { node: 'aaaaaaaaaaaa0002', now: () => 1_790_000_000_000 - 60_000 };
    const stamps: string[] = [];
    for (let i = 0; i < 6; i++) stamps.push((await writeChanges(db, plainCodec, i % 2 ? tabB : tabA, [{ entity: 'visit', id: visit.id, fields: { status: 'en_route' } }])).hlc);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(await getMeta(db, 'lastHlc')).toBe(stamps.at(-1));
  });

  it('never stamps an edit older than the value it replaces', async () => {
    const now = Date.now();
    const peerAhead = formatHlc({ millis: now + MAX_CLOCK_DRIFT_MS + 60_000, counter: 3, node: 'cccccccccccc0001' });
    await readwrite(db, ['visit'], async (tx) => {
      const stored = await recordStore(tx, 'visit').get(visit.id);
      await recordStore(tx, 'visit').put({ ...stored!, hlc: { ...stored!.hlc, therapistNote: peerAhead } });
    });
    const { hlc } = await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'after the peer' } }]);
    expect(hlc > peerAhead).toBe(true);
  });

  it('re-stamps queued edits made while the phone\'s clock ran an hour ahead, once it is right', async () => {
    const now = 1_790_000_000_000;
    const wrong: DeviceClock = { node: 'aaaaaaaaaaaa0001', now: () => now + 3_600_000 };
    const first = await writeChanges(db, plainCodec, wrong, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'typed with the wrong clock' } }]);
    await writeChanges(db, plainCodec, wrong, [{ entity: 'visit', id: visit.id, fields: { status: 'arrived' } }]);
    expect(await restampOutbox(db, now)).toBe(2);
    const entries = await db.getAll('outbox');
    for (const entry of entries) expect(parseHlc(entry.hlc)!.millis - now).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    expect(entries[0]!.hlc < entries[1]!.hlc).toBe(true);
    expect(entries[0]!.hlc > entries[0]!.base.therapistNote!).toBe(true);
    const stored = await db.get('visit', visit.id);
    expect(stored!.hlc.therapistNote).toBe(entries[0]!.hlc);
    expect(stored!.hlc.status).toBe(entries[1]!.hlc);
    expect(stored!.hlc.therapistNote).not.toBe(first.hlc);
    // A new edit is stamped near the right time again, after the re-stamped ones.
    const next = await writeChanges(db, plainCodec, { node: 'aaaaaaaaaaaa0001', now: () => now }, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'now' } }]);
    expect(parseHlc(next.hlc)!.millis - now).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    expect(next.hlc > entries[0]!.hlc).toBe(true);
  });
});
