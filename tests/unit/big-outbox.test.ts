/**
 * A big outbox: a week of intakes, each with a drawn signature kept as a PNG,
 * filled in where there was no signal. Pushes are bounded in bytes so that
 * no request exceeds what the server takes; a 413 halves the batch and is
 * never retried as it was; what can never be sent is refused on the device
 * with its content kept.
 */
import 'fake-indexeddb/auto';
import { crc32, deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCodec } from '../../src/client/data/codec';
import { deleteTherapistDb, openTherapistDb, type Db } from '../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../src/client/data/device';
import { ChangeTooLargeError, writeChanges, type DeviceClock } from '../../src/client/data/local-write';
import { pushAll } from '../../src/client/sync/push';
import type { Transport } from '../../src/client/sync/api-client';
import { MAX_BODY_BYTES } from '../../src/shared/api';
import { blankIntakeAnswers, type Intake } from '../../src/shared/domain';
import { uuidv7 } from '../../src/shared/ids';
import { MAX_MUTATION_BYTES, PUSH_BATCH_MAX_BYTES, mutationBytes } from '../../src/shared/protocol';
import { seededRandom } from '../../src/shared/testing/random-day';
import { inProcessServer, type InProcessServer, type SeenRequest } from './support/in-process-server';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real PNG data URL of about 30 KB, as a scanned or canvas-exported
 * signature is: 8-bit greyscale, noisy enough that it does not compress.
 */
function signaturePng(seed: number): string {
  const width = 150;
  const height = 150;
  // The same "ink" for the same seed.
  const random = seededRandom(seed);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width + 1);
    for (let x = 1; x <= width; x++) row[x] = Math.floor(random() * 256);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** An intake as the form builds it: the blank answers, a few declared, the consent signed. */
function anIntake(server: InProcessServer, clientId: string, signature: string): Intake {
  return {
    ...blankIntakeAnswers(),
    id: uuidv7(),
    clientId,
    therapistId: server.therapist.id,
    version: 1,
    createdAt: new Date().toISOString(),
    emergencyContact: 'Sam, 514-555-0142',
    conditions: ['high_blood_pressure'],
    medications: 'Amlodipine',
    goals: 'Less neck pain at work',
    consent: { textVersion: 'consent-2026-01', language: 'fr', signedName: 'Test Client', signedOn: server.today, signature },
  };
}

/** The server as the device reaches it, with a guard: a client that loops on an answer fails the test instead of hanging it. */
function guarded(transport: Transport, requests: SeenRequest[], limit = 60): Transport {
  return async (path, init) => {
    if (requests.length >= limit) throw new Error(`more than ${limit} requests: the client is retrying in a loop`);
    return transport(path, init);
  };
}

