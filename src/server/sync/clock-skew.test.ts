import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTabNode, formatHlc, nextHlc, parseHlc } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import type { Visit } from '../../shared/domain';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startOneVisitDay } from '../testing/one-visit-day';
import type { TestServer } from '../testing/test-server';

// The server runs on the real clock; each device's clock is set relative to it.
const MINUTE = 60_000;
let server: TestServer;
let visit: Visit;
let cookie: string;

beforeAll(async () => {
  ({ server, visit, cookie } = await startOneVisitDay());
});
afterAll(() => server.close());

async function storedVisit() {
  const record = (await pullAs(server.url, cookie)).records.find((entry) => entry.id === visit.id);
  if (!record || record.deleted) throw new Error('the visit is gone');
  return { data: record.data as Record<string, unknown>, hlc: record.hlc as Record<string, string> };
}

describe('clock_skew', () => {
  it('says how far and which way the device clock is off, in words and in driftMs', async () => {
    const ahead = () => Date.now() + 12 * MINUTE;
    const phone = testDevice({ now: ahead });
    const { status, body } = await pushAs(server.url, cookie, phone.deviceId, [phone.change('visit', visit.id, 'update', { therapistNote: 'x' })], ahead());
    expect(status).toBe(409);
    expect(body.error).toBe('clock_skew');
    expect(body.message).toMatch(/This device's clock is 12 min ahead of the server's/);
    expect(body.driftMs).toBeGreaterThan(12 * MINUTE - 5_000);
    expect(body.driftMs).toBeLessThan(12 * MINUTE + 5_000);

    const behind = await pushAs(server.url, cookie, phone.deviceId, [], Date.now() - 7 * MINUTE);
    expect(behind.status).toBe(409);
    expect(behind.body.message).toMatch(/7 min behind the server's/);
    expect(behind.body.driftMs).toBeLessThan(-7 * MINUTE + 5_000);
  });

  it('refuses changes stamped too far ahead of the server, even from a device whose clock is right now', async () => {
    const phone = testDevice();
    const stampedAhead: Mutation = {
      ...phone.change('visit', visit.id, 'update', { therapistNote: 'typed while the clock was wrong' }),
      hlc: formatHlc({ millis: Date.now() + 8 * MINUTE, counter: 0, node: deviceTabNode(phone.deviceId, 1) }),
    };
    const { status, body } = await pushAs(server.url, cookie, phone.deviceId, [stampedAhead]);
    expect(status).toBe(409);
    expect(body.message).toMatch(/stamped 8 min ahead of the server's clock/);
    expect((await storedVisit()).data.therapistNote).not.toBe('typed while the clock was wrong');
  });

  it('accepts an edit stamped just after a peer whose clock runs ahead, from a device whose clock runs behind', async () => {
    const aheadNow = () => Date.now() + 4 * MINUTE;
    const behindNow = () => Date.now() - 4 * MINUTE;
    const a = testDevice({ now: aheadNow });
    const fromA = a.change('visit', visit.id, 'update', { status: 'en_route' });
    expect((await pushAs(server.url, cookie, a.deviceId, [fromA], aheadNow())).body.results).toEqual([{ mutationId: 1, status: 'applied' }]);

    // B pulls A's edit, then changes the same field: its stamp must follow A's,
    // about 8 min ahead of B's own clock, yet within the server's drift window.
    const b = testDevice({ now: behindNow });
    const seen = await storedVisit();
    expect(seen.hlc.status).toBe(fromA.hlc);
    const stamp = nextHlc(deviceTabNode(b.deviceId, 1), behindNow(), { floors: [seen.hlc.status] });
    expect(parseHlc(stamp)!.millis - behindNow()).toBeGreaterThan(7 * MINUTE);
    const fromB: Mutation = { mutationId: 1, entity: 'visit', id: visit.id, op: 'update', fields: { status: 'arrived' }, hlc: stamp, base: { status: seen.hlc.status! } };
    const { status, body } = await pushAs(server.url, cookie, b.deviceId, [fromB], behindNow());
    expect(status).toBe(200);
    expect(body.results).toEqual([{ mutationId: 1, status: 'applied' }]);
    expect((await storedVisit()).data.status).toBe('arrived');
  });
});
