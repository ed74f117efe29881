import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDateIn, shiftDate } from '../../shared/calendar';
import type { Visit } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import type { Mutation, PushResult } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

// Every clock reads this one time: the server's, the office's and the phone's. 21:00 in Montreal, already tomorrow in UTC.
let now = Date.UTC(2026, 10, 25, 2, 0);
const clock = () => now;
const office = testClock(clock);
const camille = aTherapist({ email: 'camille@example.com' });
const client = aClient();
const today = calendarDateIn(new Date(now));
const inThreeDays = aVisit(camille.id, client.id, { date: shiftDate(today, 3), routePosition: 1 });
const tomorrows = aVisit(camille.id, client.id, { date: shiftDate(today, 1), routePosition: 1 });
const todays = aVisit(camille.id, client.id, { date: today, routePosition: 1 });
let server: TestServer;
let cookie: string;

const push = async (phone: ReturnType<typeof testDevice>, mutations: Mutation[]): Promise<PushResult[]> =>
  (await pushAs(server.url, cookie, phone.deviceId, mutations, now)).body.results;

async function held(id: string) {
  const record = (await pullAs(server.url, cookie)).records.find((entry) => entry.id === id);
  return record && !record.deleted ? record : null;
}

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(now) });
  await server.store.createTherapist(camille, await testPasswordHash(), office.tick());
  await server.store.putClient(client, office.tick());
  for (const visit of [inThreeDays, tomorrows, todays]) await server.store.putVisit(visit, office.tick());
  cookie = await server.signIn(camille.email, 'correct horse');
});
afterAll(() => server.close());

describe('visit status, enforced by the server', () => {
  it('refuses the reproduction of issue 9: no-show, completed, a receipt, no-show again, on a visit three days ahead', async () => {
    const phone = testDevice({ now: clock });
    const at = new Date(now).toISOString();
    const results = await push(phone, [
      phone.change('visit', inThreeDays.id, 'update', { status: 'no_show', statusReason: 'Not home', statusTimes: { no_show: at } }),
      phone.change('visit', inThreeDays.id, 'update', { status: 'completed', statusTimes: { completed: at } }),
      phone.change('receipt', uuidv7(), 'create', { visitId: inThreeDays.id, amountCents: 9500, paymentMethod: 'cash', language: 'fr' }),
      phone.change('visit', inThreeDays.id, 'update', { status: 'no_show', statusReason: 'Not home again', statusTimes: { no_show: at } }),
    ]);
    expect(results).toMatchObject([
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/cannot be marked no_show before that day/), current: { data: { status: 'scheduled' } } },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/cannot be marked completed before that day/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/only for a completed visit/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/cannot be marked no_show before that day/) },
    ]);
    expect((await held(inThreeDays.id))?.data).toMatchObject({ status: 'scheduled', statusReason: '', statusTimes: {} });
    expect((await pullAs(server.url, cookie)).records.filter((record) => record.entity === 'receipt')).toEqual([]);
  });

  it('judges "not yet" by the Montreal day: at 21:00 on the visit’s eve (already its day in UTC) it has not happened', async () => {
    const phone = testDevice({ now: clock });
    const arrived = (visit: Visit) => phone.change('visit', visit.id, 'update', { status: 'arrived', statusTimes: { arrived: new Date(now).toISOString() } });
    expect(await push(phone, [arrived(tomorrows), arrived(todays)])).toMatchObject([
      { status: 'rejected', code: 'invalid' },
      { status: 'applied' },
    ]);
    // Half past midnight in Montreal: the day has come.
    now = Date.UTC(2026, 10, 25, 5, 30);
    expect(await push(phone, [arrived(tomorrows)])).toMatchObject([{ status: 'applied' }]);
    expect((await held(tomorrows.id))?.data).toMatchObject({ status: 'arrived' });
  });

  it('a stale step backward is refused with the server’s copy; a later forward step from another phone is taken', async () => {
    const phone = testDevice({ now: clock });
    const tablet = testDevice({ now: clock });
    // The tablet moved offline first; the phone's later "in session" reached the server first.
    const stale = tablet.change('visit', todays.id, 'update', { status: 'en_route' });
    const forward = tablet.change('visit', todays.id, 'update', { status: 'completed' });
    expect(await push(phone, [phone.change('visit', todays.id, 'update', { status: 'in_session' })])).toMatchObject([{ status: 'applied' }]);
    const [refused, taken] = await push(tablet, [stale, forward]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'invalid', current: { data: { status: 'in_session' } } });
    expect(taken).toMatchObject({ status: 'applied' });
    const visit = await held(todays.id);
    expect(visit?.data).toMatchObject({ status: 'completed' });
  });
});
