import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDateIn, shiftDate } from '../../shared/calendar';
import type { Receipt, ReceiptChoices } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import type { Mutation, PushResult } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

// Every clock reads this one time: the server's, the office's, the phones'. Noon in Montreal.
let now = Date.UTC(2026, 10, 24, 17, 0);
const clock = () => now;
const office = testClock(clock);
let server: TestServer;
const camille = aTherapist({
  email: 'camille@example.com',
  name: 'Camille Tremblay',
  association: 'Association des massothérapeutes',
  memberNumber: 'AM-1234',
  gstNumber: '123456789 RT0001',
  qstNumber: '1234567890 TQ0001',
});
const sam = aTherapist({ email: 'sam@example.com', name: 'Sam Roy', association: 'Autre association', memberNumber: 'X-999' });
const client = aClient({
  firstName: 'Marie-Ève',
  lastName: 'Gagnon',
  address: { street: '3245 rue Masson', unit: '2', city: 'Montréal', postalCode: 'H1Y 1X9', neighbourhood: 'Rosemont', lat: 45.55, lng: -73.57 },
});
const today = calendarDateIn(new Date(now));
const completed = (position: number, extra: Parameters<typeof aVisit>[2] = {}) =>
  aVisit(camille.id, client.id, { date: today, routePosition: position, status: 'completed', service: 'therapeutic', durationMin: 75, windowStart: '10:00', windowEnd: '10:30', ...extra });
const done = [1, 2, 3, 4, 5].map((position) => completed(position));
// The session started at 09:05 in Montreal (14:05 UTC).
const startedAt = completed(6, { statusTimes: { in_session: `${today}T14:05:00.000Z`, completed: `${today}T15:20:00.000Z` } });
const scheduled = aVisit(camille.id, client.id, { date: today, routePosition: 7 });
const inSession = aVisit(camille.id, client.id, { date: today, routePosition: 8, status: 'in_session' });
const noShow = aVisit(camille.id, client.id, { date: today, routePosition: 9, status: 'no_show', statusReason: 'Not home' });
const cancelled = aVisit(camille.id, client.id, { date: today, routePosition: 10, status: 'cancelled', statusReason: 'Sick' });
// The office marked tomorrow's visit completed by mistake: no receipt for care not yet given.
const tomorrowDone = completed(11, { date: shiftDate(today, 1) });
const samsDone = aVisit(sam.id, client.id, { date: today, routePosition: 12, status: 'completed' });
const cookies: Record<string, string> = {};

const choices = (visitId: string, overrides: Partial<ReceiptChoices> = {}): ReceiptChoices => ({
  visitId,
  amountCents: 9500,
  paymentMethod: 'interac',
  language: 'fr',
  recipientName: '',
  ...overrides,
});

/** A whole receipt as an older app sends it, every composed field forged. */
function forged(visitId: string): Receipt {
  return {
    id: uuidv7(),
    ...choices(visitId),
    clientId: uuidv7(),
    therapistId: camille.id,
    number: 42,
    issuedAt: '2020-01-01T12:00:00.000Z',
    therapistName: sam.name,
    association: sam.association,
    memberNumber: sam.memberNumber,
    clientName: 'Someone Else',
    serviceDate: '2020-01-01',
    startTime: '03:00',
    durationMin: 300,
    service: 'sports',
    careAddress: '1 rue Ailleurs, Laval',
    gstCents: 12345,
    qstCents: 1,
    gstNumber: 'FORGED GST',
    qstNumber: 'FORGED QST',
    signature: sam.name,
    firstPrintedAt: '2020-01-01T12:00:00.000Z',
  };
}

function device() {
  const inner = testDevice({ now: clock });
  return {
    deviceId: inner.deviceId,
    issue: (fields: object, id = uuidv7()) => inner.change('receipt', id, 'create', { ...fields }),
    update: (id: string, fields: Record<string, unknown>) => inner.change('receipt', id, 'update', fields),
  };
}

async function push(who: string, deviceId: string, mutations: Mutation[], protocolVersion?: number): Promise<PushResult[]> {
  return (await pushAs(server.url, cookies[who]!, deviceId, mutations, now, protocolVersion)).body.results;
}

