import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import type { Mutation, PushResult } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

const office = testClock();
let server: TestServer;
const camille = aTherapist({ email: 'camille@example.com', association: 'Association test', memberNumber: 'T-1' });
const sam = aTherapist({ email: 'sam@example.com' });
const client = aClient();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
const done = [1, 2, 3].map((position) => aVisit(camille.id, client.id, { date: today, routePosition: position, status: 'completed' }));
const noShow = aVisit(camille.id, client.id, { date: today, routePosition: 4, status: 'no_show', statusReason: 'Not home' });
const samsDone = aVisit(sam.id, client.id, { date: today, routePosition: 5, status: 'completed' });
const cookies: Record<string, string> = {};

function receipt(visitId: string, therapistId = camille.id): Receipt {
  return {
    id: uuidv7(),
    visitId,
    clientId: client.id,
    therapistId,
    number: null,
    issuedAt: new Date().toISOString(),
    language: 'fr',
    therapistName: 'Camille Tremblay',
    association: 'Association test',
    memberNumber: 'T-1',
    clientName: 'Test Client',
    serviceDate: today,
    startTime: '09:00',
    durationMin: 60,
    service: 'swedish',
    careAddress: '1 rue Test, Montréal',
    amountCents: 9500,
    gstCents: 0,
    qstCents: 0,
    gstNumber: '',
    qstNumber: '',
    paymentMethod: 'interac',
    signature: 'Camille Tremblay',
    firstPrintedAt: null,
  };
}

function device() {
  const inner = testDevice();
  return {
    deviceId: inner.deviceId,
    create: (value: Receipt) => inner.change('receipt', value.id, 'create', value),
    update: (id: string, fields: Record<string, unknown>) => inner.change('receipt', id, 'update', fields),
  };
}

async function push(who: string, deviceId: string, mutations: Mutation[]): Promise<PushResult[]> {
  return (await pushAs(server.url, cookies[who]!, deviceId, mutations)).body.results;
}

async function receipts(who: string): Promise<Receipt[]> {
  const page = await pullAs(server.url, cookies[who]!);
  return page.records.flatMap((record) => (record.entity === 'receipt' && !record.deleted ? [record.data] : []));
}

beforeAll(async () => {
  server = await startTestServer();
  const hash = await testPasswordHash();
  await server.store.createTherapist(camille, hash, office.tick());
  await server.store.createTherapist(sam, hash, office.tick());
  await server.store.putClient(client, office.tick());
  for (const visit of [...done, noShow, samsDone]) await server.store.putVisit(visit, office.tick());
  cookies.camille = await server.signIn(camille.email, 'correct horse');
  cookies.sam = await server.signIn(sam.email, 'correct horse');
});
afterAll(() => server.close());

describe('receipts', () => {
  it('are numbered by the server, in order, per therapist, even from two devices', async () => {
    const phone = device();
    const tablet = device();
    await push('camille', phone.deviceId, [phone.create(receipt(done[0]!.id))]);
    await push('camille', tablet.deviceId, [tablet.create(receipt(done[1]!.id))]);
    await push('camille', phone.deviceId, [phone.create(receipt(done[2]!.id))]);
    await push('sam', tablet.deviceId, [tablet.create(receipt(samsDone.id, sam.id))]);
    expect((await receipts('camille')).map((entry) => entry.number).sort()).toEqual([1, 2, 3]);
    expect((await receipts('sam')).map((entry) => entry.number)).toEqual([1]);
  });

  it('are never issued for a no-show, twice for a visit, or with a required field missing', async () => {
    const phone = device();
    const results = await push('camille', phone.deviceId, [
      phone.create(receipt(noShow.id)),
      phone.create(receipt(done[0]!.id)),
      phone.create({ ...receipt(done[1]!.id), memberNumber: '' }),
    ]);
    expect(results).toMatchObject([
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/no-show/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/already has a receipt/) },
      { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/member number/) },
    ]);
  });

  it('record only their first print; nothing else on them changes', async () => {
    const phone = device();
    const [first] = await receipts('camille');
    expect((await push('camille', phone.deviceId, [phone.update(first!.id, { firstPrintedAt: new Date().toISOString() })]))[0]!.status).toBe('applied');
    expect((await push('camille', phone.deviceId, [phone.update(first!.id, { amountCents: 1 })]))[0]).toMatchObject({ status: 'rejected', code: 'read_only' });
  });

  it('keep the earliest first print ever recorded, whatever the stamps, and every device adopts it', async () => {
    const phone = device();
    const tablet = device();
    const target = (await receipts('camille')).find((entry) => entry.visitId === done[1]!.id)!;
    const nine = new Date(Date.now() - 60 * 60_000).toISOString();
    const ten = new Date().toISOString();
    // The phone printed first, offline; the tablet printed later and syncs first, with the newer stamp.
    const phonePrint = phone.update(target.id, { firstPrintedAt: nine });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const tabletPrint = tablet.update(target.id, { firstPrintedAt: ten });
    expect((await push('camille', tablet.deviceId, [tabletPrint]))[0]!.status).toBe('applied');
    expect((await push('camille', phone.deviceId, [phonePrint]))[0]!.status).toBe('applied');
    expect((await receipts('camille')).find((entry) => entry.id === target.id)!.firstPrintedAt).toBe(nine);

    // A later print from a newer stamp does not replace it; the server re-stamps its value after that print.
    const reprint = tablet.update(target.id, { firstPrintedAt: new Date().toISOString() });
    expect((await push('camille', tablet.deviceId, [reprint]))[0]!.status).toBe('applied');
    const page = await pullAs(server.url, cookies.camille!);
    const record = page.records.find((entry) => entry.id === target.id);
    expect(record).toMatchObject({ data: { firstPrintedAt: nine } });
    expect(record && !record.deleted && (record.hlc as Record<string, string>).firstPrintedAt! > reprint.hlc).toBe(true);
  });
});
