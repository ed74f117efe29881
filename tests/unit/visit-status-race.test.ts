/**
 * Two phones move one visit while one of them is offline. The server judges
 * each move against its own status: a later forward step is taken even with
 * an older stamp, a move out of a final status is refused. Whatever happens,
 * both phones end holding the server's status, times and reason, field by
 * field with the same clocks.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCodec } from '../../src/client/data/codec';
import { openTherapistDb, type Db } from '../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../src/client/data/device';
import { writeChanges } from '../../src/client/data/local-write';
import { pullAll } from '../../src/client/sync/pull';
import { pushAll } from '../../src/client/sync/push';
import type { Visit, VisitStatus } from '../../src/shared/domain';
import { STATUSES_NEEDING_REASON } from '../../src/shared/visit-status';
import { inProcessServer, type InProcessServer } from './support/in-process-server';

interface Phone {
  factory: IDBFactory;
  db: Db;
  deviceId: string;
  now: () => number;
}

describe('two phones moving one visit', () => {
  let server: InProcessServer;
  let visit: Visit;
  const phones: Phone[] = [];

  async function openPhone(aheadMs: number): Promise<Phone> {
    const factory = new IDBFactory();
    (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
    const db = await openTherapistDb(server.therapist.id);
    const phone = { factory, db, deviceId: await ensureDeviceId(db), now: () => Date.now() + aheadMs };
    phones.push(phone);
    return phone;
  }

  /** What the visit screen writes for a move (see moveVisit), stamped by this phone's clock. */
  async function move(phone: Phone, to: VisitStatus, reason = '') {
    (globalThis as { indexedDB: IDBFactory }).indexedDB = phone.factory;
    const stored = (await phone.db.get('visit', visit.id))!;
    const statusTimes = { ...(stored.fields.statusTimes as Record<string, string>), [to]: new Date(phone.now()).toISOString() };
    const fields = { status: to, statusTimes, ...(STATUSES_NEEDING_REASON.includes(to) ? { statusReason: reason } : {}) };
    await writeChanges(phone.db, plainCodec, tabClock(phone.deviceId, phone.now), [{ entity: 'visit', id: visit.id, fields }]);
  }

  async function sync(phone: Phone) {
    (globalThis as { indexedDB: IDBFactory }).indexedDB = phone.factory;
    const summary = await pushAll(phone.db, plainCodec, phone.deviceId, server.transport, { now: phone.now });
    await pullAll(phone.db, plainCodec, server.transport, undefined, { now: phone.now });
    return summary;
  }

  /** Both phones hold exactly the server's visit: values and per-field clocks. */
  async function expectBothHoldTheServers() {
    const page = await server.store.pullChanges({ therapistId: server.therapist.id, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 100 });
    const onServer = page.records.find((record) => record.id === visit.id);
    if (!onServer || onServer.deleted) throw new Error('the visit is gone');
    for (const phone of phones) {
      const local = (await phone.db.get('visit', visit.id))!;
      expect(local.fields).toEqual(onServer.data);
      expect(local.hlc).toEqual(onServer.hlc);
    }
    return onServer.data as Record<string, unknown>;
  }

  beforeEach(async () => {
    server = await inProcessServer();
    ({ visit } = await server.clientVisitedToday());
  });
  afterEach(async () => {
    for (const phone of phones.splice(0)) phone.db.close();
    await server.close();
  });

  it('takes the later step that arrives last, though its stamp is older', async () => {
    // The tablet's clock runs a minute behind the phone's, within the drift allowed.
    const phone = await openPhone(60_000);
    const tablet = await openPhone(0);
    await sync(phone);
    await sync(tablet);
    await move(tablet, 'arrived');
    await move(tablet, 'in_session');
    await move(phone, 'en_route');
    expect(await sync(phone)).toMatchObject({ applied: 1, rejected: 0 });
    expect(await sync(tablet)).toMatchObject({ rejected: 0 });
    await sync(phone);
    const final = await expectBothHoldTheServers();
    expect(final).toMatchObject({ status: 'in_session' });
    expect(Object.keys(final.statusTimes as object).sort()).toEqual(['arrived', 'en_route', 'in_session']);
  });

  it('refuses a no-show after the visit was completed elsewhere; the phone that tried puts back the server’s status, times and reason', async () => {
    const phone = await openPhone(0);
    const tablet = await openPhone(0);
    await sync(phone);
    await sync(tablet);
    // Offline in the hallway, the tablet records a no-show; meanwhile the phone did the whole session.
    await move(tablet, 'no_show', 'Nobody answered');
    for (const step of ['arrived', 'in_session', 'completed'] as const) await move(phone, step);
    await sync(phone);
    expect(await sync(tablet)).toMatchObject({ rejected: 1 });
    expect((await tablet.db.getAll('rejection'))[0]).toMatchObject({ entity: 'visit', code: 'invalid', reason: expect.stringMatching(/already completed/) });
    const final = await expectBothHoldTheServers();
    expect(final).toMatchObject({ status: 'completed', statusReason: '' });
    expect(final.statusTimes).not.toHaveProperty('no_show');
  });
});