async function receipts(who: string) {
  const page = await pullAs(server.url, cookies[who]!);
  return page.records.flatMap((record) => (record.entity === 'receipt' && !record.deleted ? [{ data: record.data, hlc: record.hlc as Record<string, string> }] : []));
}
const receiptOf = async (visitId: string) => (await receipts('camille')).find((entry) => entry.data.visitId === visitId);

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(now) });
  const hash = await testPasswordHash();
  await server.store.createTherapist(camille, hash, office.tick());
  await server.store.createTherapist(sam, hash, office.tick());
  await server.store.putClient(client, office.tick());
  for (const visit of [...done, startedAt, scheduled, inSession, noShow, cancelled, tomorrowDone, samsDone]) await server.store.putVisit(visit, office.tick());
  cookies.camille = await server.signIn(camille.email, 'correct horse');
  cookies.sam = await server.signIn(sam.email, 'correct horse');
});
afterAll(() => server.close());

describe('receipts', () => {
  it('are numbered by the server, in order, per therapist, even from two devices', async () => {
    const phone = device();
    const tablet = device();
    await push('camille', phone.deviceId, [phone.issue(choices(done[0]!.id))]);
    await push('camille', tablet.deviceId, [tablet.issue(choices(done[1]!.id))]);
    await push('sam', tablet.deviceId, [tablet.issue(choices(samsDone.id))]);
    expect((await receipts('camille')).map((entry) => entry.data.number).sort()).toEqual([1, 2]);
    expect((await receipts('sam')).map((entry) => entry.data.number)).toEqual([1]);
  });

  it('are refused for a visit not completed, not yet given, not yours, or already receipted; no number is spent', async () => {
    const phone = device();
    const results = await push('camille', phone.deviceId, [
      phone.issue(choices(scheduled.id)),
      phone.issue(choices(inSession.id)),
      phone.issue(choices(noShow.id)),
      phone.issue(choices(cancelled.id)),
      phone.issue(choices(tomorrowDone.id)),
      phone.issue(choices(samsDone.id)),
      phone.issue(choices(uuidv7())),
      phone.issue(choices(done[0]!.id)),
      phone.issue(choices(done[2]!.id, { amountCents: 0 })),
    ]);
    expect(results).toMatchObject([
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/only for a completed visit/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/only for a completed visit/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/no-show/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/cancellation/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/care not yet given/) },
      { status: 'rejected', code: 'forbidden', reason: 'A receipt must belong to one of your visits.' },
      // Another therapist's visit and no visit at all: the same answer.
      { status: 'rejected', code: 'forbidden', reason: 'A receipt must belong to one of your visits.' },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/already has a receipt/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/amountCents/) },
    ]);
    expect(results.every((result) => !('current' in result))).toBe(true);
    await push('camille', phone.deviceId, [phone.issue(choices(done[2]!.id))]);
    expect((await receiptOf(done[2]!.id))?.data.number).toBe(3);
  });

  it('are composed by the server from its own records: a forged date, duration, therapist, member number or taxes never stick', async () => {
    const phone = device();
    const sent = forged(startedAt.id);
    // An older app sends the whole receipt; protocol 2 could add the same fields: both are ignored.
    const v1 = phone.issue(sent, sent.id);
    const withExtras = phone.issue({ ...forged(done[3]!.id), recipientName: '  Jean Gagnon ' });
    expect(await push('camille', phone.deviceId, [v1], 1)).toMatchObject([{ status: 'applied' }]);
    now += 60_000;
    expect(await push('camille', phone.deviceId, [withExtras])).toMatchObject([{ status: 'applied' }]);

    const stored = (await receiptOf(startedAt.id))!;
    expect(stored.data).toEqual({
      id: sent.id,
      visitId: startedAt.id,
      clientId: client.id,
      therapistId: camille.id,
      number: 4,
      issuedAt: new Date(now - 60_000).toISOString(),
      language: 'fr',
      therapistName: 'Camille Tremblay',
      association: 'Association des massothérapeutes',
      memberNumber: 'AM-1234',
      clientName: 'Marie-Ève Gagnon',
      serviceDate: today,
      startTime: '09:05',
      durationMin: 75,
      service: 'therapeutic',
      careAddress: '3245 rue Masson, app. 2, Montréal (Québec) H1Y 1X9',
      amountCents: 9500,
      gstCents: 475,
      qstCents: 948,
      gstNumber: '123456789 RT0001',
      qstNumber: '1234567890 TQ0001',
      paymentMethod: 'interac',
      recipientName: '',
      signature: 'Camille Tremblay',
      firstPrintedAt: null,
    });
    // What the server composed is stamped after the device's create, so the device takes it on its next pull.
    for (const field of ['therapistName', 'memberNumber', 'serviceDate', 'durationMin', 'gstCents', 'issuedAt', 'number']) {
      expect(stored.hlc[field]! > v1.hlc, field).toBe(true);
    }
    expect(stored.hlc.amountCents).toBe(v1.hlc);

    // No session start recorded: the booked window's start. The recipient is the therapist's choice.
    expect((await receiptOf(done[3]!.id))?.data).toMatchObject({ startTime: '10:00', recipientName: 'Jean Gagnon', number: 5, durationMin: 75 });
  });

  it('carry taxes only for a therapist registered for them, whatever the device says', async () => {
    const samsOwn = aVisit(sam.id, client.id, { date: today, routePosition: 13, status: 'completed' });
    await server.store.putVisit(samsOwn, office.tick());
    const tablet = device();
    await push('sam', tablet.deviceId, [tablet.issue({ ...forged(samsOwn.id), gstCents: 475, qstCents: 948, gstNumber: '1', qstNumber: '2' })], 1);
    const stored = (await receipts('sam')).find((entry) => entry.data.visitId === samsOwn.id)!;
    expect(stored.data).toMatchObject({ therapistName: 'Sam Roy', memberNumber: 'X-999', gstCents: 0, qstCents: 0, gstNumber: '', qstNumber: '', number: 2 });
  });

  it("answer a create under another therapist's receipt id as an update of a receipt that does not exist", async () => {
    const [samsReceipt] = await receipts('sam');
    const phone = device();
    const [collision, nothing] = await push('camille', phone.deviceId, [phone.issue(choices(done[4]!.id), samsReceipt!.data.id), phone.update(uuidv7(), { firstPrintedAt: new Date(now).toISOString() })]);
    expect(collision).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect({ ...collision, mutationId: 0 }).toEqual({ ...nothing, mutationId: 0 });
  });

  it('record only their first print; nothing else on them changes', async () => {
    const phone = device();
    const [first] = await receipts('camille');
    expect((await push('camille', phone.deviceId, [phone.update(first!.data.id, { firstPrintedAt: new Date(now).toISOString() })]))[0]!.status).toBe('applied');
    for (const fields of [{ amountCents: 1 }, { durationMin: 300 }, { memberNumber: 'X-999' }, { number: 99 }]) {
      expect((await push('camille', phone.deviceId, [phone.update(first!.data.id, fields)]))[0], JSON.stringify(fields)).toMatchObject({ status: 'rejected', code: 'read_only' });
    }
  });

  it('keep the earliest first print ever recorded, whatever the stamps, and every device adopts it', async () => {
    const phone = device();
    const tablet = device();
    const target = (await receiptOf(done[1]!.id))!.data;
    const nine = new Date(now - 60 * 60_000).toISOString();
    const ten = new Date(now).toISOString();
    // The phone printed first, offline; the tablet printed later and syncs first, with the newer stamp.
    const phonePrint = phone.update(target.id, { firstPrintedAt: nine });
    now += 5;
    const tabletPrint = tablet.update(target.id, { firstPrintedAt: ten });
    expect((await push('camille', tablet.deviceId, [tabletPrint]))[0]!.status).toBe('applied');
    expect((await push('camille', phone.deviceId, [phonePrint]))[0]!.status).toBe('applied');
    expect((await receiptOf(done[1]!.id))!.data.firstPrintedAt).toBe(nine);

    // A later print from a newer stamp does not replace it; the server re-stamps its value after that print.
    now += 60_000;
    const reprint = tablet.update(target.id, { firstPrintedAt: new Date(now).toISOString() });
    expect((await push('camille', tablet.deviceId, [reprint]))[0]!.status).toBe('applied');
    const record = (await receiptOf(done[1]!.id))!;
    expect(record.data.firstPrintedAt).toBe(nine);
    expect(record.hlc.firstPrintedAt! > reprint.hlc).toBe(true);
  });
});
