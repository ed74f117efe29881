import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDateIn, shiftDate } from '../../shared/calendar';
import type { Amendment, Visit } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION, type Mutation, type PullResponse, type PushResult } from '../../shared/protocol';
import { aClient, aSessionRecord, aTherapist, aVisit, anIntake, testClock } from '../../shared/testing/fixtures';
import { pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';
import { needToKnowDates } from './need-to-know';

/**
 * Need to know: a therapist holds a client's clinical file only while they
 * have a current or recent visit with the client that is not cancelled, and
 * a device loses it at its next pull when that ends. Every clock reads the one
 * test time: the server's, the office's writes and the devices'.
 */

// 10:00 in Montreal.
const START = Date.UTC(2026, 10, 24, 15, 0, 0);
const TODAY = '2026-11-24';
const camille = aTherapist({ email: 'camille@example.com' });
const sam = aTherapist({ email: 'sam@example.com' });
const newcomer = aTherapist({ email: 'newcomer@example.com' });
const ACCOUNTS = { camille, sam, newcomer };
type Who = keyof typeof ACCOUNTS;

/** A server on its own test clock, with the three therapists signed in. */
async function startWorld(options: { needToKnowDays?: number } = {}) {
  let now = START;
  const clock = () => now;
  const server: TestServer = await startTestServer({ now: () => new Date(now), needToKnowDays: options.needToKnowDays });
  const office = testClock(clock);
  const hash = await testPasswordHash();
  for (const therapist of Object.values(ACCOUNTS)) await server.store.createTherapist(therapist, hash, office.tick());
  const cookies = {} as Record<Who, string>;
  for (const [who, therapist] of Object.entries(ACCOUNTS)) cookies[who as Who] = await server.signIn(therapist.email, 'correct horse');

  return {
    server,
    office,
    advance: (ms: number) => (now += ms),
    /** A phone of `who`, on the test clock, that has seen everything the office wrote. */
    phone(who: Who) {
      const device = testDevice({ now: clock });
      device.clock.receive(office.last());
      return {
        ...device,
        push: async (mutations: Mutation[]): Promise<PushResult[]> => (await pushAs(server.url, cookies[who], device.deviceId, mutations, now)).body.results,
      };
    },
    /** One pull page from `cursor` (from the start when null), as `who`. */
    async pull(who: Who, cursor: string | null = null): Promise<PullResponse> {
      const response = await fetch(`${server.url}/api/sync/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies[who] },
        body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, cursor }),
      });
      return response.json();
    },
    /**
     * A client whose file Camille wrote (an intake, a signed session record of
     * her visit today, an amendment), and Sam's visit with them today.
     */
    async clientFile(samsVisit: Partial<Visit> = {}) {
      const client = aClient();
      await server.store.putClient(client, office.tick());
      const camillesVisit = aVisit(camille.id, client.id, { date: TODAY, status: 'completed' });
      const visit = aVisit(sam.id, client.id, { date: TODAY, routePosition: 2, ...samsVisit });
      for (const entry of [camillesVisit, visit]) await server.store.putVisit(entry, office.tick());
      const intake = anIntake(client.id, camille.id);
      const record = aSessionRecord(camillesVisit, { subjective: 'Lower back', signedAt: new Date(now).toISOString(), signedBy: camille.name });
      const amendment: Amendment = { id: uuidv7(), recordId: record.id, clientId: client.id, therapistId: camille.id, createdAt: new Date(now).toISOString(), reason: 'Omitted', text: 'Pain after: 2/10' };
      await server.store.putClinicalRecord('intake', intake, office.tick());
      await server.store.putClinicalRecord('sessionRecord', record, office.tick());
      await server.store.putClinicalRecord('amendment', amendment, office.tick());
      return { client, visit, ids: [intake.id, record.id, amendment.id].sort() };
    },
  };
}
type World = Awaited<ReturnType<typeof startWorld>>;

/** The clinical records of a page, live and tombstoned, by id. */
function clinical(page: PullResponse) {
  const records = page.records.filter((record) => ['intake', 'sessionRecord', 'amendment'].includes(record.entity));
  return {
    live: records.filter((record) => !record.deleted).map((record) => record.id).sort(),
    gone: records.filter((record) => record.deleted).map((record) => record.id).sort(),
  };
}
const only = (ids: string[], of: string[]) => ids.filter((id) => of.includes(id));

function cancel(visit: Visit): Partial<Visit> {
  return { status: 'cancelled', statusReason: 'The client is ill', statusTimes: { ...visit.statusTimes, cancelled: new Date(START).toISOString() } };
}

describe('need to know', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.server.close());

  it("gives a therapist with a visit the client's whole file, another therapist's records included", async () => {
    const { ids } = await world.clientFile();
    expect(only(clinical(await world.pull('sam')).live, ids)).toEqual(ids);
  });

  it("cancelled from the therapist's own phone: the next pull takes the file away (tombstones, no records); the visit and the client stay; Camille keeps it", async () => {
    const { visit, client, ids } = await world.clientFile();
    const before = await world.pull('sam');
    const phone = world.phone('sam');
    expect(await phone.push([phone.change('visit', visit.id, 'update', cancel(visit))])).toMatchObject([{ status: 'applied' }]);

    const after = await world.pull('sam', before.cursor);
    expect(clinical(after)).toEqual({ live: [], gone: ids });
    expect(after.records.find((record) => record.id === visit.id)).toMatchObject({ deleted: false, data: { status: 'cancelled' } });
    // A phone signing in afresh gets the cancelled visit and the client, not the file.
    const fresh = await world.pull('sam');
    expect(fresh.records.find((record) => record.id === client.id)).toMatchObject({ deleted: false });
    expect(only(clinical(fresh).live, ids)).toEqual([]);
    expect(only(clinical(await world.pull('camille')).live, ids)).toEqual(ids);
  });

  it('cancelled by the office: the same', async () => {
    const { visit, ids } = await world.clientFile();
    const before = await world.pull('sam');
    await world.server.store.putVisit({ ...visit, ...cancel(visit) }, world.office.tick());
    expect(clinical(await world.pull('sam', before.cursor))).toEqual({ live: [], gone: ids });
    expect(only(clinical(await world.pull('sam')).live, ids)).toEqual([]);
  });

  it('moved to another therapist: the old holder gets tombstones, the new one the records, each at their next pull', async () => {
    const { visit, ids } = await world.clientFile();
    const [samBefore, newcomerBefore] = [await world.pull('sam'), await world.pull('newcomer')];
    expect(only(clinical(newcomerBefore).live, ids)).toEqual([]);
    await world.server.store.putVisit({ ...visit, therapistId: newcomer.id }, world.office.tick());
    expect(clinical(await world.pull('sam', samBefore.cursor))).toEqual({ live: [], gone: ids });
    expect(clinical(await world.pull('newcomer', newcomerBefore.cursor))).toEqual({ live: ids, gone: [] });
  });

  it('moved beyond the window, or deleted: the holder loses the file', async () => {
    const later = await world.clientFile();
    const deleted = await world.clientFile();
    const before = await world.pull('sam');
    await world.server.store.putVisit({ ...later.visit, date: shiftDate(TODAY, 20) }, world.office.tick());
    await world.server.store.deleteVisit(deleted.visit.id);
    expect(clinical(await world.pull('sam', before.cursor))).toEqual({ live: [], gone: [...later.ids, ...deleted.ids].sort() });
  });

  it('another visit that still opens the file keeps it: cancelling one of two sends nothing', async () => {
    const { client, visit, ids } = await world.clientFile();
    await world.server.store.putVisit(aVisit(sam.id, client.id, { date: shiftDate(TODAY, 7) }), world.office.tick());
    const before = await world.pull('sam');
    await world.server.store.putVisit({ ...visit, ...cancel(visit) }, world.office.tick());
    expect(clinical(await world.pull('sam', before.cursor))).toEqual({ live: [], gone: [] });
    expect(only(clinical(await world.pull('sam')).live, ids)).toEqual(ids);
  });

  it('a no-show keeps the file: the therapist was sent to the home', async () => {
    const { visit, ids } = await world.clientFile({ status: 'arrived' });
    const before = await world.pull('sam');
    const phone = world.phone('sam');
    const noShow = { status: 'no_show', statusReason: 'Nobody answered', statusTimes: { no_show: new Date(START).toISOString() } };
    expect(await phone.push([phone.change('visit', visit.id, 'update', noShow)])).toMatchObject([{ status: 'applied' }]);
    expect(clinical(await world.pull('sam', before.cursor)).gone).toEqual([]);
    expect(only(clinical(await world.pull('sam')).live, ids)).toEqual(ids);
  });

  it('booked again after a cancellation: the next pull brings the file back', async () => {
    const { client, visit, ids } = await world.clientFile();
    const before = await world.pull('sam');
    await world.server.store.putVisit({ ...visit, ...cancel(visit) }, world.office.tick());
    const cancelled = await world.pull('sam', before.cursor);
    expect(clinical(cancelled)).toEqual({ live: [], gone: ids });
    await world.server.store.putVisit(aVisit(sam.id, client.id, { date: shiftDate(TODAY, 3) }), world.office.tick());
    expect(clinical(await world.pull('sam', cancelled.cursor))).toEqual({ live: ids, gone: [] });
    // A phone that did not pull in between gets the file, and no tombstone for it.
    expect(clinical(await world.pull('sam', before.cursor))).toEqual({ live: ids, gone: [] });
  });

  it('refuses a clinical record about a client whose file is closed to the therapist, and takes it while open', async () => {
    const { client, visit } = await world.clientFile();
    const phone = world.phone('sam');
    const open = anIntake(client.id, sam.id, { version: 2 });
    expect(await phone.push([phone.change('intake', open.id, 'create', open)])).toMatchObject([{ status: 'applied' }]);

    await world.server.store.putVisit({ ...visit, ...cancel(visit) }, world.office.tick());
    const closed = anIntake(client.id, sam.id, { version: 3 });
    const record = aSessionRecord(visit);
    expect(
      await phone.push([phone.change('intake', closed.id, 'create', closed), phone.change('sessionRecord', record.id, 'create', record)]),
    ).toMatchObject([
      { status: 'rejected', code: 'forbidden' },
      { status: 'rejected', code: 'forbidden' },
    ]);
  });

  it('a change to a record the phone kept past its tombstone (it was waiting to be sent) is answered, and the tombstone comes again', async () => {
    const { visit } = await world.clientFile({ status: 'in_session' });
    const phone = world.phone('sam');
    const draft = aSessionRecord(visit, { subjective: 'Stiff neck' });
    expect(await phone.push([phone.change('sessionRecord', draft.id, 'create', draft)])).toMatchObject([{ status: 'applied' }]);
    const before = await world.pull('sam');
    await world.server.store.putVisit({ ...visit, ...cancel(visit) }, world.office.tick());
    const tombstones = await world.pull('sam', before.cursor);
    expect(clinical(tombstones).gone).toContain(draft.id);

    // The phone typed more before it heard of the cancellation; its own record takes the change.
    expect(await phone.push([phone.change('sessionRecord', draft.id, 'update', { subjective: 'Stiff neck, worse on the left' })])).toMatchObject([
      { status: 'applied' },
    ]);
    expect(clinical(await world.pull('sam', tombstones.cursor))).toEqual({ live: [], gone: [draft.id] });
  });
});

describe('need to know over time', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.server.close());

  it('is computed in the office time zone: 14 days back to the end of the pull window', () => {
    expect(needToKnowDates(new Date(START), 14)).toEqual({ today: TODAY, from: '2026-11-10', to: '2026-12-08' });
    // 02:30 UTC on the 25th is still the 24th in Montreal.
    expect(needToKnowDates(new Date('2026-11-25T02:30:00Z'), 14).today).toBe(TODAY);
  });

  it('a visit 13 days ago opens the file, one 15 days ago does not, for reading and for writing', async () => {
    const recent = await world.clientFile({ date: shiftDate(TODAY, -13), status: 'completed' });
    const old = await world.clientFile({ date: shiftDate(TODAY, -15), status: 'completed' });
    const live = clinical(await world.pull('sam')).live;
    expect(only(live, recent.ids)).toEqual(recent.ids);
    expect(only(live, old.ids)).toEqual([]);

    const phone = world.phone('sam');
    const late = anIntake(recent.client.id, sam.id, { version: 2 });
    const tooLate = anIntake(old.client.id, sam.id, { version: 2 });
    expect(await phone.push([phone.change('intake', late.id, 'create', late), phone.change('intake', tooLate.id, 'create', tooLate)])).toMatchObject([
      { status: 'applied' },
      { status: 'rejected', code: 'forbidden' },
    ]);
  });

  it('the day the last visit grows too old, the pull is a fresh snapshot without the file, and without the day before’s tombstones', async () => {
    const aging = await world.clientFile({ date: shiftDate(TODAY, -14), status: 'completed' });
    const cancelled = await world.clientFile();
    const before = await world.pull('sam');
    expect(only(clinical(before).live, aging.ids)).toEqual(aging.ids);
    await world.server.store.putVisit({ ...cancelled.visit, ...cancel(cancelled.visit) }, world.office.tick());

    world.advance(24 * 60 * 60 * 1000);
    const nextDay = await world.pull('sam', before.cursor);
    expect(nextDay.reset).toBe(true);
    expect(nextDay.hasMore).toBe(false);
    const { live, gone } = clinical(nextDay);
    expect(only(live, [...aging.ids, ...cancelled.ids])).toEqual([]);
    expect(gone).toEqual([]);
    expect(calendarDateIn(new Date(START + 24 * 60 * 60 * 1000))).toBe(shiftDate(TODAY, 1));
  });
});

describe('NEED_TO_KNOW_DAYS', () => {
  it('sets how long a visit keeps the file open: with 20 days, a visit 15 days ago still opens it', async () => {
    const world = await startWorld({ needToKnowDays: 20 });
    try {
      const { ids } = await world.clientFile({ date: shiftDate(TODAY, -15), status: 'completed' });
      expect(only(clinical(await world.pull('sam')).live, ids)).toEqual(ids);
    } finally {
      await world.server.close();
    }
  });
});
