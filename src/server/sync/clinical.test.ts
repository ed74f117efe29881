import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
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
const cookies: Record<string, string> = {};

function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: uuidv7(),
    visitId: camillesVisit.id,
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

beforeAll(async () => {
  server = await startTestServer();
  const hash = await testPasswordHash();
  for (const therapist of [camille, sam, outsider]) await server.store.createTherapist(therapist, hash, office.tick());
  await server.store.putClient(client, office.tick());
  await server.store.putVisit(camillesVisit, office.tick());
  await server.store.putVisit(samsVisit, office.tick());
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
    const record = sessionRecord();
    const signedAt = new Date().toISOString();
    expect(
      (await push('camille', phone.deviceId, [
        phone.change('sessionRecord', record.id, 'create', record),
        phone.change('sessionRecord', record.id, 'update', { plan: 'Two more sessions' }),
      ])).map((result) => result.status),
    ).toEqual(['applied', 'applied']);

    const early = { id: uuidv7(), recordId: record.id, clientId: client.id, therapistId: camille.id, createdAt: signedAt, reason: 'typo', text: 'fix' };
    expect((await push('camille', phone.deviceId, [phone.change('amendment', early.id, 'create', early)]))[0]).toMatchObject({ status: 'rejected', code: 'invalid' });

    await push('camille', phone.deviceId, [phone.change('sessionRecord', record.id, 'update', { signedAt, signedBy: 'Camille Tremblay' })]);
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
});
