import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankIntakeAnswers, type Intake, type Receipt } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION, type Mutation } from '../../shared/protocol';
import { aSessionRecord } from '../../shared/testing/fixtures';
import { REFUSED_COPIES_KEEP, REFUSED_COPY_MAX_BYTES } from '../store/refused-copy';
import { startOneVisitDay, type OneVisitDay } from '../testing/one-visit-day';
import { pushAs, testDevice } from '../testing/sync-device';

/**
 * Pushes an attacker crafts with a valid session: each bad change is refused
 * alone, with a reason; what is stored is only what passed validation; and
 * what the log keeps of refusals stays small.
 */
let day: OneVisitDay;
const ARRIVED = '2026-11-24T14:05:00.000Z';

beforeAll(async () => {
  day = await startOneVisitDay();
});
afterAll(() => day.server.close());

function withFile<T>(use: (db: Database.Database) => T): T {
  const db = new Database(day.server.file, { readonly: true });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const storedVisit = () =>
  withFile((db) => JSON.parse(db.prepare<[string], { data: string }>(`SELECT data FROM visits WHERE id = ?`).get(day.visit.id)!.data) as Record<string, unknown>);

/** A device whose edits come after the office's (it has pulled the visit). */
function phone() {
  const device = testDevice();
  device.clock.receive(withFile((db) => JSON.parse(db.prepare<[string], { hlc: string }>(`SELECT hlc FROM visits WHERE id = ?`).get(day.visit.id)!.hlc).status as string));
  return device;
}

function anIntake(overrides: Partial<Intake> = {}): Intake {
  return {
    ...blankIntakeAnswers(),
    id: uuidv7(),
    clientId: day.client.id,
    therapistId: day.therapist.id,
    version: 1,
    createdAt: new Date().toISOString(),
    consent: { textVersion: 'v1', language: 'fr', signedName: 'Test Client', signedOn: '2026-11-24', signature: '' },
    ...overrides,
  };
}

describe("a visit's statusTimes", () => {
  it('with an unknown key holding 500 KB: the change is refused, nothing of it is stored', async () => {
    const device = phone();
    const before = storedVisit();
    const bloated = device.change('visit', day.visit.id, 'update', { status: 'en_route', statusTimes: { en_route: ARRIVED, junk: 'x'.repeat(500_000) } });
    const { status, body } = await pushAs(day.server.url, day.cookie, device.deviceId, [bloated]);
    expect(status).toBe(200);
    expect(body.results).toEqual([{ mutationId: bloated.mutationId, status: 'rejected', code: 'invalid', reason: expect.stringMatching(/statusTimes\.junk/), current: expect.anything() }]);
    expect(body.results[0]!.status === 'rejected' && body.results[0]!.reason.length).toBeLessThan(2100);
    expect(storedVisit()).toEqual(before);
  });

  it('with a __proto__ key: the push is refused 400 and nothing is stored', async () => {
    const device = phone();
    const before = storedVisit();
    const mutation = device.change('visit', day.visit.id, 'update', { status: 'en_route', statusTimes: { en_route: ARRIVED } });
    const text = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: device.deviceId, deviceTime: Date.now(), mutations: [mutation] }).replace(
      '"statusTimes":{',
      `"statusTimes":{"__proto__":"${'x'.repeat(1_900_000)}",`,
    );
    const response = await fetch(`${day.server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: day.cookie }, body: text });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_json', message: expect.stringContaining('mutations.0.fields.statusTimes.__proto__') });
    expect(storedVisit()).toEqual(before);
  });

  it('is stored as validated even when a __proto__ key gets past HTTP (the store is handed the parsed body)', async () => {
    const device = phone();
    // What JSON.parse makes of it: an own key named __proto__, which valibot's record skips.
    const statusTimes = JSON.parse(`{"__proto__": "${'x'.repeat(100_000)}", "en_route": "${ARRIVED}"}`) as Record<string, string>;
    const mutation: Mutation = device.change('visit', day.visit.id, 'update', { status: 'en_route', statusTimes });
    const results = await day.server.store.applyPush({
      therapistId: day.therapist.id,
      deviceId: device.deviceId,
      protocolVersion: PROTOCOL_VERSION,
      receivedAt: new Date(),
      mutations: [{ mutationId: mutation.mutationId, mutation }],
    });
    expect(results).toEqual([{ mutationId: mutation.mutationId, status: 'applied' }]);
    const stored = storedVisit();
    expect(stored.statusTimes).toEqual({ en_route: ARRIVED });
    expect(Object.keys(stored.statusTimes as object)).toEqual(['en_route']);
    expect(JSON.stringify(stored).length).toBeLessThan(1000);
  });
});

describe('a create under an id another kind of record holds', () => {
  it('an intake with the id of a session record is refused alone; the rest of the push applies', async () => {
    const device = phone();
    const record = aSessionRecord(day.visit);
    await pushAs(day.server.url, day.cookie, device.deviceId, [device.change('sessionRecord', record.id, 'create', record)]);

    const intake = anIntake({ id: record.id });
    const clash = device.change('intake', intake.id, 'create', intake);
    const note = device.change('visit', day.visit.id, 'update', { therapistNote: 'Buzzer 12' });
    const { status, body } = await pushAs(day.server.url, day.cookie, device.deviceId, [clash, note]);
    expect(status).toBe(200);
    expect(body.results).toEqual([
      { mutationId: clash.mutationId, status: 'rejected', code: 'invalid', reason: 'This id is already taken by another record; a new record needs an id of its own.' },
      { mutationId: note.mutationId, status: 'applied' },
    ]);
    expect(storedVisit().therapistNote).toBe('Buzzer 12');
    expect(withFile((db) => db.prepare<[string], { entity: string }>(`SELECT entity FROM clinical_records WHERE id = ?`).all(record.id))).toEqual([{ entity: 'sessionRecord' }]);
  });

  it('a receipt with the id of an intake, or of the visit itself, is refused too', async () => {
    const device = phone();
    const intake = anIntake();
    await pushAs(day.server.url, day.cookie, device.deviceId, [device.change('intake', intake.id, 'create', intake)]);
    const receipt = (id: string): Receipt => ({
      id,
      visitId: day.visit.id,
      clientId: day.client.id,
      therapistId: day.therapist.id,
      number: null,
      issuedAt: new Date().toISOString(),
      language: 'fr',
      recipientName: '',
      therapistName: 'Camille',
      association: 'Association test',
      memberNumber: 'T-1',
      clientName: 'Test Client',
      serviceDate: day.visit.date,
      startTime: '09:00',
      durationMin: 60,
      service: 'swedish',
      careAddress: '1 rue Test',
      amountCents: 9500,
      gstCents: 0,
      qstCents: 0,
      gstNumber: '',
      qstNumber: '',
      paymentMethod: 'interac',
      signature: 'Camille',
      firstPrintedAt: null,
    });
    const asIntake = device.change('receipt', intake.id, 'create', receipt(intake.id));
    const asVisit = device.change('receipt', day.visit.id, 'create', receipt(day.visit.id));
    const { body } = await pushAs(day.server.url, day.cookie, device.deviceId, [asIntake, asVisit]);
    expect(body.results).toEqual([
      expect.objectContaining({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/already taken/) }),
      expect.objectContaining({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/already taken/) }),
    ]);
    expect(withFile((db) => db.prepare(`SELECT count(*) AS n FROM receipts`).get())).toEqual({ n: 0 });
  });
});

describe('what a refusal sends back', () => {
  it("of an update, the server's copy of the fields it touched only: refused edits to a signed intake do not echo its signature", async () => {
    const device = phone();
    const signature = 'M 0 0 ' + 'C 1 2 3 4 5 6 '.repeat(10_000);
    const intake = anIntake({ consent: { textVersion: 'v1', language: 'fr', signedName: 'Test Client', signedOn: '2026-11-24', signature } });
    await pushAs(day.server.url, day.cookie, device.deviceId, [device.change('intake', intake.id, 'create', intake)]);
    const edits = Array.from({ length: 50 }, () => device.change('intake', intake.id, 'update', { medications: 'edited' }));

    const { body } = await pushAs(day.server.url, day.cookie, device.deviceId, edits);

    expect(body.results.every((result) => result.status === 'rejected' && result.code === 'read_only')).toBe(true);
    expect(body.results[0]).toMatchObject({ current: { data: { medications: intake.medications } } });
    expect(JSON.stringify(body).length).toBeLessThan(50 * 1024);
  });
});

describe('what the log keeps of refused changes', () => {
  it(`a copy of at most ${REFUSED_COPY_MAX_BYTES} bytes each, for the latest ${REFUSED_COPIES_KEEP} refusals of a therapist; every refusal keeps its reason`, async () => {
    // Three devices (a device id is anything a client sends), 60 refusals each, each change about 300 KB.
    const devices = [phone(), phone(), phone()];
    for (const device of devices) {
      const refused = Array.from({ length: 60 }, () => device.change('visit', day.visit.id, 'update', { officeNotes: 'y'.repeat(300_000) }));
      for (let at = 0; at < refused.length; at += 3) {
        const { body } = await pushAs(day.server.url, day.cookie, device.deviceId, refused.slice(at, at + 3));
        expect(body.results.every((result) => result.status === 'rejected' && result.code === 'read_only')).toBe(true);
      }
    }
    const rows = withFile((db) =>
      db
        .prepare<[string, string, string], { device: string; mutationId: number; copy: string | null; result: string }>(
          `SELECT device_id AS device, mutation_id AS mutationId, mutation AS copy, result FROM mutation_log
            WHERE device_id IN (?, ?, ?) AND status = 'rejected' ORDER BY received_at, mutation_id`,
        )
        .all(devices[0]!.deviceId, devices[1]!.deviceId, devices[2]!.deviceId),
    );
    expect(rows).toHaveLength(180);
    expect(rows.every((row) => JSON.parse(row.result).code === 'read_only')).toBe(true);
    const kept = rows.filter((row) => row.copy !== null);
    expect(kept).toHaveLength(REFUSED_COPIES_KEEP);
    // The latest ones: the last device's 60 and the 40 before them.
    expect(kept).toEqual(rows.slice(-REFUSED_COPIES_KEEP));
    for (const row of kept) {
      expect(Buffer.byteLength(row.copy!)).toBeLessThanOrEqual(REFUSED_COPY_MAX_BYTES);
      const copy = JSON.parse(row.copy!) as { truncated: boolean; bytes: number; start: string };
      expect(copy.truncated).toBe(true);
      expect(copy.bytes).toBeGreaterThan(300_000);
      expect(copy.start).toContain(`"mutationId":${row.mutationId}`);
    }
    // The log keeps no server copy in a result (it can be large, and is stale by a resend), only that there was one.
    const first = rows[0]!;
    const { showsCurrent, ...answer } = JSON.parse(first.result) as Record<string, unknown>;
    expect(showsCurrent).toBe(true);
    expect(answer).not.toHaveProperty('current');
    // A resend still gets its refusal, copy or not, with the server's copy of the fields it touched as it is now.
    const device = devices.find((candidate) => candidate.deviceId === first.device)!;
    const resend = { mutationId: first.mutationId, entity: 'visit', id: day.visit.id, op: 'update', fields: { officeNotes: 'y' }, hlc: device.clock.tick(), base: {} };
    expect((await pushAs(day.server.url, day.cookie, device.deviceId, [resend])).body.results).toEqual([
      { ...answer, current: { data: { officeNotes: day.visit.officeNotes }, hlc: { officeNotes: expect.any(String) } } },
    ]);
  }, 60_000);
});
