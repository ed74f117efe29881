import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Amendment, Client, Visit } from '../../shared/domain';
import { ClockDriftError, MAX_PEER_AHEAD_MS, formatHlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION, type PullResponse, type SyncRecord } from '../../shared/protocol';
import { aClient, aSessionRecord, aTherapist, aVisit, anIntake } from '../../shared/testing/fixtures';
import { applyPullPage, mergeFields } from './apply-pull';
import { createClinicalRepo } from './clinical-repo';
import { plainCodec } from './codec';
import { deleteTherapistDb, getMeta, openTherapistDb, readwrite, type Db } from './db';
import { writeChanges } from './local-write';
import { createVisitsRepo } from './visits-repo';

const WINDOW = { from: '2026-11-23', to: '2026-12-08' };
const therapist = aTherapist();
let db: Db;
let seq = 0;

function stamp(record: object, hlc: string): Record<string, string> {
  return Object.fromEntries(Object.keys(record).map((key) => [key, hlc]));
}
const hlcAt = (minute: number) => `2026-11-24T10:${String(minute).padStart(2, '0')}:00.000Z-0000-5e7e700000000000`;

function visitRecord(visit: Visit, minute = 0): SyncRecord {
  return { entity: 'visit', id: visit.id, seq: ++seq, deleted: false, data: visit, hlc: stamp(visit, hlcAt(minute)) };
}
function clientRecord(client: Client, minute = 0): SyncRecord {
  return { entity: 'client', id: client.id, seq: ++seq, deleted: false, data: client, hlc: stamp(client, hlcAt(minute)) };
}
function page(records: SyncRecord[], options: Partial<PullResponse> = {}): PullResponse {
  return { protocolVersion: PROTOCOL_VERSION, reset: false, records, cursor: `c1.${seq}.${WINDOW.from}.${WINDOW.to}`, hasMore: false, window: WINDOW, ...options };
}

beforeEach(async () => {
  db = await openTherapistDb(therapist.id);
});
afterEach(async () => {
  db.close();
  await deleteTherapistDb(therapist.id);
});

