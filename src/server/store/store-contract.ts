import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHlcClock, deviceTabNode } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION, PUSH_BATCH_MAX, type Mutation, type SyncRecord } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { MUTATION_LOG_KEEP, type PushInput, type Store } from './store';

/**
 * A device pushing straight to a store: its own id, clock and mutation
 * counter. `seen` is the newest stamp it has pulled, so its edits are stamped
 * after the office's writes even within one millisecond.
 */
function storeDevice(therapistId: string, seen: string) {
  const deviceId = uuidv7();
  const clock = createHlcClock(deviceTabNode(deviceId, 1));
  clock.receive(seen);
  let next = 1;
  return {
    edit(id: string, fields: Record<string, unknown>): Mutation {
      return { mutationId: next++, entity: 'visit', id, op: 'update', fields, hlc: clock.tick(), base: {} };
    },
    input(mutations: Mutation[]): PushInput {
      return {
        therapistId,
        deviceId,
        protocolVersion: PROTOCOL_VERSION,
        receivedAt: new Date(),
        mutations: mutations.map((mutation) => ({ mutationId: mutation.mutationId, mutation })),
      };
    },
  };
}

/**
 * What every Store must do, run against each implementation (SQLite today,
 * PostgreSQL later) so they stay interchangeable.
 */
