/**
 * The data layer's write, pull, merge, push and read paths with each codec:
 * plain, and AES-GCM (records sealed at rest). What the therapist sees and
 * what reaches the server must be the same with both; with AES-GCM nothing
 * of a record's content is stored in clear, and a record that does not open
 * is kept aside and reported, never shown half-read or dropped.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockedCodec, type RecordCodec } from '../../src/client/data/codec';
import { createClinicalRepo } from '../../src/client/data/clinical-repo';
import { deleteTherapistDb, openTherapistDb, type Db } from '../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../src/client/data/device';
import { writeChanges, type DeviceClock } from '../../src/client/data/local-write';
import { unreadableRecords } from '../../src/client/data/read-record';
import { createSyncIssuesRepo } from '../../src/client/data/sync-issues-repo';
import { createVisitsRepo } from '../../src/client/data/visits-repo';
import { pullAll } from '../../src/client/sync/pull';
import { pushAll } from '../../src/client/sync/push';
import { aSessionRecord, anIntake } from '../../src/shared/testing/fixtures';
import { CODECS, aDataKey } from './support/codecs';
import { createAesCodec } from '../../src/client/data/aes-codec';
import { inProcessServer, type InProcessServer } from './support/in-process-server';

const PROBES = ['Gagnon-Probe', 'Apixaban-Probe', 'Entorse lombaire probe', '514-555-0199'];

/** Every byte of every store, as text: what someone reading the database would see. */
async function everythingStored(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const store of db.objectStoreNames) {
    for (const value of await db.getAll(store)) {
      parts.push(
        JSON.stringify(value, (_key, inner: unknown) =>
          inner instanceof ArrayBuffer ? Buffer.from(inner).toString('latin1') : ArrayBuffer.isView(inner) ? Buffer.from(inner.buffer).toString('latin1') : inner,
        ),
      );
    }
  }
  return parts.join('\n');
}

describe.each(CODECS)('the data layer with the $name codec', ({ name, make }) => {
  let server: InProcessServer;
  let db: Db;
  let codec: RecordCodec;
  let clock: DeviceClock;
  let deviceId: string;

  beforeEach(async () => {
    server = await inProcessServer();
    db = await openTherapistDb(server.therapist.id);
    codec = await make();
    deviceId = await ensureDeviceId(db);
    clock = tabClock(deviceId);
  });
  afterEach(async () => {
    db.close();
    await deleteTherapistDb(server.therapist.id);
    await server.close();
  });

  async function aClientWithHerFile() {
    const { client, visit } = await server.clientVisitedToday({ client: { lastName: 'Gagnon-Probe', phone: '514-555-0199' } });
    const intake = anIntake(client.id, server.therapist.id, { medications: 'Apixaban-Probe 5 mg' });
    await server.store.putClinicalRecord('intake', intake, server.office.tick());
    return { client, visit, intake };
  }

  it('pulls, writes and reads back every record as the server and the therapist wrote it', async () => {
    const { client, visit, intake } = await aClientWithHerFile();
    await pullAll(db, codec, server.transport);
    const visits = createVisitsRepo(db, codec);
    const clinical = createClinicalRepo(db, codec);
    expect(await visits.visitById(visit.id)).toMatchObject({ visit, client });
    expect(await clinical.intakesOf(client.id)).toEqual([intake]);

    const record = aSessionRecord(visit, { subjective: 'Entorse lombaire probe' });
    await writeChanges(db, codec, clock, [{ entity: 'sessionRecord', id: record.id, op: 'create', fields: record }]);
    await writeChanges(db, codec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'Entorse lombaire probe, suite' } }]);
    expect((await clinical.recordForVisit(visit.id))?.record).toEqual(record);
    expect((await visits.visitById(visit.id))?.visit.therapistNote).toBe('Entorse lombaire probe, suite');

    const stored = await everythingStored(db);
    for (const probe of PROBES) expect(stored.includes(probe), `${probe} stored in clear`).toBe(name === 'plain');
  });

  it('keeps a local edit through a pull of older values, takes the newer office fields, and pushes the plain text to the server', async () => {
    const { client, visit } = await aClientWithHerFile();
    await pullAll(db, codec, server.transport);
    // The office changes the phone and the visit's note after this device pulled; the therapist then edits the note.
    await server.store.putClient({ ...client, phone: '438-555-0100' }, server.office.tick());
    await server.store.putVisit({ ...visit, officeNotes: 'Nouveau code 7788' }, server.office.tick());
    await writeChanges(db, codec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'Typed offline' } }]);
    await pullAll(db, codec, server.transport);
    const read = await createVisitsRepo(db, codec).visitById(visit.id);
    expect(read?.visit).toMatchObject({ therapistNote: 'Typed offline', officeNotes: 'Nouveau code 7788' });
    expect(read?.client?.phone).toBe('438-555-0100');

    expect(await pushAll(db, codec, deviceId, server.transport)).toMatchObject({ applied: 1, rejected: 0 });
    const onServer = await server.store.pullChanges({ therapistId: server.therapist.id, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 1000 });
    const serverVisit = onServer.records.find((record) => record.entity === 'visit' && record.id === visit.id);
    expect(serverVisit && !serverVisit.deleted && serverVisit.data).toMatchObject({ therapistNote: 'Typed offline', officeNotes: 'Nouveau code 7788' });
  });

  it('keeps a refused change readable, with what was typed', async () => {
    const { visit } = await aClientWithHerFile();
    await pullAll(db, codec, server.transport);
    await server.store.deleteVisit(visit.id);
    await writeChanges(db, codec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'Entorse lombaire probe' } }]);
    expect(await pushAll(db, codec, deviceId, server.transport)).toMatchObject({ applied: 0, rejected: 1 });
    const [refusal] = await createSyncIssuesRepo(db, codec).refusals();
    expect(refusal?.fields).toEqual({ therapistNote: 'Entorse lombaire probe' });
  });
});