describe('applying pulled pages', () => {
  it('stores a first snapshot and the day view reads it back in route order with clients', async () => {
    const client = aClient();
    const second = aVisit(therapist.id, client.id, { routePosition: 2, windowStart: '11:00', windowEnd: '11:30' });
    const first = aVisit(therapist.id, client.id, { routePosition: 1 });
    const elsewhere = aVisit(therapist.id, client.id, { date: '2026-11-25' });
    await applyPullPage(db, page([visitRecord(second), visitRecord(first), visitRecord(elsewhere), clientRecord(client)], { reset: true }), plainCodec);

    const repo = createVisitsRepo(db, plainCodec);
    const day = await repo.visitsOn('2026-11-24');
    expect(day.map((entry) => entry.visit.id)).toEqual([first.id, second.id]);
    expect(day[0]!.client).toEqual(client);
    expect(await repo.visitById(elsewhere.id)).toMatchObject({ visit: elsewhere, client });
    expect(await getMeta(db, 'cursor')).toBe(`c1.${seq}.${WINDOW.from}.${WINDOW.to}`);
    expect(await getMeta(db, 'window')).toEqual(WINDOW);
    expect(await getMeta(db, 'lastPulledAt')).toBeTypeOf('string');
  });

  it('applies changes and tombstones on later pages', async () => {
    const client = aClient();
    const kept = aVisit(therapist.id, client.id);
    const removed = aVisit(therapist.id, client.id, { routePosition: 2 });
    await applyPullPage(db, page([visitRecord(kept), visitRecord(removed), clientRecord(client)], { reset: true }), plainCodec);
    await applyPullPage(db, page([visitRecord({ ...kept, date: '2026-11-26' }, 5), { entity: 'visit', id: removed.id, seq: ++seq, deleted: true }]), plainCodec);

    const repo = createVisitsRepo(db, plainCodec);
    expect(await repo.visitsOn('2026-11-24')).toEqual([]);
    expect((await repo.visitsOn('2026-11-26')).map((entry) => entry.visit.id)).toEqual([kept.id]);
    expect(await repo.visitById(removed.id)).toBeNull();
  });

  it('keeps a field this device changed later than the incoming copy', () => {
    const local = { fields: { therapistNote: 'mine', status: 'arrived' }, hlc: { therapistNote: hlcAt(30), status: hlcAt(1) } };
    const incoming = { fields: { therapistNote: 'office', status: 'cancelled' }, hlc: { therapistNote: hlcAt(10), status: hlcAt(10) } };
    const merged = mergeFields(local, incoming);
    expect(merged.fields).toEqual({ therapistNote: 'mine', status: 'cancelled' });
    expect(merged.hlc).toEqual({ therapistNote: hlcAt(30), status: hlcAt(10) });
  });

  it('after a snapshot completes, drops what it did not re-send, even across an interrupted pull', async () => {
    const client = aClient();
    const stays = aVisit(therapist.id, client.id);
    const reassigned = aVisit(therapist.id, client.id, { routePosition: 2 });
    await applyPullPage(db, page([visitRecord(stays), visitRecord(reassigned), clientRecord(client)], { reset: true }), plainCodec);

    // A new snapshot starts (the day turned); its first page lands, then the network drops.
    const newcomer = aVisit(therapist.id, client.id, { id: uuidv7(), routePosition: 3 });
    await applyPullPage(db, page([visitRecord(stays)], { reset: true, hasMore: true }), plainCodec);
    const repo = createVisitsRepo(db, plainCodec);
    // Until the snapshot is complete, nothing is removed: the therapist still sees the day.
    expect((await repo.visitsOn('2026-11-24')).map((entry) => entry.visit.id).sort()).toEqual([stays.id, reassigned.id].sort());
    expect(await getMeta(db, 'resetInProgress')).toBe(true);

    // The pull resumes later with the rest of the snapshot.
    await applyPullPage(db, page([visitRecord(newcomer), clientRecord(client)]), plainCodec);
    expect((await repo.visitsOn('2026-11-24')).map((entry) => entry.visit.id)).toEqual([stays.id, newcomer.id]);
    expect(await getMeta(db, 'resetInProgress')).toBe(false);
  });

  it('moves the cursor only with the data: a failed page leaves both as they were', async () => {
    const client = aClient();
    await applyPullPage(db, page([clientRecord(client)], { reset: true }), plainCodec);
    const cursorBefore = await getMeta(db, 'cursor');
    const broken = visitRecord(aVisit(therapist.id, client.id));
    const failingCodec = { ...plainCodec, seal: async () => Promise.reject(new Error('quota exceeded')) };
    await expect(applyPullPage(db, page([broken]), failingCodec)).rejects.toThrow('quota exceeded');
    expect(await getMeta(db, 'cursor')).toBe(cursorBefore);
    expect(await db.count('visit')).toBe(0);
  });

  it('a record IndexedDB refuses fails its whole page: the records before it and the cursor stay as they were', async () => {
    const client = aClient();
    await applyPullPage(db, page([clientRecord(client)], { reset: true }), plainCodec);
    const cursorBefore = await getMeta(db, 'cursor');
    const fine = visitRecord(aVisit(therapist.id, client.id));
    const unstorable = visitRecord(aVisit(therapist.id, client.id));
    // A value structured clone refuses (DataCloneError), as a damaged record would be.
    (unstorable as { data: Record<string, unknown> }).data.therapistNote = () => 'not data';
    await expect(applyPullPage(db, page([fine, unstorable]), plainCodec)).rejects.toThrow();
    expect(await getMeta(db, 'cursor')).toBe(cursorBefore);
    expect(await db.count('visit')).toBe(0);
  });
});

describe('the device clock and pulled stamps', () => {
  it('moves the device clock past every pulled stamp in the same commit as the page', async () => {
    const first = aVisit(therapist.id, uuidv7());
    const ahead = formatHlc({ millis: Date.now() + 4 * 60_000, counter: 0, node: 'bbbbbbbbbbbb0001' });
    const hlc = Object.fromEntries(Object.keys(first).map((key) => [key, ahead]));
    await applyPullPage(db, { ...page([{ entity: 'visit', id: first.id, seq: 1, deleted: false, data: first, hlc }]), reset: true }, plainCodec);
    expect(await getMeta(db, 'lastHlc')).toBe(ahead);
  });

  it('refuses, before writing anything, a page stamped further ahead than any peer within the drift', async () => {
    const first = aVisit(therapist.id, uuidv7());
    const farAhead = formatHlc({ millis: Date.now() + MAX_PEER_AHEAD_MS + 60_000, counter: 0, node: 'bbbbbbbbbbbb0001' });
    const hlc = Object.fromEntries(Object.keys(first).map((key) => [key, farAhead]));
    await expect(applyPullPage(db, { ...page([{ entity: 'visit', id: first.id, seq: 1, deleted: false, data: first, hlc }]), reset: true }, plainCodec)).rejects.toThrow(
      ClockDriftError,
    );
    expect(await getMeta(db, 'cursor')).toBeUndefined();
    expect(await db.count('visit')).toBe(0);
  });
});