export function describeStoreContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  describe(`${name} store contract`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const clock = testClock();
    const window = { from: '2026-11-23', to: '2026-12-08' };
    const pullAll = (therapistId: string, afterSeq = 0, limit = 1000) =>
      store.pullChanges({ therapistId, ...window, afterSeq, limit });
    const ids = (records: SyncRecord[]) => records.map((record) => `${record.entity}:${record.id}`);

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('starts empty and finds credentials by email, case-insensitively', async () => {
      expect(await store.isEmpty()).toBe(true);
      expect(await store.currentSeq()).toBe(0);
      const therapist = aTherapist({ email: 'Camille@Example.com' });
      await store.createTherapist(therapist, 'hash', clock.tick());
      expect(await store.isEmpty()).toBe(false);
      expect(await store.findCredentials('camille@example.com')).toEqual({ therapistId: therapist.id, passwordHash: 'hash' });
      expect(await store.findCredentials('nobody@example.com')).toBeNull();
      expect(await store.getTherapist(therapist.id)).toEqual(therapist);
    });

    it('finds a session until it expires, and never after it is deleted', async () => {
      const therapist = aTherapist();
      await store.createTherapist(therapist, 'hash', clock.tick());
      const createdAt = new Date('2026-11-24T10:00:00Z');
      const expiresAt = new Date('2026-11-25T10:00:00Z');
      await store.createSession({ tokenHash: 'h1', therapistId: therapist.id, createdAt, expiresAt });
      expect((await store.findSession('h1', new Date('2026-11-24T12:00:00Z')))?.therapistId).toBe(therapist.id);
      expect(await store.findSession('h1', new Date('2026-11-25T10:00:01Z'))).toBeNull();
      await store.createSession({ tokenHash: 'h2', therapistId: therapist.id, createdAt, expiresAt });
      await store.deleteSession('h2');
      expect(await store.findSession('h2', createdAt)).toBeNull();
    });

    it("lists a therapist's live sessions by last use, ends one by its sign-out token, and ends all but one", async () => {
      const therapist = aTherapist();
      const other = aTherapist();
      await store.createTherapist(therapist, 'hash', clock.tick());
      await store.createTherapist(other, 'hash', clock.tick());
      const at = (iso: string) => new Date(`2026-11-24T${iso}Z`);
      const expiresAt = new Date('2026-12-24T10:00:00Z');
      const phone = { browser: 'Chrome', os: 'Android' };
      await store.createSession({ tokenHash: 'phone', therapistId: therapist.id, createdAt: at('08:00:00'), expiresAt, signOutHash: 'phone-out', device: phone });
      await store.createSession({ tokenHash: 'laptop', therapistId: therapist.id, createdAt: at('09:00:00'), expiresAt, signOutHash: 'laptop-out' });
      await store.createSession({ tokenHash: 'old', therapistId: therapist.id, createdAt: at('07:00:00'), expiresAt: at('07:30:00') });
      await store.createSession({ tokenHash: 'theirs', therapistId: other.id, createdAt: at('08:00:00'), expiresAt });
      await store.touchSession('phone', at('10:00:00'));
      await store.touchSession('phone', at('09:30:00')); // a late, older touch does not move it back

      const listed = await store.listSessions(therapist.id, at('11:00:00'));
      expect(listed.map((session) => session.tokenHash)).toEqual(['phone', 'laptop']);
      expect(listed[0]).toMatchObject({ device: phone, createdAt: at('08:00:00'), lastSeenAt: at('10:00:00') });
      expect(listed[1]).toMatchObject({ device: { browser: null, os: null }, lastSeenAt: at('09:00:00') });
      expect(new Set(listed.map((session) => session.id)).size).toBe(2);
      expect((await store.findSession('phone', at('11:00:00')))?.id).toBe(listed[0]!.id);

      await store.deleteSessionBySignOut('laptop-out');
      expect(await store.findSession('laptop', at('11:00:00'))).toBeNull();
      await store.createSession({ tokenHash: 'tablet', therapistId: therapist.id, createdAt: at('10:00:00'), expiresAt });
      expect(await store.deleteOtherSessions(therapist.id, 'tablet')).toBeGreaterThanOrEqual(1);
      expect((await store.listSessions(therapist.id, at('11:00:00'))).map((session) => session.tokenHash)).toEqual(['tablet']);
      expect(await store.findSession('theirs', at('11:00:00'))).not.toBeNull();
    });

    it('counts failed sign-ins per key, forgets them after a quiet spell or a clear, and keeps known devices per therapist', async () => {
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute));
      expect(await store.loginFailures('address:1.2.3.4', at(0))).toBeNull();
      expect(await store.recordLoginFailure('address:1.2.3.4', at(1), at(0))).toEqual({ failures: 1, lastFailureAt: at(1) });
      expect(await store.recordLoginFailure('address:1.2.3.4', at(2), at(0))).toEqual({ failures: 2, lastFailureAt: at(2) });
      await store.recordLoginFailure('account:a@example.com', at(2), at(0));
      expect(await store.loginFailures('address:1.2.3.4', at(1))).toEqual({ failures: 2, lastFailureAt: at(2) });
      // Quiet since minute 2: a failure that forgets everything up to minute 2 counts from one again.
      expect(await store.loginFailures('address:1.2.3.4', at(2))).toBeNull();
      expect(await store.recordLoginFailure('address:1.2.3.4', at(30), at(2))).toEqual({ failures: 1, lastFailureAt: at(30) });
      await store.clearLoginFailures('address:1.2.3.4');
      expect(await store.loginFailures('address:1.2.3.4', at(0))).toBeNull();

      const therapist = aTherapist();
      const other = aTherapist();
      await store.createTherapist(therapist, 'hash', clock.tick());
      await store.createTherapist(other, 'hash', clock.tick());
      await store.rememberDevice('browser-1', therapist.id, at(50));
      await store.rememberDevice('browser-2', therapist.id, at(50));
      expect(await store.isKnownDevice('browser-1', therapist.id, at(40))).toBe(true);
      expect(await store.isKnownDevice('browser-1', other.id, at(40))).toBe(false);
      expect(await store.isKnownDevice('browser-1', therapist.id, at(50))).toBe(false);
      await store.forgetDevices(therapist.id, 'browser-2');
      expect(await store.isKnownDevice('browser-1', therapist.id, at(40))).toBe(false);
      expect(await store.isKnownDevice('browser-2', therapist.id, at(40))).toBe(true);
      await store.forgetDevices(therapist.id, null);
      expect(await store.isKnownDevice('browser-2', therapist.id, at(40))).toBe(false);
    });

    it('keeps one escrow secret per therapist and device, replaces it only when asked, and deletes all but one browser\'s', async () => {
      const therapist = aTherapist();
      const other = aTherapist({ email: 'other@example.com' });
      await store.createTherapist(therapist, 'hash', clock.tick());
      await store.createTherapist(other, 'hash', clock.tick());
      const at = new Date('2026-11-24T10:00:00Z');
      const bytes = (fill: number) => new Uint8Array(32).fill(fill);
      const escrow = (therapistId: string, deviceId: string, knownDeviceHash: string, fresh: Uint8Array, replace = false) =>
        store.keyEscrow({ therapistId, deviceId, knownDeviceHash, fresh, replace, at });
      const [phone, tablet] = [uuidv7(), uuidv7()];

      expect(await escrow(therapist.id, phone, 'browser-1', bytes(1))).toEqual(bytes(1));
      // The first secret stays: a second request never changes what wraps the device's key.
      expect(await escrow(therapist.id, phone, 'browser-1', bytes(2))).toEqual(bytes(1));
      expect(await escrow(therapist.id, tablet, 'browser-2', bytes(3))).toEqual(bytes(3));
      expect(await escrow(other.id, phone, 'browser-9', bytes(4))).toEqual(bytes(4));
      expect(await escrow(therapist.id, phone, 'browser-1', bytes(5), true)).toEqual(bytes(5));
      expect(await escrow(therapist.id, phone, 'browser-1', bytes(6))).toEqual(bytes(5));

      expect(await store.deleteKeyEscrows(therapist.id, 'browser-2')).toBe(1);
      expect(await escrow(therapist.id, phone, 'browser-1', bytes(7))).toEqual(bytes(7));
      expect(await escrow(therapist.id, tablet, 'browser-2', bytes(8))).toEqual(bytes(3));
      expect(await store.deleteKeyEscrows(therapist.id, null)).toBe(2);
      expect(await escrow(therapist.id, tablet, 'browser-2', bytes(9))).toEqual(bytes(9));
      // Another therapist's secret was never touched.
      expect(await escrow(other.id, phone, 'browser-9', bytes(10))).toEqual(bytes(4));
    });

    it("gives a therapist their profile, their visits in the window and those visits' clients, nothing else", async () => {
      const mine = aTherapist();
      const other = aTherapist();
      await store.createTherapist(mine, 'hash', clock.tick());
      await store.createTherapist(other, 'hash', clock.tick());
      const shared = aClient();
      const onlyMine = aClient();
      const onlyOther = aClient();
      const laterOnly = aClient();
      for (const client of [shared, onlyMine, onlyOther, laterOnly]) await store.putClient(client, clock.tick());
      const v1 = aVisit(mine.id, shared.id);
      const v2 = aVisit(mine.id, onlyMine.id, { date: '2026-12-08' });
      const v3 = aVisit(other.id, shared.id);
      const v4 = aVisit(other.id, onlyOther.id);
      const v5 = aVisit(mine.id, laterOnly.id, { date: '2026-12-20' }); // beyond the window
      for (const visit of [v1, v2, v3, v4, v5]) await store.putVisit(visit, clock.tick());

      const { records, hasMore } = await pullAll(mine.id);
      expect(hasMore).toBe(false);
      expect(new Set(ids(records))).toEqual(
        new Set([`therapist:${mine.id}`, `visit:${v1.id}`, `visit:${v2.id}`, `client:${shared.id}`, `client:${onlyMine.id}`]),
      );
      const seqs = records.map((record) => record.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const visit = records.find((record) => record.id === v1.id);
      expect(visit).toMatchObject({ deleted: false, data: v1 });
      expect(visit && !visit.deleted && Object.keys(visit.hlc).sort()).toEqual(Object.keys(v1).sort());
    });

    it('pages in sequence order without gaps or repeats', async () => {
      const therapist = aTherapist();
      await store.createTherapist(therapist, 'hash', clock.tick());
      const client = aClient();
      await store.putClient(client, clock.tick());
      for (let i = 0; i < 25; i++) await store.putVisit(aVisit(therapist.id, client.id, { routePosition: i + 1 }), clock.tick());

      const seen: string[] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await pullAll(therapist.id, afterSeq, 7);
        seen.push(...ids(page.records));
        if (!page.hasMore) break;
        expect(page.records).toHaveLength(7);
        afterSeq = page.records.at(-1)!.seq;
      }
      expect(seen).toHaveLength(27);
      expect(new Set(seen).size).toBe(27);
    });

    it('sends only what changed after a cursor, and tombstones for deleted visits', async () => {
      const therapist = aTherapist();
      await store.createTherapist(therapist, 'hash', clock.tick());
      const client = aClient();
      await store.putClient(client, clock.tick());
      const keep = aVisit(therapist.id, client.id);
      const drop = aVisit(therapist.id, client.id, { routePosition: 2 });
      await store.putVisit(keep, clock.tick());
      await store.putVisit(drop, clock.tick());
      const cursor = await store.currentSeq();

      await store.putVisit({ ...keep, officeNotes: 'Code changed to 1234' }, clock.tick());
      await store.deleteVisit(drop.id);
      const { records } = await pullAll(therapist.id, cursor);
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ entity: 'visit', id: keep.id, deleted: false, data: { officeNotes: 'Code changed to 1234' } });
      expect(records[1]).toEqual({ entity: 'visit', id: drop.id, seq: expect.any(Number), deleted: true });
    });

    it('re-sends a client to a therapist who gets a visit with them', async () => {
      const first = aTherapist();
      const second = aTherapist();
      await store.createTherapist(first, 'hash', clock.tick());
      await store.createTherapist(second, 'hash', clock.tick());
      const client = aClient();
      await store.putClient(client, clock.tick());
      const visit = aVisit(first.id, client.id);
      await store.putVisit(visit, clock.tick());
      const cursor = await store.currentSeq();

      await store.putVisit({ ...visit, therapistId: second.id }, clock.tick());
      const { records } = await pullAll(second.id, cursor);
      expect(ids(records)).toContain(`client:${client.id}`);
      expect(ids(records)).toContain(`visit:${visit.id}`);
    });

    describe('applyPush', () => {
      async function oneVisit() {
        const therapist = aTherapist();
        await store.createTherapist(therapist, 'hash', clock.tick());
        const client = aClient();
        await store.putClient(client, clock.tick());
        const visit = aVisit(therapist.id, client.id);
        await store.putVisit(visit, clock.tick());
        const stored = async () => {
          const record = (await pullAll(therapist.id)).records.find((entry) => entry.id === visit.id);
          return record && !record.deleted ? (record.data as Record<string, unknown>) : null;
        };
        return { therapist, visit, stored };
      }

      it('applies each mutation at most once: a resend gets its first answer and changes nothing', async () => {
        const { therapist, visit, stored } = await oneVisit();
        const phone = storeDevice(therapist.id, clock.last());
        const note = phone.edit(visit.id, { therapistNote: 'Side door' });
        expect(await store.applyPush(phone.input([note]))).toEqual([{ mutationId: note.mutationId, status: 'applied' }]);
        const seq = await store.currentSeq();
        expect(await store.applyPush(phone.input([note]))).toEqual([{ mutationId: note.mutationId, status: 'applied' }]);
        expect(await store.currentSeq()).toBe(seq);
        expect(await stored()).toMatchObject({ therapistNote: 'Side door' });
      });

      it('applies a mutation that arrives after a higher id from the same device (out of order)', async () => {
        const { therapist, visit, stored } = await oneVisit();
        const phone = storeDevice(therapist.id, clock.last());
        const note = phone.edit(visit.id, { therapistNote: 'Sent first, arrived last' });
        const status = phone.edit(visit.id, { status: 'en_route' });
        await store.applyPush(phone.input([status]));
        expect(await store.applyPush(phone.input([note]))).toEqual([{ mutationId: note.mutationId, status: 'applied' }]);
        expect(await stored()).toMatchObject({ therapistNote: 'Sent first, arrived last', status: 'en_route' });
      });

      it(`keeps a window of ${MUTATION_LOG_KEEP} applied log rows per device: an older resend is answered applied and changes nothing; refusals keep their answer`, async () => {
        const { therapist, visit, stored } = await oneVisit();
        const phone = storeDevice(therapist.id, clock.last());
        const oldNote = phone.edit(visit.id, { therapistNote: 'Phone: ring twice' });
        // The tablet edits later, without having seen the phone's text.
        const tablet = storeDevice(therapist.id, oldNote.hlc);
        const refused = phone.edit(visit.id, { officeNotes: 'not the phone’s to change' });
        const [, refusal] = await store.applyPush(phone.input([oldNote, refused]));
        expect(refusal).toMatchObject({ status: 'rejected', code: 'read_only' });
        // The tablet's newer text wins; were the phone's old edit applied again, its text would become a conflict.
        await store.applyPush(tablet.input([tablet.edit(visit.id, { therapistNote: 'Tablet: knock' })]));
        for (let sent = 0; sent <= MUTATION_LOG_KEEP; sent += PUSH_BATCH_MAX) {
          const statuses = Array.from({ length: PUSH_BATCH_MAX }, (_, i) => phone.edit(visit.id, { status: i % 2 ? 'en_route' : 'arrived' }));
          await store.applyPush(phone.input(statuses));
        }
        const seq = await store.currentSeq();

        expect(await store.applyPush(phone.input([oldNote]))).toEqual([{ mutationId: oldNote.mutationId, status: 'applied' }]);
        expect(await store.currentSeq()).toBe(seq);
        expect(await stored()).toMatchObject({ therapistNote: 'Tablet: knock' });
        expect(await store.applyPush(phone.input([refused]))).toEqual([refusal]);
      });
    });
  });
}
