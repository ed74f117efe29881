import type Database from 'better-sqlite3';

/**
 * Schema changes, one step per version, applied in order inside a transaction.
 * Never edit a step that has shipped; add the next one.
 *
 * Records keep their fields as JSON (`data`) and the HLC of each field (`hlc`);
 * the columns beside them exist only for indexes and visibility queries.
 */
const MIGRATIONS: string[] = [
  /* 1: therapists, sessions, clients, visits, one sequence */ `
  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
  INSERT INTO counters (name, value) VALUES ('seq', 0);

  CREATE TABLE therapists (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    data TEXT NOT NULL,
    hlc TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES therapists(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);

  CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    hlc TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX clients_by_seq ON clients (seq);

  CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    date TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    data TEXT,
    hlc TEXT,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX visits_by_therapist_date ON visits (therapist_id, date);
  CREATE INDEX visits_by_therapist_seq ON visits (therapist_id, seq);
  CREATE INDEX visits_by_client ON visits (client_id, therapist_id, date);
  `,
  /* 2: pushed mutations applied at most once; conflicts kept for the therapist */ `
  CREATE TABLE mutation_log (
    therapist_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    result TEXT NOT NULL,
    -- kept for refused mutations only, so the office can see what was refused and why
    mutation TEXT,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (therapist_id, device_id, mutation_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL,
    data TEXT NOT NULL,
    hlc TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX conflicts_by_therapist_seq ON conflicts (therapist_id, seq);
  `,
  /* 3: office accounts, which see visits under way for safety, not clinical data */ `
  ALTER TABLE therapists ADD COLUMN role TEXT NOT NULL DEFAULT 'therapist' CHECK (role IN ('therapist', 'office'));
  CREATE INDEX visits_by_date ON visits (date);
  `,
  /* 4: clinical records (intakes, session records, amendments), each owned by a client */ `
  CREATE TABLE clinical_records (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL CHECK (entity IN ('intake', 'sessionRecord', 'amendment')),
    client_id TEXT NOT NULL,
    therapist_id TEXT NOT NULL,
    data TEXT NOT NULL,
    hlc TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX clinical_by_client_seq ON clinical_records (client_id, seq);
  CREATE INDEX clinical_by_seq ON clinical_records (seq);
  `,
  /* 5: insurance receipts, numbered per therapist without gaps, one per visit */ `
  CREATE TABLE receipts (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    visit_id TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    data TEXT NOT NULL,
    hlc TEXT NOT NULL,
    seq INTEGER NOT NULL,
    UNIQUE (therapist_id, number)
  ) STRICT;
  CREATE INDEX receipts_by_therapist_seq ON receipts (therapist_id, seq);
  `,
  /* 6: per device, the highest mutation id answered, so the log keeps only a window of applied rows */ `
  CREATE TABLE device_progress (
    therapist_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    last_mutation_id INTEGER NOT NULL,
    PRIMARY KEY (therapist_id, device_id)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO device_progress (therapist_id, device_id, last_mutation_id)
    SELECT therapist_id, device_id, max(mutation_id) FROM mutation_log GROUP BY therapist_id, device_id;
  `,
  /* 7: per holder, the clinical records a therapist lost with their last visit (need to know), pulled as tombstones */ `
  CREATE TABLE revocations (
    therapist_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    client_id TEXT NOT NULL,
    -- the office's calendar day of the loss: a cursor from an earlier day starts a snapshot, which needs no tombstones
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (therapist_id, record_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX revocations_by_therapist_seq ON revocations (therapist_id, seq);
  `,
  /* 8: sign-in throttle and known devices that survive a restart; sessions a therapist can list and end */ `
  CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX login_failures_by_age ON login_failures (last_failure_at);

  CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    therapist_id TEXT NOT NULL REFERENCES therapists(id),
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (token_hash, therapist_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX known_devices_by_therapist ON known_devices (therapist_id);

  ALTER TABLE sessions ADD COLUMN id TEXT;
  UPDATE sessions SET id = lower(hex(randomblob(16)));
  CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
  ALTER TABLE sessions ADD COLUMN sign_out_hash TEXT;
  CREATE UNIQUE INDEX sessions_by_sign_out ON sessions (sign_out_hash);
  ALTER TABLE sessions ADD COLUMN browser TEXT;
  ALTER TABLE sessions ADD COLUMN os TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
  UPDATE sessions SET last_seen_at = created_at;
  CREATE INDEX sessions_by_therapist ON sessions (therapist_id);
  `,
  /* 9: Law 25: the privacy officer, an append-only access log, purge reports and deletion requests */ `
  ALTER TABLE therapists ADD COLUMN privacy_officer INTEGER NOT NULL DEFAULT 0;

  -- Who read or changed which client's records: ids and kinds only, never clinical content.
  CREATE TABLE access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    account_id TEXT NOT NULL,
    device_id TEXT,
    -- the session's public id and browser/system: which signed-in device, even for a pull that names no device id
    session_id TEXT,
    device_label TEXT,
    action TEXT NOT NULL CHECK (action IN ('pull', 'push', 'export', 'deletion_request')),
    client_id TEXT NOT NULL,
    kinds TEXT NOT NULL,
    record_ids TEXT NOT NULL
  ) STRICT;
  CREATE INDEX access_log_by_client ON access_log (client_id, at);
  CREATE INDEX access_log_by_age ON access_log (at);

  -- What each retention purge removed; its log_before is the one door through which access log rows leave.
  CREATE TABLE purge_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    kept_from TEXT NOT NULL,
    log_before INTEGER NOT NULL,
    counts TEXT NOT NULL,
    client_ids TEXT NOT NULL
  ) STRICT;

  CREATE TABLE deletion_requests (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    carried_out_at INTEGER,
    purge_id INTEGER
  ) STRICT;
  CREATE INDEX deletion_requests_pending ON deletion_requests (client_id) WHERE carried_out_at IS NULL;

  CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
  BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
  -- Only the retention purge deletes, and only rows older than the log_before of the report it has just written.
  CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
  WHEN old.at >= coalesce((SELECT log_before FROM purge_reports ORDER BY id DESC LIMIT 1), 0)
  BEGIN SELECT RAISE(ABORT, 'access_log is append-only; the retention purge removes only rows past the retention period'); END;
  CREATE TRIGGER purge_reports_no_update BEFORE UPDATE ON purge_reports
  BEGIN SELECT RAISE(ABORT, 'purge_reports is append-only'); END;
  CREATE TRIGGER purge_reports_no_delete BEFORE DELETE ON purge_reports
  BEGIN SELECT RAISE(ABORT, 'purge_reports is append-only'); END;
  `,
  /* 10: issue 11: per (account, device), the escrow secret that wraps the device's data key */ `
  CREATE TABLE key_escrows (
    therapist_id TEXT NOT NULL REFERENCES therapists(id),
    device_id TEXT NOT NULL,
    secret BLOB NOT NULL,
    -- the hash of the known-device cookie of the browser that last got it: "sign out all other devices" keeps only that browser's
    known_device_hash TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (therapist_id, device_id)
  ) STRICT;
  `,
  /* 11: remote wipe: an account the office deactivated; sessions that must wipe their device at next contact */ `
  ALTER TABLE therapists ADD COLUMN deactivated_at INTEGER;
  ALTER TABLE sessions ADD COLUMN wipe TEXT CHECK (wipe IN ('deactivated', 'signed_out_elsewhere'));
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`The database is at schema ${current}, newer than this server (${SCHEMA_VERSION}). Update the server.`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
