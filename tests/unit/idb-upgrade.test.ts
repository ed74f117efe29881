/**
 * A phone may skip app versions and open its database several schema versions
 * later. For every earlier version, a database is made as that version left
 * it, with data in each store that version had (pending changes above all),
 * then opened by the current code: everything still reads, the pending
 * changes reach the real server, and new writes work.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCodec, type RecordCodec } from '../../src/client/data/codec';
import { createClinicalRepo } from '../../src/client/data/clinical-repo';
import { DB_VERSION, UPGRADE_STEPS, clearKeys, deleteTherapistDb, getMeta, openTherapistDb, type MetaValues, type OutboxEntry, type StoredRecord, type StoredRejection } from '../../src/client/data/db';
import { tabClock } from '../../src/client/data/device';
import { writeChanges } from '../../src/client/data/local-write';
import { unreadableRecords } from '../../src/client/data/read-record';
import { createSyncIssuesRepo } from '../../src/client/data/sync-issues-repo';
import { createVisitsRepo } from '../../src/client/data/visits-repo';
import { pushAll } from '../../src/client/sync/push';
import { blankIntakeAnswers, type Amendment, type Conflict, type Intake, type SessionRecord } from '../../src/shared/domain';
import { deviceTabNode, formatHlc } from '../../src/shared/hlc';
import { uuidv7 } from '../../src/shared/ids';
import type { EntityName } from '../../src/shared/protocol';
import { sessionRecordIdFor } from '../../src/shared/record-ids';
import { aSessionRecord as aBlankSessionRecord } from '../../src/shared/testing/fixtures';
import { CODECS } from './support/codecs';
import { inProcessServer, type InProcessServer } from './support/in-process-server';

/** A record as the app stores it after a pull: fields through the codec (plain), one HLC per field. */
function stored(entity: EntityName, data: { id: string } & Record<string, unknown>, hlc: string, generation = 3): StoredRecord {
  const fields = data as unknown as Record<string, unknown>;
  return { ...clearKeys(entity, fields), id: data.id, fields: { ...fields }, hlc: Object.fromEntries(Object.keys(fields).map((key) => [key, hlc])), generation } as StoredRecord;
}

function anIntake(server: InProcessServer, clientId: string, version: number): Intake {
  return {
    ...blankIntakeAnswers(),
    id: uuidv7(),
    clientId,
    therapistId: server.therapist.id,
    version,
    createdAt: new Date().toISOString(),
    medications: version === 1 ? 'Warfarin' : 'Warfarin, ibuprofen',
    conditions: ['blood_thinners'],
    consent: { textVersion: 'consent-2026-01', language: 'fr', signedName: 'Test Client', signedOn: server.today, signature: 'M 10 10 L 20 20' },
  } as Intake;
}

function aSessionRecord(server: InProcessServer, visitId: string, clientId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return aBlankSessionRecord(
    { id: visitId, clientId, therapistId: server.therapist.id },
    { subjective: 'Lower back stiff in the mornings', plan: 'Heat, then stretch', painBefore: 6, techniques: ['swedish'], pressure: 'medium', durationMin: 60, ...overrides },
  );
}

const VERSIONS = Array.from({ length: DB_VERSION - 1 }, (_, index) => index + 1);

