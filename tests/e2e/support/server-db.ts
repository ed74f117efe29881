import { join } from 'node:path';
import Database from 'better-sqlite3';

/** What the server has kept, read from its SQLite file (read-only, beside the running server), and one quiet office edit. */
export function serverDb(dataDir: string) {
  function read<T>(query: (db: Database.Database) => T): T {
    const db = new Database(join(dataDir, 'tournee.sqlite'), { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  }
  return {
    /** A field of the session record of a visit, or null when there is no such record. */
    recordField(visitId: string, field: string): unknown {
      return read((db) => {
        const row = db
          .prepare(`SELECT json_extract(data, '$.' || ?) AS value FROM clinical_records WHERE entity = 'sessionRecord' AND json_extract(data, '$.visitId') = ?`)
          .get(field, visitId) as { value: unknown } | undefined;
        return row ? row.value : null;
      });
    },
    /** The whole session record of a visit as the server keeps it (data, field HLCs, sequence), or null. */
    sessionRecord(visitId: string): { data: Record<string, unknown>; hlc: Record<string, string>; seq: number } | null {
      return read((db) => {
        const row = db
          .prepare(`SELECT data, hlc, seq FROM clinical_records WHERE entity = 'sessionRecord' AND json_extract(data, '$.visitId') = ?`)
          .get(visitId) as { data: string; hlc: string; seq: number } | undefined;
        return row ? { data: JSON.parse(row.data) as Record<string, unknown>, hlc: JSON.parse(row.hlc) as Record<string, string>, seq: row.seq } : null;
      });
    },
    visitField(visitId: string, field: string): unknown {
      return read((db) => (db.prepare(`SELECT json_extract(data, '$.' || ?) AS value FROM visits WHERE id = ?`).get(field, visitId) as { value: unknown } | undefined)?.value ?? null);
    },
    /**
     * The office edits a therapist's profile behind the app's back: the record
     * changes but is not re-sent (its sequence number stays), so a phone keeps
     * the profile it had. The only write here, through its own connection.
     */
    changeProfileQuietly(email: string, field: string, value: string): void {
      const db = new Database(join(dataDir, 'tournee.sqlite'));
      try {
        db.pragma('busy_timeout = 5000');
        db.prepare(`UPDATE therapists SET data = json_set(data, '$.' || ?, ?) WHERE email = ?`).run(field, value, email);
      } finally {
        db.close();
      }
    },
    /** Conflicts kept on a field: both texts, and whether the therapist has settled it. */
    conflicts(field: string): { recordId: string; keptValue: string; winningValue: string; resolved: boolean }[] {
      return read((db) =>
        (db.prepare(`SELECT data FROM conflicts`).all() as { data: string }[])
          .map((row) => JSON.parse(row.data) as { recordId: string; field: string; keptValue: string; winningValue: string; resolved: boolean })
          .filter((conflict) => conflict.field === field),
      );
    },
  };
}
