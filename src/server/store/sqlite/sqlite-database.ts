import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

/**
 * How every connection to the store's file is set up.
 *
 * WAL lets pulls read while a push writes. `synchronous = FULL` makes each
 * commit wait for the WAL to reach the disk: a push is answered `applied`
 * only once it would survive a power cut, because the device deletes the
 * change from its outbox on that answer. (NORMAL survives a crash of the
 * process but may lose the last commits to an OS crash or power loss: a
 * change the device was told is safe.) These settings belong to the
 * connection, not the file, so they are applied on every open.
 */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 5000'] as const;

/** Opens (creating if needed) the store's file, set up and migrated to the current schema. */
export function openSqliteDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
  migrate(db);
  return db;
}
