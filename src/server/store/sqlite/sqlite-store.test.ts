import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
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
});
