import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_CONTENT_FIELDS } from '../../shared/editable-fields';
import { uuidv7 } from '../../shared/ids';
import { sessionRecordIdFor } from '../../shared/record-ids';
import type { Mutation, PullResponse, PushResult } from '../../shared/protocol';
import type { SessionRecord } from '../../shared/domain';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { pullAs, pushAs, testDevice } from '../testing/sync-device';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

const office = testClock();
let server: TestServer;
const camille = aTherapist({ email: 'camille@example.com' });
const sam = aTherapist({ email: 'sam@example.com' });
const outsider = aTherapist({ email: 'outsider@example.com' });
const client = aClient();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
const camillesVisit = aVisit(camille.id, client.id, { date: today });
const samsVisit = aVisit(sam.id, client.id, { date: today, routePosition: 2 });
// One session record per visit: each test writes about a visit of its own.
const moreVisits = [3, 4, 5, 6].map((routePosition) => aVisit(camille.id, client.id, { date: today, routePosition }));
const cookies: Record<string, string> = {};

function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const visitId = overrides.visitId ?? camillesVisit.id;
  return {
    id: sessionRecordIdFor(visitId),
    visitId,
    clientId: client.id,
    therapistId: camille.id,
    createdAt: new Date().toISOString(),
    subjective: 'Lower back pain since Monday',
    objective: '',
    assessment: '',
    plan: '',
    painBefore: 6,
    painAfter: null,
    techniques: ['swedish'],
    pressure: 'medium',
    durationMin: 60,
    products: '',
    clientResponse: '',
    homeCare: '',
    nextVisit: '',
    bodyChart: { 'back:lower-back': 'pain' },
    signedAt: null,
    signedBy: '',
    ...overrides,
  };
}

const device = testDevice;

async function push(who: string, deviceId: string, mutations: Mutation[]): Promise<PushResult[]> {
  return (await pushAs(server.url, cookies[who]!, deviceId, mutations)).body.results;
}

async function pull(who: string): Promise<PullResponse> {
  return pullAs(server.url, cookies[who]!);
}

/** The server's copy of a session record, as a device holds it after a pull. */
async function stored(who: string, id: string) {
  const record = (await pull(who)).records.find((entry) => entry.entity === 'sessionRecord' && entry.id === id);
  if (!record || record.deleted) throw new Error(`no session record ${id}`);
  return { data: record.data as SessionRecord, hlc: record.hlc as Record<string, string> };
}

/** The bases of a signature: the HLC of every signed field as the signer sees it now. */
async function seen(who: string, id: string): Promise<Record<string, string>> {
  const { hlc } = await stored(who, id);
  return Object.fromEntries(SIGNED_CONTENT_FIELDS.map((field) => [field, hlc[field]!]));
}

beforeAll(async () => {
  server = await startTestServer();
  const hash = await testPasswordHash();
  for (const therapist of [camille, sam, outsider]) await server.store.createTherapist(therapist, hash, office.tick());
  await server.store.putClient(client, office.tick());
  await server.store.putVisit(camillesVisit, office.tick());
  await server.store.putVisit(samsVisit, office.tick());
  for (const visit of moreVisits) await server.store.putVisit(visit, office.tick());
  for (const [who, email] of [['camille', camille.email], ['sam', sam.email], ['outsider', outsider.email]] as const) {
    cookies[who] = await server.signIn(email, 'correct horse');
  }
});
afterAll(() => server.close());

