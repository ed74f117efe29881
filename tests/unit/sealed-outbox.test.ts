/**
 * The outbox sealed to the server's public key: the device seals with
 * WebCrypto, the server opens with node:crypto, and only the server's private
 * key opens a payload, only as the mutation it was sealed for. Then the whole
 * path on a real HTTP server with a real SQLite file: a device that pulled the
 * key queues sealed entries, pushes them without its data key, and one bad
 * sealed change is refused alone.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { plainCodec, type RecordCodec } from '../../src/client/data/codec';
import { deleteTherapistDb, getMeta, openTherapistDb, type Db } from '../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../src/client/data/device';
import { ChangeTooLargeError, writeChanges } from '../../src/client/data/local-write';
import { checkSealingKey, forgetSealingKeys, sealForServer } from '../../src/client/data/seal-for-server';
import type { Transport } from '../../src/client/sync/api-client';
import { pullAll } from '../../src/client/sync/pull';
import { pushAll } from '../../src/client/sync/push';
import { openSealingKeys, type SealingKeys } from '../../src/server/sync/sealing-keys';
import { startOneVisitDay, type OneVisitDay } from '../../src/server/testing/one-visit-day';
import { pullAs, pushAs, testDevice } from '../../src/server/testing/sync-device';
import type { Visit } from '../../src/shared/domain';
import { MAX_MUTATION_BYTES } from '../../src/shared/protocol';
import type { SealedFor, SealedPayload } from '../../src/shared/sealed-outbox';

const NOTE = 'Entorse lombaire, Apixaban 5 mg';
const to = (overrides: Partial<SealedFor> = {}): SealedFor => ({ mutationId: 7, entity: 'visit', id: '0190a5d2-7c4e-7b3a-9f10-3c2d1e0f4a5b', op: 'update', ...overrides });
const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

describe('sealing to the server and opening', () => {
  let dir: string;
  let keys: SealingKeys;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tournee-sealing-'));
    keys = openSealingKeys(join(dir, 'sealing-keys.json'));
    forgetSealingKeys();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps its key pairs in a file only its owner reads, and sends devices the public key only', async () => {
    expect((await stat(join(dir, 'sealing-keys.json'))).mode & 0o777).toBe(0o600);
    const current = keys.current();
    expect(current.jwk).not.toHaveProperty('d');
    await expect(checkSealingKey(current)).resolves.toEqual(current);
  });

  it('opens what the device sealed, as the mutation it was sealed for', async () => {
    const fields = { therapistNote: NOTE, status: 'arrived' };
    const [payload] = await sealForServer(keys.current(), [{ to: to(), fields }]);
    expect(JSON.stringify(payload)).not.toContain('Apixaban');
    expect(keys.open(payload!, to())).toEqual(fields);
  });

  it('refuses a payload that was altered, sealed for another mutation, or sealed to a key it does not have', async () => {
    const [payload] = (await sealForServer(keys.current(), [{ to: to(), fields: { therapistNote: NOTE } }])) as [SealedPayload];
    expect(() => keys.open({ ...payload, ct: flip(payload.ct, 5) }, to())).toThrow(/altered, or sealed for another change/);
    expect(() => keys.open({ ...payload, iv: flip(payload.iv, 2) }, to())).toThrow(/altered/);
    // The additional data binds the mutation id, the entity, the record and the op.
    expect(() => keys.open(payload, to({ mutationId: 8 }))).toThrow(/sealed for another change/);
    expect(() => keys.open(payload, to({ id: '0190a5d2-7c4e-7b3a-9f10-3c2d1e0f4a5c' }))).toThrow(/sealed for another change/);
    expect(() => keys.open(payload, to({ entity: 'client' }))).toThrow(/sealed for another change/);
    expect(() => keys.open(payload, to({ op: 'create' }))).toThrow(/sealed for another change/);
    expect(() => keys.open({ ...payload, kid: 'k-unknown' }, to())).toThrow(/server key this server does not have \(k-unknown\)/);
    // Another server's key pair does not open it either.
    const other = openSealingKeys(join(dir, 'other.json'));
    expect(() => other.open({ ...payload, kid: other.current().kid }, to())).toThrow(/altered/);
  });

  it('after a rotation, still opens what devices sealed to the old key, also after a restart', async () => {
    const old = keys.current();
    const [before] = (await sealForServer(old, [{ to: to(), fields: { therapistNote: 'before' } }])) as [SealedPayload];
    const rotated = keys.rotate();
    expect(rotated.kid).not.toBe(old.kid);
    expect(keys.current()).toEqual(rotated);
    const [after] = (await sealForServer(rotated, [{ to: to(), fields: { therapistNote: 'after' } }])) as [SealedPayload];
    expect(after.kid).toBe(rotated.kid);
    const restarted = openSealingKeys(join(dir, 'sealing-keys.json'));
    expect(restarted.current()).toEqual(rotated);
    expect(restarted.open(before, to())).toEqual({ therapistNote: 'before' });
    expect(restarted.open(after, to())).toEqual({ therapistNote: 'after' });
    expect((await stat(join(dir, 'sealing-keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('one ephemeral key serves many writes (one shared secret for the server to derive), and a new one follows when the app forgets it', async () => {
    const [a] = (await sealForServer(keys.current(), [{ to: to(), fields: { therapistNote: 'a' } }])) as [SealedPayload];
    const [b, c] = (await sealForServer(keys.current(), [
      { to: to({ mutationId: 8 }), fields: { therapistNote: 'b' } },
      { to: to({ mutationId: 9 }), fields: { therapistNote: 'c' } },
    ])) as [SealedPayload, SealedPayload];
    expect(new Set([a.epk, b.epk, c.epk]).size).toBe(1);
    expect(new Set([a.iv, b.iv, c.iv]).size).toBe(3);
    forgetSealingKeys();
    const [d] = (await sealForServer(keys.current(), [{ to: to(), fields: { therapistNote: 'd' } }])) as [SealedPayload];
    expect(d.epk).not.toBe(a.epk);
    expect(keys.open(d, to())).toEqual({ therapistNote: 'd' });
  });

  it('a device refuses a key with a private part, or a point off the curve', async () => {
    const current = keys.current();
    await expect(checkSealingKey({ ...current, jwk: { ...current.jwk, d: current.jwk.x } })).rejects.toThrow();
    await expect(checkSealingKey({ ...current, jwk: { ...current.jwk, y: current.jwk.x } })).rejects.toThrow();
    await expect(checkSealingKey({ kid: 'k', jwk: { kty: 'RSA' } })).rejects.toThrow();
  });
});

describe('a sealed outbox on a real server', () => {
  let day: OneVisitDay;
  let visit: Visit;
  let db: Db;
  let deviceId: string;
  const bodies: string[] = [];
  let transport: Transport;

  beforeAll(async () => {
    day = await startOneVisitDay();
    visit = day.visit;
    transport = (path, init) => {
      if (path === '/api/sync/push') bodies.push(String(init.body));
      return fetch(`${day.server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: day.cookie } });
    };
  });
  afterAll(() => day.server.close());
  beforeEach(async () => {
    forgetSealingKeys();
    bodies.length = 0;
    db = await openTherapistDb(day.therapist.id);
    deviceId = await ensureDeviceId(db);
  });
  afterEach(async () => {
    db.close();
    await deleteTherapistDb(day.therapist.id);
  });

  /** The app locked: no data key, so nothing the codec sealed can be opened. */
  const lockedCodec: RecordCodec = {
    seal: plainCodec.seal,
    open: () => Promise.reject(new Error('locked: the data key is not in memory')),
  };

  it('the device keeps the key from its pull, queues sealed entries, and pushes them without the data key', async () => {
    await pullAll(db, plainCodec, transport);
    expect(await getMeta(db, 'sealingKey')).toEqual(day.server.sealingKeys.current());
    const clock = tabClock(deviceId);
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'Entorse' } }]);
    // Typed on: folds into the same entry, sealed again with the whole text.
    await writeChanges(db, plainCodec, clock, [{ entity: 'visit', id: visit.id, fields: { therapistNote: NOTE } }]);
    const [entry, ...more] = await db.getAll('outbox');
    expect(more).toHaveLength(0);
    expect(entry!.sealed).toMatchObject({ kid: day.server.sealingKeys.current().kid });
    expect(JSON.stringify(entry!.sealed)).not.toContain('Apixaban');

    const summary = await pushAll(db, lockedCodec, deviceId, transport);
    expect(summary).toMatchObject({ applied: 1, rejected: 0 });
    expect(await db.count('outbox')).toBe(0);
    // What crossed the wire carried the note sealed, never in clear.
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).not.toContain('Apixaban');
    const sent = JSON.parse(bodies[0]!) as { protocolVersion: number; mutations: Record<string, unknown>[] };
    expect(sent.protocolVersion).toBe(3);
    expect(sent.mutations[0]).toHaveProperty('sealed');
    expect(sent.mutations[0]).not.toHaveProperty('fields');
    const page = await pullAs(day.server.url, day.cookie);
    expect(page.records.find((record) => record.id === visit.id)).toMatchObject({ data: { therapistNote: NOTE } });
  });

  it('writes racing from two tabs each seal for the mutation id they end up with', async () => {
    await pullAll(db, plainCodec, transport);
    // Two tabs: two connections to the database, two clocks.
    const other = await openTherapistDb(day.therapist.id);
    const tabs = [
      { db, clock: tabClock(deviceId) },
      { db: other, clock: { node: `${deviceId.replace(/-/g, '').slice(0, 12)}0002`, now: Date.now } },
    ];
    // Status reasons and notes alternate, so nothing folds: eight entries, written concurrently.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        writeChanges(tabs[i % 2]!.db, plainCodec, tabs[i % 2]!.clock, [{ entity: 'visit', id: visit.id, fields: Math.floor(i / 2) % 2 ? { therapistNote: `note ${i}` } : { statusReason: `reason ${i}` } }]),
      ),
    );
    other.close();
    const entries = await db.getAll('outbox');
    expect(entries).toHaveLength(8);
    for (const entry of entries) {
      expect(entry.sealed).toBeDefined();
      expect(day.server.sealingKeys.open(entry.sealed!, entry)).toEqual(entry.fields);
    }
  });

  it('counts a change\'s sealed size against the most one change may carry', async () => {
    await pullAll(db, plainCodec, transport);
    // Fits in clear, not once sealed (base64 adds a third).
    const text = 'é'.repeat(Math.floor(MAX_MUTATION_BYTES / 2) - 200);
    await expect(writeChanges(db, plainCodec, tabClock(deviceId), [{ entity: 'visit', id: visit.id, fields: { therapistNote: text } }])).rejects.toThrow(ChangeTooLargeError);
    expect(await db.count('outbox')).toBe(0);
  });

  it('an entry sealed to the key before a rotation is still applied, and the next pull brings the new key', async () => {
    await pullAll(db, plainCodec, transport);
    const old = day.server.sealingKeys.current();
    await writeChanges(db, plainCodec, tabClock(deviceId), [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'sealed to the old key' } }]);
    const rotated = day.server.sealingKeys.rotate();
    expect((await db.getAll('outbox'))[0]!.sealed!.kid).toBe(old.kid);
    expect(await pushAll(db, lockedCodec, deviceId, transport)).toMatchObject({ applied: 1, rejected: 0 });
    await pullAll(db, plainCodec, transport);
    expect(await getMeta(db, 'sealingKey')).toEqual(rotated);
    await writeChanges(db, plainCodec, tabClock(deviceId), [{ entity: 'visit', id: visit.id, fields: { therapistNote: 'sealed to the new key' } }]);
    expect((await db.getAll('outbox'))[0]!.sealed!.kid).toBe(rotated.kid);
    expect(await pushAll(db, lockedCodec, deviceId, transport)).toMatchObject({ applied: 1, rejected: 0 });
  });

  it('refuses a bad sealed change alone, with its reason, and applies the rest of the batch', async () => {
    const phone = testDevice();
    const key = day.server.sealingKeys.current();
    const sealed = async (mutation: ReturnType<typeof phone.change>) => {
      const { fields, ...envelope } = mutation;
      const [payload] = await sealForServer(key, [{ to: envelope, fields }]);
      return { ...envelope, sealed: payload! };
    };
    const first = await sealed(phone.change('visit', visit.id, 'update', { therapistNote: 'first' }));
    const tampered = await sealed(phone.change('visit', visit.id, 'update', { therapistNote: 'tampered' }));
    tampered.sealed = { ...tampered.sealed, ct: flip(tampered.sealed.ct, 3) };
    const unknownKey = await sealed(phone.change('visit', visit.id, 'update', { therapistNote: 'unknown key' }));
    unknownKey.sealed = { ...unknownKey.sealed, kid: 'k-retired-long-ago' };
    // The first change's payload replayed as another mutation: its additional data does not match.
    const envelope = () => {
      const { fields: _none, ...rest } = phone.change('visit', visit.id, 'update', {});
      return rest;
    };
    const replayed = { ...envelope(), sealed: first.sealed };
    const both = { ...(await sealed(phone.change('visit', visit.id, 'update', { therapistNote: 'both' }))), fields: { therapistNote: 'both' } };
    const garbled = { ...envelope(), sealed: { kid: key.kid, epk: 'x', iv: 'y', ct: 'z' } };
    const notValid = await sealed(phone.change('visit', visit.id, 'update', { status: 'teleported' }));
    const last = await sealed(phone.change('visit', visit.id, 'update', { therapistNote: 'last' }));

    const { status, body } = await pushAs(day.server.url, day.cookie, phone.deviceId, [first, tampered, unknownKey, replayed, both, garbled, notValid, last]);
    expect(status).toBe(200);
    const byId = new Map(body.results.map((result) => [result.mutationId, result]));
    expect(byId.get(first.mutationId)).toEqual({ mutationId: first.mutationId, status: 'applied' });
    expect(byId.get(last.mutationId)).toEqual({ mutationId: last.mutationId, status: 'applied' });
    expect(byId.get(tampered.mutationId)).toMatchObject({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/altered/) });
    expect(byId.get(unknownKey.mutationId)).toMatchObject({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/k-retired-long-ago/) });
    expect(byId.get(replayed.mutationId)).toMatchObject({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/sealed for another change/) });
    expect(byId.get(both.mutationId)).toMatchObject({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/both fields and a sealed payload/) });
    expect(byId.get(garbled.mutationId)).toMatchObject({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/sealed change is malformed/) });
    // Opened, then checked exactly as a change in clear.
    expect(byId.get(notValid.mutationId)).toMatchObject({ status: 'rejected', code: 'invalid' });
    const page = await pullAs(day.server.url, day.cookie);
    expect(page.records.find((record) => record.id === visit.id)).toMatchObject({ data: { therapistNote: 'last' } });
  });

  it('an app on protocol 2 still pushes its fields in clear, and hears of no sealing key', async () => {
    const phone = testDevice();
    const note = phone.change('visit', visit.id, 'update', { therapistNote: 'from protocol 2' });
    const { status, body } = await pushAs(day.server.url, day.cookie, phone.deviceId, [note], Date.now(), 2);
    expect(status).toBe(200);
    expect(body).toEqual({ protocolVersion: 2, results: [{ mutationId: note.mutationId, status: 'applied' }] });
    const page = await pullAs(day.server.url, day.cookie, 2);
    expect(page).not.toHaveProperty('sealingKey');
    expect(page.records.find((record) => record.id === visit.id)).toMatchObject({ data: { therapistNote: 'from protocol 2' } });
  });
});
