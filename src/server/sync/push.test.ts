import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import type { Mutation } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

const office = testClock();
let server: TestServer;
const camille = aTherapist({ email: 'camille@example.com' });
const other = aTherapist({ email: 'other@example.com' });
const client = aClient();
const mine = aVisit(camille.id, client.id);
const theirs = aVisit(other.id, client.id);
let cookie: string;

function device() {
  const inner = testDevice();
  return {
    deviceId: inner.deviceId,
    edit: (id: string, fields: Record<string, unknown>, base: Record<string, string> = {}, entity: Mutation['entity'] = 'visit') =>
      inner.change(entity, id, 'update', fields, base),
  };
}

const push = (deviceId: string, mutations: unknown[], options: { cookie?: string; deviceTime?: number } = {}) =>
  pushAs(server.url, options.cookie ?? cookie, deviceId, mutations, options.deviceTime);

const pullAll = (as = cookie) => pullAs(server.url, as);

async function serverVisit(id: string) {
  const page = await pullAll();
  const record = page.records.find((r) => r.id === id);
  return record && !record.deleted ? (record.data as Record<string, unknown>) : null;
}

beforeAll(async () => {
  server = await startTestServer();
  const hash = await testPasswordHash();
  await server.store.createTherapist(camille, hash, office.tick());
  await server.store.createTherapist(other, hash, office.tick());
  await server.store.putClient(client, office.tick());
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
  Object.assign(mine, { date: today });
  Object.assign(theirs, { date: today });
  await server.store.putVisit(mine, office.tick());
  await server.store.putVisit(theirs, office.tick());
  cookie = await server.signIn('camille@example.com', 'correct horse');
});
afterAll(() => server.close());

