/**
 * Notes typed while a long push is under way. The push reads the outbox once
 * and cuts its batches from that reading; the one entry that can change under
 * it is the newest, which a further edit of the same field folds into (a new
 * entry replaces it). What reaches the server must be the text as it is now,
 * each change once, and the outbox must end empty.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCodec } from '../../src/client/data/codec';
import { deleteTherapistDb, openTherapistDb, type Db } from '../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../src/client/data/device';
import { writeChanges, type DeviceClock } from '../../src/client/data/local-write';
import type { Transport } from '../../src/client/sync/api-client';
import { pullAll } from '../../src/client/sync/pull';
import { pushAll } from '../../src/client/sync/push';
import type { Visit } from '../../src/shared/domain';
import { PUSH_BATCH_MAX_BYTES } from '../../src/shared/protocol';
import { inProcessServer, type InProcessServer } from './support/in-process-server';

describe('a push while the therapist types', () => {
  let server: InProcessServer;
  let db: Db;
  let deviceId: string;
  let clock: DeviceClock;

  beforeEach(async () => {
    server = await inProcessServer();
    db = await openTherapistDb(server.therapist.id);
    deviceId = await ensureDeviceId(db);
    clock = tabClock(deviceId);
  });
  afterEach(async () => {
    db.close();
    await deleteTherapistDb(server.therapist.id);
    await server.close();
  });

  const note = (visit: Visit, text: string) => writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: text } }]);

  it('sends the newest entry as it is when its batch goes, after an edit folded into it during an earlier batch', async () => {
    const { visit: first } = await server.clientVisitedToday();
    const { visit: second } = await server.clientVisitedToday({ visit: { routePosition: 2 } });
    await pullAll(db, plainCodec, server.transport);
    // Notes on two visits in turn (so none folds), about 1.5 MiB in all: two pushes at least.
    const text = (i: number) => `${i} `.padEnd(8 * 1024, 'tension in the upper trapezius, ');
    const edits = Math.ceil((1.5 * PUSH_BATCH_MAX_BYTES) / (8 * 1024));
    for (let i = 0; i < edits; i++) await note(i % 2 === 0 ? first : second, text(i));
    const last = edits % 2 === 0 ? second : first;
    const newestBefore = (await db.getAll('outbox')).at(-1)!.mutationId;

    let typed = false;
    const typingDuringFirstPush: Transport = async (path, init) => {
      if (path === '/api/sync/push' && !typed) {
        typed = true;
        // The therapist goes on typing in the last note: this edit folds into the newest entry.
        await note(last, 'The final text');
        expect(await db.get('outbox', newestBefore)).toBeUndefined();
      }
      return server.transport(path, init);
    };
    const summary = await pushAll(db, plainCodec, deviceId, typingDuringFirstPush);

    expect(await db.count('outbox')).toBe(0);
    expect(await db.count('rejection')).toBe(0);
    const pushes = server.requests.filter((request) => request.path === '/api/sync/push');
    expect(pushes.length).toBeGreaterThan(1);
    const sent = pushes.flatMap((push) => push.mutationIds);
    // The entry that was folded away was never sent; its replacement was, once; nothing twice.
    expect(sent).not.toContain(newestBefore);
    expect(new Set(sent).size).toBe(sent.length);
    expect(summary).toMatchObject({ applied: sent.length, rejected: 0 });
    const onServer = await server.store.pullChanges({ therapistId: server.therapist.id, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 100 });
    const noteOf = (visit: Visit) => onServer.records.find((record) => record.id === visit.id && !record.deleted);
    expect(noteOf(last)).toMatchObject({ data: { therapistNote: 'The final text' } });
  });
});