describe("a client's clinical file leaving the device (need to know)", () => {
  const colleague = aTherapist();
  const client = aClient();
  const visit = aVisit(therapist.id, client.id);
  const intake = anIntake(client.id, colleague.id);
  const record = aSessionRecord(visit, { subjective: 'Lower back', signedAt: '2026-11-24T15:00:00.000Z', signedBy: therapist.name });
  const amendment: Amendment = { id: uuidv7(), recordId: record.id, clientId: client.id, therapistId: therapist.id, createdAt: '2026-11-24T16:00:00.000Z', reason: 'Typo', text: 'Upper back' };
  const live = (entity: 'intake' | 'sessionRecord' | 'amendment', data: { id: string }): SyncRecord =>
    ({ entity, id: data.id, seq: ++seq, deleted: false, data, hlc: stamp(data, hlcAt(0)) }) as SyncRecord;
  const tombstone = (entity: 'intake' | 'sessionRecord' | 'amendment', id: string): SyncRecord => ({ entity, id, seq: ++seq, deleted: true });
  const wholeFile = () => [visitRecord(visit), clientRecord(client), live('intake', intake), live('sessionRecord', record), live('amendment', amendment)];

  async function fileOnDevice() {
    const repo = createClinicalRepo(db, plainCodec);
    return {
      intakes: (await repo.intakesOf(client.id)).map((entry) => entry.id),
      records: (await repo.recordsOf(client.id)).map((entry) => entry.id),
      amendments: (await repo.amendmentsOf(record.id)).map((entry) => entry.id),
    };
  }

  it("removes each record a pulled tombstone names, another therapist's intake included; the visit and the client stay", async () => {
    await applyPullPage(db, page(wholeFile(), { reset: true }), plainCodec);
    expect(await fileOnDevice()).toEqual({ intakes: [intake.id], records: [record.id], amendments: [amendment.id] });

    await applyPullPage(db, page([tombstone('intake', intake.id), tombstone('sessionRecord', record.id), tombstone('amendment', amendment.id)]), plainCodec);
    expect(await fileOnDevice()).toEqual({ intakes: [], records: [], amendments: [] });
    expect(await createVisitsRepo(db, plainCodec).visitById(visit.id)).toMatchObject({ visit, client });
  });

  it('keeps a record with a change waiting to be sent until the change is answered, then the repeated tombstone removes it', async () => {
    const draft = aSessionRecord(aVisit(therapist.id, client.id, { id: uuidv7() }), { subjective: 'Stiff neck' });
    await applyPullPage(db, page([...wholeFile(), live('sessionRecord', draft)], { reset: true }), plainCodec);
    await writeChanges(db, plainCodec, { node: 'aaaaaaaaaaaa0001', now: () => Date.now() }, [
      { entity: 'sessionRecord', id: draft.id, fields: { subjective: 'Stiff neck, typed offline' } },
    ]);

    await applyPullPage(db, page([tombstone('sessionRecord', draft.id), tombstone('intake', intake.id)]), plainCodec);
    const repo = createClinicalRepo(db, plainCodec);
    // The typed text is still on the device and still queued; the record without a waiting change is gone.
    expect((await repo.recordsOf(client.id)).find((entry) => entry.id === draft.id)?.subjective).toBe('Stiff neck, typed offline');
    expect((await db.getAll('outbox')).map((entry) => entry.id)).toEqual([draft.id]);
    expect((await fileOnDevice()).intakes).toEqual([]);

    // The change is answered (it leaves the outbox); the server sends the tombstone again.
    await readwrite(db, ['outbox'], (tx) => tx.objectStore('outbox').clear());
    await applyPullPage(db, page([tombstone('sessionRecord', draft.id)]), plainCodec);
    expect((await repo.recordsOf(client.id)).map((entry) => entry.id)).toEqual([record.id]);
  });

  it('a new snapshot that no longer sends the file (the last visit is too old now) leaves none of it on the device', async () => {
    await applyPullPage(db, page(wholeFile(), { reset: true }), plainCodec);
    // The day turned: the snapshot re-sends the visit and the client, not the clinical records.
    await applyPullPage(db, page([visitRecord(visit), clientRecord(client)], { reset: true }), plainCodec);
    expect(await fileOnDevice()).toEqual({ intakes: [], records: [], amendments: [] });
    expect(await createVisitsRepo(db, plainCodec).visitById(visit.id)).toMatchObject({ visit, client });
  });
});
