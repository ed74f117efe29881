import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHlcClock, deviceTabNode } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { startTestServer, testPasswordHash, type TestServer } from '../testing/test-server';

let clock = new Date('2026-11-24T15:00:00Z');
let server: TestServer;
// One fake time for every clock in this file: the server's, the office's writes and the device's.
const office = testClock(() => clock.getTime());
const therapist = aTherapist({ email: 'camille@example.com', name: 'Camille Tremblay' });
const desk = aTherapist({ email: 'office@example.com', name: 'Bureau' });
const client = aClient({ firstName: 'Linda', lastName: 'Nguyen' });
const visit = aVisit(therapist.id, client.id, { date: '2026-11-24', durationMin: 60, therapistNote: 'clinical detail' });

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  const hash = await testPasswordHash();
  await server.store.createTherapist(therapist, hash, office.tick());
  await server.store.createTherapist(desk, hash, office.tick(), 'office');
  await server.store.putClient(client, office.tick());
  await server.store.putVisit(visit, office.tick());
});
afterAll(() => server.close());

async function overdue(cookie: string, query = '') {
  const response = await fetch(`${server.url}/api/office/overdue${query}`, { headers: { cookie } });
  return { status: response.status, body: await response.json() };
}

describe('office safety view', () => {
  it('is for office accounts only', async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    expect((await overdue(cookie)).status).toBe(403);
    expect((await fetch(`${server.url}/api/office/overdue`)).status).toBe(401);
  });

  it('lists a session past its end with who and where, and nothing clinical', async () => {
    const therapistCookie = await server.signIn('camille@example.com', 'correct horse');
    // The therapist acts a minute after the office booked the visit.
    clock = new Date(clock.getTime() + 60_000);
    const deviceId = uuidv7();
    // The device's clock is the same fake clock as the server's: a test that moves one moves both.
    const device = createHlcClock(deviceTabNode(deviceId, 1), { now: () => clock.getTime() });
    const started = new Date(clock.getTime() - 10 * 60_000).toISOString();
    const pushed = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: therapistCookie },
      body: JSON.stringify({
        protocolVersion: PROTOCOL_VERSION,
        deviceId,
        deviceTime: clock.getTime(),
        mutations: [{ mutationId: 1, entity: 'visit', id: visit.id, op: 'update', fields: { status: 'in_session', statusTimes: { in_session: started } }, hlc: device.tick(), base: {} }],
      }),
    });
    expect(await pushed.json()).toMatchObject({ results: [{ status: 'applied' }] });
    const cookie = await server.signIn('office@example.com', 'correct horse');
    expect((await overdue(cookie)).body.overdue).toEqual([]);

    // Started 14:51, 60 min, 15 min margin: due 16:06; at 16:31 it is 25 min overdue.
    clock = new Date(clock.getTime() + 90 * 60_000);
    const { status, body } = await overdue(cookie);
    expect(status).toBe(200);
    expect(body.overdue).toEqual([
      expect.objectContaining({ visitId: visit.id, therapist: { id: therapist.id, name: 'Camille Tremblay' }, client: 'Linda Nguyen', status: 'in_session', minutesOverdue: 25 }),
    ]);
    expect(JSON.stringify(body)).not.toContain('clinical detail');
    expect((await overdue(cookie, '?margin=soon')).status).toBe(400);
  });
});