/** A server (or a proxy in front of it) that takes bodies up to `maxBytes` and answers 413 beyond. */
function withBodyLimit(server: InProcessServer, maxBytes: number): Transport {
  return async (path, init) => {
    const bytes = new TextEncoder().encode(typeof init.body === 'string' ? init.body : '').byteLength;
    if (bytes <= maxBytes) return server.transport(path, init);
    const mutationIds = ((JSON.parse(init.body as string) as { mutations?: { mutationId: number }[] }).mutations ?? []).map((mutation) => mutation.mutationId);
    server.requests.push({ path, bytes, mutationIds, status: 413 });
    return new Response(JSON.stringify({ error: 'payload_too_large', message: `The body is larger than ${maxBytes} bytes.` }), {
      status: 413,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describe('a big outbox', () => {
  let server: InProcessServer;
  let db: Db;
  let deviceId: string;
  let clock: DeviceClock;

  beforeEach(async () => {
    server = await inProcessServer();
    db = await openTherapistDb(server.therapist.id);
    deviceId = await ensureDeviceId(db);
    clock = tabClock(deviceId);
  });
  afterEach(async () => {
    db.close();
    await deleteTherapistDb(server.therapist.id);
    await server.close();
  });

  /** `count` intakes filled offline, one per client the therapist visits, each written as the form writes it. */
  async function intakesQueuedOffline(count: number): Promise<Intake[]> {
    const intakes: Intake[] = [];
    for (let index = 0; index < count; index++) {
      const { client } = await server.clientVisitedToday({ visit: { routePosition: index + 1 } });
      const intake = anIntake(server, client.id, signaturePng(index + 1));
      await writeChanges(db, plainCodec, clock, [{ entity: 'intake', id: intake.id, op: 'create', fields: intake }], { durability: 'strict' });
      intakes.push(intake);
    }
    return intakes;
  }

  async function intakesOnServer(): Promise<Map<string, Intake>> {
    const pulled = await server.store.pullChanges({ therapistId: server.therapist.id, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 10_000 });
    return new Map(pulled.records.flatMap((record) => (record.entity === 'intake' && !record.deleted ? [[record.id, record.data as Intake]] : [])));
  }

  it('70 intakes with real 30 KB signatures queued offline all reach the server', async () => {
    const intakes = await intakesQueuedOffline(70);
    const signature = intakes[0]!.consent.signature;
    expect(signature).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(signature.length).toBeGreaterThan(29_000);
    expect(signature.length).toBeLessThan(32_000);
    expect(await db.count('outbox')).toBe(70);

    const summary = await pushAll(db, plainCodec, deviceId, guarded(server.transport, server.requests));

    expect(summary).toMatchObject({ applied: 70, rejected: 0 });
    expect(await db.count('outbox')).toBe(0);
    expect(await db.getAll('rejection')).toEqual([]);
    const onServer = await intakesOnServer();
    expect(onServer.size).toBe(70);
    for (const intake of intakes) expect(onServer.get(intake.id)?.consent.signature).toBe(intake.consent.signature);

    const pushes = server.requests.filter((request) => request.path === '/api/sync/push');
    expect(pushes.length).toBeGreaterThan(1);
    // Bounded at 1 MiB of changes each (plus the envelope), far under the server's 2 MiB: never a 413.
    for (const push of pushes) {
      expect(push.status).toBe(200);
      expect(push.bytes).toBeLessThanOrEqual(PUSH_BATCH_MAX_BYTES + 1024);
    }
    expect(PUSH_BATCH_MAX_BYTES + 1024).toBeLessThan(MAX_BODY_BYTES);
    // Each change sent once, oldest first.
    expect(pushes.flatMap((push) => push.mutationIds)).toEqual(Array.from({ length: 70 }, (_, index) => index + 1));
  });

  it('a server that answers 413 makes the client halve the batch, never send it again as it was', async () => {
    const intakes = await intakesQueuedOffline(12);
    // A proxy in front of the server takes at most about three intakes per request.
    const summary = await pushAll(db, plainCodec, deviceId, guarded(withBodyLimit(server, 100 * 1024), server.requests));

    expect(summary).toMatchObject({ applied: 12, rejected: 0 });
    expect(await db.count('outbox')).toBe(0);
    expect((await intakesOnServer()).size).toBe(intakes.length);
    const pushes = server.requests.filter((request) => request.path === '/api/sync/push');
    expect(pushes[0]).toMatchObject({ status: 413, mutationIds: Array.from({ length: 12 }, (_, index) => index + 1) });
    for (const [index, push] of pushes.entries()) {
      if (push.status !== 413) continue;
      const next = pushes[index + 1]!;
      expect(next.mutationIds[0]).toBe(push.mutationIds[0]);
      expect(next.bytes).toBeLessThanOrEqual(Math.ceil(push.bytes / 2) + 1024);
    }
    // Once halved, batches that fit go through; the same batch is never refused twice.
    const refused = pushes.filter((push) => push.status === 413).map((push) => push.mutationIds.join(','));
    expect(new Set(refused).size).toBe(refused.length);
  });

  it('a single change the server answers 413 for is refused on the device as too_large, with its content kept', async () => {
    const [intake] = await intakesQueuedOffline(1);
    const { visit, visitHlc } = await server.clientVisitedToday({ visit: { routePosition: 2 } });
    // The visit arrives on the device as after a pull; then a note is typed.
    await db.put('visit', { id: visit.id, date: visit.date, fields: { ...visit }, hlc: Object.fromEntries(Object.keys(visit).map((key) => [key, visitHlc])), generation: 0 });
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'Buzzer 12, third floor' } }]);

    // This proxy takes a note but not one signed intake.
    const summary = await pushAll(db, plainCodec, deviceId, guarded(withBodyLimit(server, 20 * 1024), server.requests));

    expect(summary).toMatchObject({ applied: 1, rejected: 1 });
    expect(await db.count('outbox')).toBe(0);
    const [rejection] = await db.getAll('rejection');
    expect(rejection).toMatchObject({ mutationId: 1, entity: 'intake', id: intake!.id, code: 'too_large' });
    expect(rejection!.fields).toEqual(intake);
    // Sent once alone and refused, never again as it was.
    const pushes = server.requests.filter((request) => request.path === '/api/sync/push');
    expect(pushes.filter((push) => push.mutationIds.length === 1 && push.mutationIds[0] === 1)).toHaveLength(1);
    expect((await intakesOnServer()).size).toBe(0);
    const pulled = await server.store.pullChanges({ therapistId: server.therapist.id, from: '0000-01-01', to: '9999-12-31', afterSeq: 0, limit: 100 });
    const note = pulled.records.find((record) => record.entity === 'visit' && record.id === visit.id);
    expect(note && !note.deleted && note.entity === 'visit' && note.data.therapistNote).toBe('Buzzer 12, third floor');
  });

  it('a change larger than one push can carry is refused before it is queued', async () => {
    const { client } = await server.clientVisitedToday();
    const intake = anIntake(server, client.id, `data:image/png;base64,${'A'.repeat(MAX_MUTATION_BYTES)}`);
    expect(mutationBytes(intake)).toBeGreaterThan(MAX_MUTATION_BYTES);
    await expect(writeChanges(db, plainCodec, clock, [{ entity: 'intake', id: intake.id, op: 'create', fields: intake }])).rejects.toThrow(ChangeTooLargeError);
    expect(await db.count('outbox')).toBe(0);
    expect(await db.get('intake', intake.id)).toBeUndefined();
    expect(await pushAll(db, plainCodec, deviceId, server.transport)).toMatchObject({ applied: 0, rejected: 0 });
    expect(server.requests).toEqual([]);
  });
});