describe('clinical records', () => {
  it('are created for one of your visits, and refused for another therapist’s visit or in another name', async () => {
    const phone = device();
    const mine = sessionRecord();
    const onSamsVisit = sessionRecord({ visitId: samsVisit.id });
    const inSamsName = sessionRecord({ therapistId: sam.id });
    const results = await push('camille', phone.deviceId, [
      phone.change('sessionRecord', mine.id, 'create', mine),
      phone.change('sessionRecord', onSamsVisit.id, 'create', onSamsVisit),
      phone.change('sessionRecord', inSamsName.id, 'create', inSamsName),
      phone.change('visit', uuidv7(), 'create', {}),
    ]);
    expect(results.map((result) => (result.status === 'rejected' ? result.code : result.status))).toEqual(['applied', 'forbidden', 'forbidden', 'read_only']);
  });

  it('a signed record refuses every later edit, and takes amendments instead', async () => {
    const phone = device();
    const record = sessionRecord({ visitId: moreVisits[0]!.id });
    const signedAt = new Date().toISOString();
    expect(
      (await push('camille', phone.deviceId, [
        phone.change('sessionRecord', record.id, 'create', record),
        phone.change('sessionRecord', record.id, 'update', { plan: 'Two more sessions' }),
      ])).map((result) => result.status),
    ).toEqual(['applied', 'applied']);

    const early = { id: uuidv7(), recordId: record.id, clientId: client.id, therapistId: camille.id, createdAt: signedAt, reason: 'typo', text: 'fix' };
    expect((await push('camille', phone.deviceId, [phone.change('amendment', early.id, 'create', early)]))[0]).toMatchObject({ status: 'rejected', code: 'invalid' });

    const [signature] = await push('camille', phone.deviceId, [
      phone.change('sessionRecord', record.id, 'update', { signedAt, signedBy: 'Camille Tremblay' }, await seen('camille', record.id)),
    ]);
    expect(signature!.status).toBe('applied');
    const [refused] = await push('camille', phone.deviceId, [phone.change('sessionRecord', record.id, 'update', { subjective: 'changed after signing' })]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'read_only', reason: expect.stringMatching(/signed.*amendment/) });
    expect(refused).toHaveProperty('current.data.subjective', 'Lower back pain since Monday');

    const amendment = { ...early, id: uuidv7(), reason: 'Pain after was not noted', text: 'Pain after: 2/10' };
    expect((await push('camille', phone.deviceId, [phone.change('amendment', amendment.id, 'create', amendment)]))[0]!.status).toBe('applied');
    // Amendments are never edited.
    expect((await push('camille', phone.deviceId, [phone.change('amendment', amendment.id, 'update', { text: 'edited' })]))[0]).toMatchObject({ status: 'rejected', code: 'read_only' });
  });

  it('reach the therapists who visit the client, and nobody else', async () => {
    const ids = (page: PullResponse) => page.records.filter((record) => record.entity === 'sessionRecord').map((record) => record.id);
    const camilles = ids(await pull('camille'));
    expect(camilles.length).toBeGreaterThanOrEqual(2);
    expect(ids(await pull('sam')).sort()).toEqual([...camilles].sort());
    expect((await pull('outsider')).records.filter((record) => record.entity !== 'therapist')).toEqual([]);
  });

  it('started offline on two phones for the same visit, are one record: the second create merges, the other text kept as a conflict', async () => {
    const visit = moreVisits[1]!;
    const phone = device();
    const tablet = device();
    const fromTablet = tablet.change('sessionRecord', sessionRecordIdFor(visit.id), 'create', sessionRecord({ visitId: visit.id, subjective: 'Tablet: stiff neck' }));
    await new Promise((resolve) => setTimeout(resolve, 5)); // the phone's create is clearly the newer
    const fromPhone = phone.change('sessionRecord', sessionRecordIdFor(visit.id), 'create', sessionRecord({ visitId: visit.id, subjective: 'Phone: sore neck', plan: 'Heat' }));
    expect((await push('camille', tablet.deviceId, [fromTablet]))[0]!.status).toBe('applied');
    expect((await push('camille', phone.deviceId, [fromPhone]))[0]!.status).toBe('applied');

    const page = await pull('camille');
    const records = page.records.filter((record) => record.entity === 'sessionRecord' && !record.deleted && record.data.visitId === visit.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ data: { subjective: 'Phone: sore neck', plan: 'Heat' } });
    const conflicts = page.records.filter((record) => record.entity === 'conflict' && !record.deleted && record.data.recordId === records[0]!.id);
    expect(conflicts).toMatchObject([{ data: { field: 'subjective', keptValue: 'Tablet: stiff neck', winningValue: 'Phone: sore neck' } }]);
  });

  it('a signature over text that changed since the signer read it is refused stale, with the newer text; signed again, it holds', async () => {
    const visit = moreVisits[2]!;
    const phone = device();
    const tablet = device();
    const record = sessionRecord({ visitId: visit.id });
    await push('camille', phone.deviceId, [phone.change('sessionRecord', record.id, 'create', record)]);
    const whatThePhoneShows = await seen('camille', record.id);
    await push('camille', tablet.deviceId, [tablet.change('sessionRecord', record.id, 'update', { plan: 'Refer to a physiotherapist' }, { plan: whatThePhoneShows.plan! })]);

    const signature = { signedAt: new Date().toISOString(), signedBy: 'Camille Tremblay' };
    const [refused] = await push('camille', phone.deviceId, [phone.change('sessionRecord', record.id, 'update', signature, whatThePhoneShows)]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'stale', reason: expect.stringMatching(/changed since you saw it \(plan\)/) });
    expect(refused).toHaveProperty('current.data.plan', 'Refer to a physiotherapist');
    expect((await stored('camille', record.id)).data.signedAt).toBeNull();

    const [signed] = await push('camille', phone.deviceId, [phone.change('sessionRecord', record.id, 'update', signature, await seen('camille', record.id))]);
    expect(signed!.status).toBe('applied');
    expect((await stored('camille', record.id)).data).toMatchObject({ ...signature, plan: 'Refer to a physiotherapist' });
  });

  it('from a protocol-1 app, take any id while the visit has none, and refuse a second one', async () => {
    const visit = moreVisits[3]!;
    const phone = device();
    const first = sessionRecord({ visitId: visit.id, id: uuidv7() });
    const second = sessionRecord({ visitId: visit.id, id: uuidv7() });
    const { body } = await pushAs(server.url, cookies.camille!, phone.deviceId, [
      phone.change('sessionRecord', first.id, 'create', first),
      phone.change('sessionRecord', second.id, 'create', second),
    ], Date.now(), 1);
    expect(body.results).toMatchObject([
      { status: 'applied' },
      { status: 'rejected', code: 'invalid', reason: 'This visit already has a session record.' },
    ]);
  });
});