describe('sealed records', () => {
  let server: InProcessServer;
  let db: Db;
  beforeEach(async () => {
    server = await inProcessServer();
    db = await openTherapistDb(server.therapist.id);
  });
  afterEach(async () => {
    db.close();
    await deleteTherapistDb(server.therapist.id);
    await server.close();
  });

  it('that do not open are left out of the screens, kept untouched in the store, and reported: altered, or under another key', async () => {
    const codec = createAesCodec(await aDataKey());
    const altered = await server.clientVisitedToday({ client: { lastName: 'Gagnon-Probe' }, visit: { routePosition: 1 } });
    const good = await server.clientVisitedToday({ visit: { routePosition: 2 } });
    const foreign = await server.clientVisitedToday({ visit: { routePosition: 3 } });
    await pullAll(db, codec, server.transport);

    const stored = (await db.get('visit', altered.visit.id))!;
    const envelope = stored.fields.status as { ct: ArrayBuffer };
    const bytes = new Uint8Array(envelope.ct);
    bytes[0]! ^= 1;
    await db.put('visit', stored);
    const otherKey = createAesCodec(await aDataKey());
    const resealed = (await db.get('visit', foreign.visit.id))!;
    await db.put('visit', { ...resealed, fields: await otherKey.seal('visit', foreign.visit, foreign.visit.id) });

    const day = await createVisitsRepo(db, codec).visitsOn(server.today);
    expect(day.map((entry) => entry.visit.id)).toEqual([good.visit.id]);
    expect(unreadableRecords()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'visit', id: altered.visit.id, problem: expect.stringMatching(/could not be decrypted/) }),
        expect.objectContaining({ entity: 'visit', id: foreign.visit.id, problem: expect.stringMatching(/could not be decrypted/) }),
      ]),
    );
    expect(await db.get('visit', altered.visit.id)).toEqual(stored);
  });

  it('a locked app\'s service worker sends what the page queued, and on a refusal that brings the server copy writes nothing back in clear', async () => {
    const { client, visit } = await server.clientVisitedToday({ client: { lastName: 'Gagnon-Probe' }, visit: { officeNotes: 'Apixaban-Probe, from the office' } });
    const page = createAesCodec(await aDataKey());
    const deviceId = await ensureDeviceId(db);
    await pullAll(db, page, server.transport);
    // The page (unlocked) queues an edit of a field only the office may change, and a note.
    await writeChanges(db, page, tabClock(deviceId), [{ entity: 'visit', id: visit.id, fields: { officeNotes: 'Entorse lombaire probe' } }]);
    await writeChanges(db, page, tabClock(deviceId), [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'Entorse lombaire probe, note' } }]);

    // The app locks; the service worker pushes with the codec that has no key.
    const summary = await pushAll(db, lockedCodec, deviceId, server.transport);
    expect(summary).toMatchObject({ applied: 1, rejected: 1 });
    expect(await db.count('outbox')).toBe(0);
    // The note reached the server; the refused field keeps what was typed (sealed) until the page, unlocked, reads the refusal.
    const { records } = await server.store.pullChanges({ therapistId: server.therapist.id, from: server.today, to: server.today, afterSeq: 0, limit: 100 });
    const onServer = records.find((record) => record.id === visit.id);
    expect(onServer && !onServer.deleted ? onServer.data : null).toMatchObject({ therapistNote: 'Entorse lombaire probe, note', officeNotes: 'Apixaban-Probe, from the office' });
    expect(await createSyncIssuesRepo(db, page).refusals()).toMatchObject([{ fields: { officeNotes: 'Entorse lombaire probe' } }]);
    expect((await createVisitsRepo(db, page).visitById(visit.id))?.visit.officeNotes).toBe('Entorse lombaire probe');
    const stored = await everythingStored(db);
    for (const probe of [client.lastName, 'Apixaban-Probe', 'Entorse lombaire probe']) expect(stored).not.toContain(probe);
  });
});
