import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createHlcClock, deviceTabNode } from '../../../shared/hlc';
import { uuidv7 } from '../../../shared/ids';
import { PROTOCOL_VERSION, PUSH_BATCH_MAX, type Mutation } from '../../../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../../../shared/testing/fixtures';
import { MUTATION_LOG_KEEP } from '../store';
import { describeStoreContract } from '../store-contract';
import { SCHEMA_VERSION } from './migrations';
import { openSqliteDatabase } from './sqlite-database';
import { openSqliteStore } from './sqlite-store';

async function tempFile() {
  const dir = await mkdtemp(join(tmpdir(), 'tournee-store-'));
  return { file: join(dir, 'test.sqlite'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

describeStoreContract('SQLite', async () => {
  const { file, cleanup } = await tempFile();
  return { store: openSqliteStore(file), cleanup };
});

describe('SQLite store file', () => {
  it('is created in WAL mode at the current schema version, and reopens without migrating again', async () => {
    const { file, cleanup } = await tempFile();
    const store = openSqliteStore(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const again = openSqliteStore(file);
    expect(await again.isEmpty()).toBe(true);
    await again.close();
    await cleanup();
  });

  it('acknowledges a commit only once it is on disk: WAL with synchronous FULL on the connection the store opens', async () => {
    const { file, cleanup } = await tempFile();
    // `synchronous` belongs to a connection and cannot be read from another one:
    // read it from a connection opened exactly as the store opens its own.
    const db = openSqliteDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL: the WAL is synced at every commit
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    await cleanup();
  });

  it('refuses a database from a newer server instead of damaging it', async () => {
    const { file, cleanup } = await tempFile();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this server/);
    await cleanup();
  });

  it(`keeps at most ${MUTATION_LOG_KEEP} applied log rows per device, and every refusal`, async () => {
    const { file, cleanup } = await tempFile();
    const store = openSqliteStore(file);
    const office = testClock();
    const therapist = aTherapist();
    await store.createTherapist(therapist, 'hash', office.tick());
    const client = aClient();
    await store.putClient(client, office.tick());
    const visit = aVisit(therapist.id, client.id);
    await store.putVisit(visit, office.tick());

    const deviceId = uuidv7();
    const clock = createHlcClock(deviceTabNode(deviceId, 1));
    let next = 1;
    const edit = (fields: Record<string, unknown>): Mutation => ({ mutationId: next++, entity: 'visit', id: visit.id, op: 'update', fields, hlc: clock.tick(), base: {} });
    for (let batch = 0; batch < 3; batch++) {
      // Every hundredth change touches what only the office may change, and is refused.
      const mutations = Array.from({ length: PUSH_BATCH_MAX }, (_, i) => edit(i % 100 === 0 ? { officeNotes: 'no' } : { therapistNote: `note ${next}` }));
      await store.applyPush({
        therapistId: therapist.id,
        deviceId,
        protocolVersion: PROTOCOL_VERSION,
        receivedAt: new Date(),
        mutations: mutations.map((mutation) => ({ mutationId: mutation.mutationId, mutation })),
      });
    }
    await store.close();

    const db = new Database(file, { readonly: true });
    const count = (status: string) =>
      db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM mutation_log WHERE device_id = ? AND status = ?`).get(deviceId, status)!.n;
    expect(count('applied')).toBeLessThanOrEqual(MUTATION_LOG_KEEP);
    expect(count('applied')).toBeGreaterThan(0);
    expect(count('rejected')).toBe((3 * PUSH_BATCH_MAX) / 100);
    db.close();
    await cleanup();
  });
});