describe('push', () => {
  it('applies a change, and a resend of the same mutation is a no-op with the same answer', async () => {
    const phone = device();
    const change = phone.edit(mine.id, { therapistNote: 'Bring the heating pad' });
    const first = await push(phone.deviceId, [change]);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([{ mutationId: 1, status: 'applied' }]);
    const seqBefore = await server.store.currentSeq();

    const again = await push(phone.deviceId, [change]);
    expect(again.body.results).toEqual(first.body.results);
    expect(await server.store.currentSeq()).toBe(seqBefore);
    expect(await serverVisit(mine.id)).toMatchObject({ therapistNote: 'Bring the heating pad' });
  });

  it('accepts mutation ids out of order, each once, and the newest edit wins', async () => {
    const phone = device();
    const older = phone.edit(mine.id, { therapistNote: 'Buzzer 12' });
    const newer = phone.edit(mine.id, { therapistNote: 'Buzzer 12, then the side door' });
    expect((await push(phone.deviceId, [newer])).body.results[0]!.status).toBe('applied');
    expect((await push(phone.deviceId, [older])).body.results[0]!.status).toBe('applied');
    expect(await serverVisit(mine.id)).toMatchObject({ therapistNote: 'Buzzer 12, then the side door' });
  });

  it('a refused mutation is answered with its reason and does not block the ones after it', async () => {
    const phone = device();
    const refused = phone.edit(mine.id, { officeNotes: 'I changed the office notes' });
    const malformed = { mutationId: 2, entity: 'visit', id: 'not-an-id', op: 'explode' };
    const fine = phone.edit(mine.id, { therapistNote: 'Still applied' });
    fine.mutationId = 3;
    const { body } = await push(phone.deviceId, [refused, malformed, fine]);
    expect(body.results).toMatchObject([
      { mutationId: 1, status: 'rejected', code: 'read_only', reason: expect.stringMatching(/officeNotes/) },
      { mutationId: 2, status: 'rejected', code: 'invalid', reason: expect.stringMatching(/malformed/) },
      { mutationId: 3, status: 'applied' },
    ]);
    expect(body.results[0]).toHaveProperty('current.data.officeNotes', '');
    expect(await serverVisit(mine.id)).toMatchObject({ therapistNote: 'Still applied', officeNotes: '' });
    // Refusals are stored: a resend gets the same refusal.
    expect((await push(phone.deviceId, [refused])).body.results[0]).toMatchObject({ status: 'rejected', code: 'read_only' });
  });

  it("cannot change another therapist's visit, and learns nothing of it, not even that it exists", async () => {
    const phone = device();
    const { body } = await push(phone.deviceId, [phone.edit(theirs.id, { therapistNote: 'sneaky' }), phone.edit(uuidv7(), { therapistNote: 'sneaky' })]);
    expect(body.results[0]).toEqual({ mutationId: 1, status: 'rejected', code: 'not_found', reason: expect.any(String) });
    // Aimed at a visit that does not exist: the very same answer, so ids cannot be probed.
    expect(body.results[1]).toEqual({ ...body.results[0], mutationId: 2 });
    const otherCookie = await server.signIn('other@example.com', 'correct horse');
    const theirPull = await pullAll(otherCookie);
    const visit = theirPull.records.find((record) => record.id === theirs.id);
    expect(visit && !visit.deleted && (visit.data as { therapistNote: string }).therapistNote).toBe('');
    expect((await pullAll()).records.map((record) => record.id)).not.toContain(theirs.id);
  });

  it('keeps both texts of a concurrent edit: the newer wins, the other is a conflict the therapist pulls', async () => {
    const base = (await pullAll()).records.find((record) => record.id === mine.id);
    const baseHlc = base && !base.deleted ? (base.hlc as Record<string, string>).therapistNote! : '';
    const phone = device();
    const tablet = device();
    const fromPhone = phone.edit(mine.id, { therapistNote: 'Phone: knee pain' }, { therapistNote: baseHlc });
    // Same-millisecond edits are ordered by node id, at random here: make the tablet's clearly later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fromTablet = tablet.edit(mine.id, { therapistNote: 'Tablet: shoulder pain' }, { therapistNote: baseHlc });
    await push(tablet.deviceId, [fromTablet]);
    await push(phone.deviceId, [fromPhone]);

    const page = await pullAll();
    expect(page.records.find((record) => record.id === mine.id)).toMatchObject({ data: { therapistNote: 'Tablet: shoulder pain' } });
    // Earlier tests here edited the note with no base, which also counts as concurrent.
    const conflicts = page.records.filter(
      (record) => record.entity === 'conflict' && !record.deleted && record.data.winningValue === 'Tablet: shoulder pain',
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      data: { recordId: mine.id, field: 'therapistNote', keptValue: 'Phone: knee pain', winningValue: 'Tablet: shoulder pain', resolved: false },
    });

    // Resolving is an ordinary edit of the conflict record.
    const resolve = phone.edit(conflicts[0]!.id, { resolved: true }, {}, 'conflict');
    expect((await push(phone.deviceId, [resolve])).body.results[0]!.status).toBe('applied');
    const after = (await pullAll()).records.find((record) => record.id === conflicts[0]!.id);
    expect(after).toMatchObject({ data: { resolved: true } });
  });

  it('refuses a whole push from a device whose clock is far off, with clock_skew', async () => {
    const phone = device();
    const { status, body } = await push(phone.deviceId, [phone.edit(mine.id, { status: 'completed' })], { deviceTime: Date.now() - 3 * 3600_000 });
    expect(status).toBe(409);
    expect(body.error).toBe('clock_skew');
    expect(body.message).toMatch(/180 min behind/);
    expect(await serverVisit(mine.id)).not.toMatchObject({ status: 'completed' });
  });

  it('needs a session, and a current protocol', async () => {
    const phone = device();
    expect((await push(phone.deviceId, [], { cookie: 'session=nope' })).status).toBe(401);
    const old = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ protocolVersion: 0, deviceId: phone.deviceId, deviceTime: Date.now(), mutations: [] }),
    });
    expect(old.status).toBe(426);
  });
});