// Records of earlier versions are plain; the new app may open them with the AES-GCM codec (encryption at rest) and must read them all.
describe.each(CODECS)('opening a database left by an earlier version, with the $name codec', ({ make }) => {
  let server: InProcessServer;
  let codec: RecordCodec;
  beforeEach(async () => {
    server = await inProcessServer();
    codec = await make();
  });
  afterEach(async () => {
    await deleteTherapistDb(server.therapist.id);
    await server.close();
  });

  it('has a step for every version', () => {
    expect(UPGRADE_STEPS).toHaveLength(DB_VERSION);
  });

  it.each(VERSIONS)('from version %i: every record reads, pending changes reach the server, and new writes work', async (version) => {
    const therapistId = server.therapist.id;
    const first = await server.clientVisitedToday({ client: { firstName: 'Ahmed' }, visit: { routePosition: 1 } });
    const second = await server.clientVisitedToday({ client: { firstName: 'Linda' }, visit: { routePosition: 2 } });
    const deviceId = uuidv7();
    const node = deviceTabNode(deviceId, 1);
    // The device edited after it pulled the office's data: its stamps are newer.
    let millis = Date.now() + 1000;
    const deviceHlc = () => formatHlc({ millis: (millis += 1000), counter: 0, node });

    // What the clinical stores held (version 3 on): an intake, a record, an amendment, all on the server too.
    const intake = anIntake(server, first.client.id, 1);
    const signed = aSessionRecord(server, second.visit.id, second.client.id, { signedAt: new Date().toISOString(), signedBy: 'Test Therapist' });
    const amendment: Amendment = { id: uuidv7(), recordId: signed.id, clientId: second.client.id, therapistId, createdAt: new Date().toISOString(), reason: 'Pain after was not noted', text: 'Pain after: 2/10' };
    const clinicalHlc = server.office.tick();
    if (version >= 3) {
      await server.store.putClinicalRecord('intake', intake, clinicalHlc);
      await server.store.putClinicalRecord('sessionRecord', signed, clinicalHlc);
      await server.store.putClinicalRecord('amendment', amendment, clinicalHlc);
    }

    // The database exactly as that version left it.
    const old = await openTherapistDb(therapistId, undefined, version);
    expect(old.version).toBe(version);
    const tx = old.transaction([...old.objectStoreNames], 'readwrite');
    const put = (store: string, value: unknown, key?: string) => (tx.objectStore(store as 'meta') as unknown as IDBObjectStore & { put(value: unknown, key?: string): Promise<unknown> }).put(value, key);
    const therapistHlc = server.office.tick();
    await put('therapist', stored('therapist', server.therapist, therapistHlc));
    for (const { client, clientHlc, visit, visitHlc } of [first, second]) {
      await put('client', stored('client', client, clientHlc));
      await put('visit', stored('visit', visit, visitHlc));
    }
    const outbox: OutboxEntry[] = [];
    const rejections: StoredRejection[] = [];
    let nextMutationId = 1;
    let lastHlc = deviceHlc();
    const conflict: Conflict = {
      id: uuidv7(),
      therapistId,
      entity: 'visit',
      recordId: second.visit.id,
      field: 'therapistNote',
      keptValue: 'Tablet: stairs are steep',
      keptHlc: server.office.tick(),
      winningValue: '',
      winningHlc: second.visitHlc,
      createdAt: new Date().toISOString(),
      resolved: false,
    };
    if (version >= 2) {
      await put('conflict', stored('conflict', conflict, server.office.tick()));
      // Refused long ago, not yet read.
      const refused: StoredRejection = { mutationId: nextMutationId++, entity: 'visit', id: uuidv7(), fields: { therapistNote: 'On a visit the office removed' }, code: 'not_found', reason: 'This record is not on the server.', at: new Date().toISOString() };
      rejections.push(refused);
      await put('rejection', refused);
      // Typed offline and still waiting: a note on the first visit, stored with its outbox entry.
      const note: OutboxEntry = { mutationId: nextMutationId++, entity: 'visit', id: first.visit.id, op: 'update', fields: { therapistNote: 'Code 4521, cat in the hall' }, hlc: (lastHlc = deviceHlc()), base: { therapistNote: first.visitHlc }, createdAt: new Date().toISOString() };
      outbox.push(note);
      const visit = stored('visit', { ...first.visit, therapistNote: 'Code 4521, cat in the hall' }, first.visitHlc);
      visit.hlc.therapistNote = note.hlc;
      await put('visit', visit);
    }
    if (version >= 3) {
      await put('intake', stored('intake', intake, clinicalHlc));
      await put('sessionRecord', stored('sessionRecord', signed, clinicalHlc));
      await put('amendment', stored('amendment', amendment, clinicalHlc));
      // A record started offline for the first visit, and a new intake version, both waiting.
      const started = aSessionRecord(server, first.visit.id, first.client.id);
      const startedHlc = deviceHlc();
      outbox.push({ mutationId: nextMutationId++, entity: 'sessionRecord', id: started.id, op: 'create', fields: { ...started }, hlc: startedHlc, base: {}, createdAt: new Date().toISOString() });
      await put('sessionRecord', stored('sessionRecord', started, startedHlc, 0));
      const update = anIntake(server, first.client.id, 2);
      const updateHlc = (lastHlc = deviceHlc());
      outbox.push({ mutationId: nextMutationId++, entity: 'intake', id: update.id, op: 'create', fields: { ...update }, hlc: updateHlc, base: {}, createdAt: new Date().toISOString() });
      await put('intake', stored('intake', update, updateHlc, 0));
    }
    for (const entry of outbox) await put('outbox', entry);
    const metaValues: Partial<MetaValues> = {
      deviceId,
      nextMutationId,
      lastHlc,
      cursor: `c1.42.${server.today}.${server.today}`,
      generation: 3,
      resetInProgress: false,
      lastPulledAt: new Date().toISOString(),
      window: { from: server.today, to: server.today },
    };
    for (const [key, value] of Object.entries(metaValues)) await put('meta', value, key);
    await tx.done;
    old.close();

    // The new app opens it.
    const db = await openTherapistDb(therapistId);
    expect(db.version).toBe(DB_VERSION);
    for (const [key, value] of Object.entries(metaValues)) expect(await getMeta(db, key as keyof MetaValues), `meta ${key}`).toEqual(value);
    expect(await db.getAll('outbox')).toEqual(outbox);

    const visits = createVisitsRepo(db, codec);
    const clinical = createClinicalRepo(db, codec);
    const issues = createSyncIssuesRepo(db, codec);
    const day = await visits.visitsOn(server.today);
    expect(day.map((entry) => [entry.visit.id, entry.client?.firstName])).toEqual([
      [first.visit.id, 'Ahmed'],
      [second.visit.id, 'Linda'],
    ]);
    expect((await visits.therapist(therapistId))?.name).toBe(server.therapist.name);
    expect(await issues.waitingCount()).toBe(outbox.length);
    expect((await issues.refusals()).map((refusal) => [refusal.code, refusal.fields])).toEqual(rejections.map((rejection) => [rejection.code, rejection.fields]));
    expect((await issues.openConflicts()).map((open) => open.keptValue)).toEqual(version >= 2 ? [conflict.keptValue] : []);
    if (version >= 2) expect(day[0]!.visit.therapistNote).toBe('Code 4521, cat in the hall');
    if (version >= 3) {
      expect((await clinical.intakesOf(first.client.id)).map((entry) => entry.version)).toEqual([1, 2]);
      expect((await clinical.recordForVisit(second.visit.id))?.record.signedBy).toBe('Test Therapist');
      expect((await clinical.recordForVisit(first.visit.id))?.record.plan).toBe('Heat, then stretch');
      expect((await clinical.amendmentsOf(signed.id)).map((entry) => entry.text)).toEqual(['Pain after: 2/10']);
    }
    // Stores added after that version are there, and empty.
    expect(await db.count('receipt')).toBe(0);
    expect(await clinical.receiptForVisit(first.visit.id)).toBeNull();

    // The changes that waited through the upgrade reach the server, once each.
    const pushed = await pushAll(db, codec, deviceId, server.transport);
    expect(pushed).toMatchObject({ applied: outbox.length, rejected: 0 });
    expect(await db.count('outbox')).toBe(0);
    const onServer = await server.store.pullChanges({ therapistId, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 1000 });
    const live = onServer.records.flatMap((record) => (record.deleted ? [] : [record]));
    const serverData = (entity: string, id: string) => live.find((record) => record.entity === entity && record.id === id)?.data as Record<string, unknown> | undefined;
    if (version >= 2) expect(serverData('visit', first.visit.id)?.therapistNote).toBe('Code 4521, cat in the hall');
    if (version >= 3) {
      expect(serverData('sessionRecord', sessionRecordIdFor(first.visit.id))?.plan).toBe('Heat, then stretch');
      expect(live.filter((record) => record.entity === 'intake').map((record) => (record.data as Intake).version).sort()).toEqual([1, 2]);
    }

    // A new edit: the next mutation id, stamped after the device's last stamp, and it syncs.
    const { hlc } = await writeChanges(db, codec, tabClock(deviceId), [{ entity: 'visit', id: second.visit.id, fields: { therapistNote: 'Bring the bolster' } }]);
    expect(hlc > lastHlc).toBe(true);
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({ mutationId: nextMutationId });
    expect(await codec.open('visit', entry!.fields, entry!.id)).toEqual({ therapistNote: 'Bring the bolster' });
    expect((await visits.visitById(second.visit.id))?.visit.therapistNote).toBe('Bring the bolster');
    expect(await pushAll(db, codec, deviceId, server.transport)).toMatchObject({ applied: 1, rejected: 0 });
    db.close();
  });
});

describe('a record that no longer matches its schema', () => {
  let server: InProcessServer;
  beforeEach(async () => {
    server = await inProcessServer();
  });
  afterEach(async () => {
    await deleteTherapistDb(server.therapist.id);
    await server.close();
  });

  it('is left in the store, left out of what the screens read, and reported', async () => {
    const good = await server.clientVisitedToday({ visit: { routePosition: 1 } });
    const bad = await server.clientVisitedToday({ visit: { routePosition: 2 } });
    const db = await openTherapistDb(server.therapist.id);
    await db.put('visit', stored('visit', good.visit, good.visitHlc) as never);
    // Written by some older code: a status this version does not know, and no duration.
    const damaged = stored('visit', bad.visit, bad.visitHlc);
    damaged.fields.status = 'teleported';
    delete damaged.fields.durationMin;
    await db.put('visit', damaged as never);
    await db.put('sessionRecord', stored('sessionRecord', { ...aSessionRecord(server, good.visit.id, good.client.id), painBefore: 'high' } as never, good.visitHlc) as never);

    const visits = createVisitsRepo(db, plainCodec);
    const clinical = createClinicalRepo(db, plainCodec);
    expect((await visits.visitsOn(server.today)).map((entry) => entry.visit.id)).toEqual([good.visit.id]);
    expect(await visits.visitById(bad.visit.id)).toBeNull();
    expect(await clinical.recordForVisit(good.visit.id)).toBeNull();
    expect(await clinical.recordsOf(good.client.id)).toEqual([]);

    const reported = unreadableRecords();
    expect(reported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'visit', id: bad.visit.id, problem: expect.stringMatching(/status|durationMin/) }),
        expect.objectContaining({ entity: 'sessionRecord', id: sessionRecordIdFor(good.visit.id), problem: expect.stringMatching(/painBefore/) }),
      ]),
    );
    expect(reported.map((record) => record.id)).not.toContain(good.visit.id);
    // Untouched where it was: a later pull or version may repair it.
    expect(await db.get('visit', bad.visit.id)).toEqual(damaged);
    expect(await db.count('sessionRecord')).toBe(1);
    db.close();
  });
});
