import type { Client, Therapist, Visit } from '../../../shared/domain';
import { hlcAfter } from '../../../shared/hlc';
import { uuidv7 } from '../../../shared/ids';
import { CLINICAL_ENTITIES, type EntityName, type Mutation, type PushResult, type SyncRecord } from '../../../shared/protocol';
import { SERVER_HLC_NODE } from '../../server-clock';
import { decideMutation, type CreateContext, type CurrentRecord } from '../../sync/decide-mutation';
import { NEED_TO_KNOW_DAYS_DEFAULT, needToKnowDates, type NeedToKnowDates } from '../../sync/need-to-know';
import { REFUSED_COPIES_KEEP, refusedCopy } from '../refused-copy';
import type { WipeReason } from '../../../shared/api';
import { MUTATION_LOG_KEEP, SERVER_ERROR_REASON, type PullQuery, type PushInput, type SessionInfo, type Store, type StoredSession } from '../store';
import { openSqliteDatabase } from './sqlite-database';
import { sqlitePrivacy } from './sqlite-privacy';
import { accessOfPush, type PushAccess } from '../../privacy/access-entries';

interface RecordRow {
  entity: EntityName;
  id: string;
  seq: number;
  deleted: number;
  data: string | null;
  hlc: string | null;
}

/** Every field of `record` stamped with the same HLC: an office write replaces the whole record. */
function stampAll(record: object, hlc: string): string {
  return JSON.stringify(Object.fromEntries(Object.keys(record).map((field) => [field, hlc])));
}

export interface SqliteStoreOptions {
  /** The office's clock: what day it is for need to know (pulls and office writes; a push brings its own time). */
  now?: () => Date;
  /** How long a visit keeps the client's clinical file open to its therapist (need-to-know.ts). */
  needToKnowDays?: number;
}

/** A therapist and a client: whether the one may see the other's clinical file. */
interface Holder {
  therapistId: string;
  clientId: string;
}

// Need to know (need-to-know.ts): a visit of @therapistId that opens its client's clinical file. Always
// with `v.client_id = …`, so that it is one seek in visits (client_id, therapist_id, date) and the status
// is read only on the few rows found. A damaged row (JSON no longer valid) opens nothing, and fails no query.
const OPENS_FILE = `v.therapist_id = @therapistId AND v.date BETWEEN @clinicalFrom AND @to AND v.deleted = 0
  AND CASE WHEN json_valid(v.data) THEN json_extract(v.data, '$.status') <> 'cancelled' ELSE 0 END`;

function isClinical(entity: EntityName): boolean {
  return (CLINICAL_ENTITIES as readonly string[]).includes(entity);
}

/** The embedded store: one SQLite file (see sqlite-database.ts), synchronous calls behind the async interface. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = openSqliteDatabase(file);
  const now = options.now ?? (() => new Date());
  const needToKnowDays = options.needToKnowDays ?? NEED_TO_KNOW_DAYS_DEFAULT;

  const nextSeq = db.prepare<[], { value: number }>(`UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value`);
  const readSeq = db.prepare<[], { value: number }>(`SELECT value FROM counters WHERE name = 'seq'`);
  const countTherapists = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM therapists`);
  const insertTherapist = db.prepare(
    `INSERT INTO therapists (id, email, password_hash, data, hlc, seq, role) VALUES (@id, @email, @passwordHash, @data, @hlc, @seq, @role)`,
  );
  const selectRole = db.prepare<[string], { role: string }>(`SELECT role FROM therapists WHERE id = ?`);
  const selectUnderWay = db.prepare<[string], { visit: string; therapist: string; client: string }>(`
    SELECT v.data AS visit, t.data AS therapist, c.data AS client
      FROM visits v JOIN therapists t ON t.id = v.therapist_id JOIN clients c ON c.id = v.client_id
     WHERE v.date = ? AND v.deleted = 0 AND json_extract(v.data, '$.status') IN ('arrived', 'in_session')`);
  const selectTherapist = db.prepare<[string], { data: string }>(`SELECT data FROM therapists WHERE id = ?`);
  const selectCredentials = db.prepare<[string], { therapistId: string; passwordHash: string }>(
    `SELECT id AS therapistId, password_hash AS passwordHash FROM therapists WHERE email = ? AND deactivated_at IS NULL`,
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (token_hash, therapist_id, created_at, expires_at, id, sign_out_hash, browser, os, last_seen_at)
     VALUES (@tokenHash, @therapistId, @createdAt, @expiresAt, @id, @signOutHash, @browser, @os, @createdAt)`,
  );
  const sessionColumns = `token_hash AS tokenHash, therapist_id AS therapistId, created_at AS createdAt, expires_at AS expiresAt,
    id, sign_out_hash AS signOutHash, browser, os, last_seen_at AS lastSeenAt, wipe`;
  const selectSession = db.prepare<[string, number], SessionRow>(`SELECT ${sessionColumns} FROM sessions WHERE token_hash = ? AND expires_at > ?`);
  const selectSessionsOf = db.prepare<[string, number], SessionRow>(
    `SELECT ${sessionColumns} FROM sessions WHERE therapist_id = ? AND expires_at > ? AND wipe IS NULL ORDER BY last_seen_at DESC, created_at DESC`,
  );
  const removeSession = db.prepare(`DELETE FROM sessions WHERE token_hash = ?`);
  const removeSessionBySignOut = db.prepare(`DELETE FROM sessions WHERE sign_out_hash = ?`);
  const removeOtherSessions = db.prepare(`DELETE FROM sessions WHERE therapist_id = ? AND token_hash <> ?`);
  const updateLastSeen = db.prepare(`UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE token_hash = ?`);
  const removeExpiredSessions = db.prepare(`DELETE FROM sessions WHERE expires_at <= ?`);
  // A session kept to wipe lives at least until keepUntil, so a phone offline for weeks still hears it.
  const markForWipe = db.prepare<{ therapistId: string; reason: string; keep: string | null; keepUntil: number }>(
    `UPDATE sessions SET wipe = coalesce(wipe, @reason), expires_at = max(expires_at, @keepUntil)
      WHERE therapist_id = @therapistId AND (@keep IS NULL OR token_hash <> @keep)`,
  );
  const deactivate = db.prepare(`UPDATE therapists SET deactivated_at = coalesce(deactivated_at, ?) WHERE id = ?`);
  const upsertLoginFailure = db.prepare<{ key: string; at: number }, { failures: number; lastFailureAt: number }>(
    `INSERT INTO login_failures (key, failures, last_failure_at) VALUES (@key, 1, @at)
     ON CONFLICT (key) DO UPDATE SET failures = failures + 1, last_failure_at = max(last_failure_at, @at)
     RETURNING failures, last_failure_at AS lastFailureAt`,
  );
  const selectLoginFailures = db.prepare<[string, number], { failures: number; lastFailureAt: number }>(
    `SELECT failures, last_failure_at AS lastFailureAt FROM login_failures WHERE key = ? AND last_failure_at > ?`,
  );
  const removeLoginFailures = db.prepare(`DELETE FROM login_failures WHERE key = ?`);
  const removeStaleLoginFailures = db.prepare(`DELETE FROM login_failures WHERE last_failure_at <= ?`);
  const upsertKnownDevice = db.prepare(
    `INSERT INTO known_devices (token_hash, therapist_id, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (token_hash, therapist_id) DO UPDATE SET expires_at = excluded.expires_at`,
  );
  const selectKnownDevice = db.prepare<[string, string, number], { known: number }>(
    `SELECT 1 AS known FROM known_devices WHERE token_hash = ? AND therapist_id = ? AND expires_at > ?`,
  );
  const removeKnownDevices = db.prepare(`DELETE FROM known_devices WHERE therapist_id = ? AND token_hash IS NOT ?`);
  const escrowInsert = `INSERT INTO key_escrows (therapist_id, device_id, secret, known_device_hash, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (therapist_id, device_id) DO UPDATE SET known_device_hash = excluded.known_device_hash`;
  const takeEscrow = db.prepare<[string, string, Buffer, string, number], { secret: Buffer }>(`${escrowInsert} RETURNING secret`);
  const replaceEscrow = db.prepare<[string, string, Buffer, string, number], { secret: Buffer }>(
    `${escrowInsert}, secret = excluded.secret, created_at = excluded.created_at RETURNING secret`,
  );
  const removeEscrows = db.prepare(`DELETE FROM key_escrows WHERE therapist_id = ? AND (? IS NULL OR known_device_hash IS NOT ?)`);
  const upsertClient = db.prepare(
    `INSERT INTO clients (id, data, hlc, seq) VALUES (@id, @data, @hlc, @seq)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, hlc = excluded.hlc, seq = excluded.seq`,
  );
  const bumpClient = db.prepare(`UPDATE clients SET seq = ? WHERE id = ?`);
  const selectVisitKeys = db.prepare<[string], { therapistId: string; clientId: string; date: string; deleted: number }>(
    `SELECT therapist_id AS therapistId, client_id AS clientId, date, deleted FROM visits WHERE id = ?`,
  );
  const upsertVisit = db.prepare(
    `INSERT INTO visits (id, therapist_id, client_id, date, deleted, data, hlc, seq)
     VALUES (@id, @therapistId, @clientId, @date, 0, @data, @hlc, @seq)
     ON CONFLICT (id) DO UPDATE SET therapist_id = excluded.therapist_id, client_id = excluded.client_id,
       date = excluded.date, deleted = 0, data = excluded.data, hlc = excluded.hlc, seq = excluded.seq`,
  );
  const tombstoneVisit = db.prepare(`UPDATE visits SET deleted = 1, data = NULL, hlc = NULL, seq = ? WHERE id = ?`);

  // One query over every entity, in sequence order, so a page is a clean prefix of the therapist's history.
  const selectChanges = db.prepare<
    { therapistId: string; from: string; to: string; clinicalFrom: string; today: string; afterSeq: number; limit: number },
    RecordRow
  >(`
    SELECT 'therapist' AS entity, id, seq, 0 AS deleted, data, hlc
      FROM therapists WHERE id = @therapistId AND seq > @afterSeq
    UNION ALL
    SELECT 'visit', id, seq, deleted, data, hlc
      FROM visits WHERE therapist_id = @therapistId AND date BETWEEN @from AND @to AND seq > @afterSeq
    UNION ALL
    SELECT 'client', c.id, c.seq, 0, c.data, c.hlc
      FROM clients c
     WHERE c.seq > @afterSeq
       AND EXISTS (SELECT 1 FROM visits v
                    WHERE v.client_id = c.id AND v.therapist_id = @therapistId
                      AND v.date BETWEEN @from AND @to AND v.deleted = 0)
    UNION ALL
    SELECT 'conflict', id, seq, 0, data, hlc
      FROM conflicts WHERE therapist_id = @therapistId AND seq > @afterSeq
    UNION ALL
    SELECT 'receipt', id, seq, 0, data, hlc
      FROM receipts WHERE therapist_id = @therapistId AND seq > @afterSeq
    UNION ALL
    SELECT r.entity, r.id, r.seq, 0, r.data, r.hlc
      FROM clinical_records r
     WHERE r.seq > @afterSeq
       AND EXISTS (SELECT 1 FROM visits v WHERE v.client_id = r.client_id AND ${OPENS_FILE})
    UNION ALL
    SELECT x.entity, x.record_id, x.seq, 1, NULL, NULL
      FROM revocations x
     WHERE x.therapist_id = @therapistId AND x.day >= @today AND x.seq > @afterSeq
       AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.client_id = x.client_id AND ${OPENS_FILE})
    ORDER BY seq
    LIMIT @limit`);

  const selectLogged = db.prepare<[string, string, number], { result: string }>(
    `SELECT result FROM mutation_log WHERE therapist_id = ? AND device_id = ? AND mutation_id = ?`,
  );
  const selectLastMutation = db.prepare<[string, string], { last: number }>(
    `SELECT last_mutation_id AS last FROM device_progress WHERE therapist_id = ? AND device_id = ?`,
  );
  const raiseLastMutation = db.prepare(
    `INSERT INTO device_progress (therapist_id, device_id, last_mutation_id) VALUES (?, ?, ?)
     ON CONFLICT (therapist_id, device_id) DO UPDATE SET last_mutation_id = max(last_mutation_id, excluded.last_mutation_id)`,
  );
  const pruneAppliedLog = db.prepare(
    `DELETE FROM mutation_log WHERE therapist_id = ? AND device_id = ? AND status = 'applied' AND mutation_id <= ?`,
  );
  // Keeps the copies of a therapist's latest refusals only; older refusals keep their row and reason.
  const dropOldRefusedCopies = db.prepare(
    `UPDATE mutation_log SET mutation = NULL
      WHERE therapist_id = @therapistId AND mutation IS NOT NULL
        AND (device_id, mutation_id) NOT IN (
          SELECT device_id, mutation_id FROM mutation_log
           WHERE therapist_id = @therapistId AND mutation IS NOT NULL
           ORDER BY received_at DESC, mutation_id DESC LIMIT @keep)`,
  );
  const insertLog = db.prepare(
    `INSERT INTO mutation_log (therapist_id, device_id, mutation_id, status, result, mutation, received_at)
     VALUES (@therapistId, @deviceId, @mutationId, @status, @result, @mutation, @receivedAt)`,
  );
  const selectVisitForWrite = db.prepare<[string], { ownerId: string; data: string | null; hlc: string | null; deleted: number }>(
    `SELECT therapist_id AS ownerId, data, hlc, deleted FROM visits WHERE id = ?`,
  );
  const updateVisitData = db.prepare(`UPDATE visits SET data = ?, hlc = ?, seq = ? WHERE id = ?`);
  const selectConflictForWrite = db.prepare<[string], { ownerId: string; data: string; hlc: string }>(
    `SELECT therapist_id AS ownerId, data, hlc FROM conflicts WHERE id = ?`,
  );
  const updateConflictData = db.prepare(`UPDATE conflicts SET data = ?, hlc = ?, seq = ? WHERE id = ?`);
  const insertConflict = db.prepare(`INSERT INTO conflicts (id, therapist_id, data, hlc, seq) VALUES (?, ?, ?, ?, ?)`);
  const selectClinicalForWrite = db.prepare<[string, string], { ownerId: string; data: string; hlc: string }>(
    `SELECT therapist_id AS ownerId, data, hlc FROM clinical_records WHERE id = ? AND entity = ?`,
  );
  const insertClinical = db.prepare(
    `INSERT INTO clinical_records (id, entity, client_id, therapist_id, data, hlc, seq) VALUES (@id, @entity, @clientId, @therapistId, @data, @hlc, @seq)`,
  );
  const updateClinicalData = db.prepare(`UPDATE clinical_records SET data = ?, hlc = ?, seq = ? WHERE id = ?`);
  // By client first (indexed), then the visit: a client has few clinical records.
  const selectSessionRecordOfVisit = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM clinical_records
      WHERE client_id = ? AND entity = 'sessionRecord' AND json_extract(data, '$.visitId') = ? LIMIT 1`,
  );
  const selectClientVisible = db.prepare<[string, string], { visible: number }>(
    `SELECT EXISTS (SELECT 1 FROM visits WHERE client_id = ? AND therapist_id = ? AND deleted = 0) AS visible`,
  );
  const selectVisitOwner = db.prepare<[string], { therapistId: string; clientId: string; status: string; hasReceipt: number; data: string }>(
    `SELECT therapist_id AS therapistId, client_id AS clientId, json_extract(data, '$.status') AS status,
            EXISTS (SELECT 1 FROM receipts r WHERE r.visit_id = visits.id) AS hasReceipt, data
       FROM visits WHERE id = ? AND deleted = 0`,
  );
  const selectReceiptForWrite = db.prepare<[string], { ownerId: string; data: string; hlc: string }>(
    `SELECT therapist_id AS ownerId, data, hlc FROM receipts WHERE id = ?`,
  );
  const nextReceiptNumber = db.prepare<[string], { next: number }>(
    `SELECT coalesce(max(number), 0) + 1 AS next FROM receipts WHERE therapist_id = ?`,
  );
  const insertReceipt = db.prepare(
    `INSERT INTO receipts (id, therapist_id, client_id, visit_id, number, data, hlc, seq)
     VALUES (@id, @therapistId, @clientId, @visitId, @number, @data, @hlc, @seq)`,
  );
  const updateReceiptData = db.prepare(`UPDATE receipts SET data = ?, hlc = ?, seq = ? WHERE id = ?`);
  const selectClinicalOfClient = db.prepare<[string], { id: string; entity: string }>(
    `SELECT id, entity FROM clinical_records WHERE client_id = ? ORDER BY seq`,
  );
  const selectOpensFile = db.prepare<Holder & { clinicalFrom: string; to: string }, { open: number }>(
    `SELECT EXISTS (SELECT 1 FROM visits v WHERE v.client_id = @clientId AND ${OPENS_FILE}) AS open`,
  );
  const upsertRevocation = db.prepare(
    `INSERT INTO revocations (therapist_id, record_id, entity, client_id, day, seq) VALUES (@therapistId, @id, @entity, @clientId, @day, @seq)
     ON CONFLICT (therapist_id, record_id) DO UPDATE SET day = excluded.day, seq = excluded.seq`,
  );
  const pruneRevocations = db.prepare(`DELETE FROM revocations WHERE day < ?`);
  const selectRevoked = db.prepare<[string, string], { revoked: number }>(
    `SELECT EXISTS (SELECT 1 FROM revocations WHERE therapist_id = ? AND record_id = ?) AS revoked`,
  );
  const bumpClinical = db.prepare(`UPDATE clinical_records SET seq = ? WHERE id = ?`);
  const selectTherapistForWrite = db.prepare<[string], { data: string; hlc: string }>(`SELECT data, hlc FROM therapists WHERE id = ?`);
  const selectClientForWrite = db.prepare<[string, string], { data: string; hlc: string; visible: number }>(
    `SELECT data, hlc, EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id AND v.therapist_id = ? AND v.deleted = 0) AS visible
       FROM clients c WHERE id = ?`,
  );

  /**
   * Session records edited by the push being applied, written back once at
   * its end instead of once per change. A day's notes arrive as several
   * changes to each record (one per field); rewriting a record of several KB,
   * with its indexes and a new sequence number, for each of them was most of
   * a push's time. The rows are written before anything else reads them (a
   * create's checks, the push's end), in the push's transaction, so what
   * commits is the same.
   */
  const heldRecords = new Map<string, CurrentRecord>();

  function writeHeldRecords(): void {
    for (const [id, record] of heldRecords) {
      updateClinicalData.run(JSON.stringify(record.data), JSON.stringify(record.hlc), nextSeq.get()!.value, id);
    }
    heldRecords.clear();
  }

  // Ids are unique across entities: a create must not take one another kind of record holds.
  const selectEntityOfId = db.prepare<{ id: string }, { entity: EntityName }>(`
    SELECT 'therapist' AS entity FROM therapists WHERE id = @id
    UNION ALL SELECT 'client' FROM clients WHERE id = @id
    UNION ALL SELECT 'visit' FROM visits WHERE id = @id
    UNION ALL SELECT 'conflict' FROM conflicts WHERE id = @id
    UNION ALL SELECT 'receipt' FROM receipts WHERE id = @id
    UNION ALL SELECT entity FROM clinical_records WHERE id = @id
    LIMIT 1`);

  /** The record a mutation targets, with its owner; null when it does not exist. */
  function loadForWrite(mutation: Mutation, therapistId: string): CurrentRecord | null {
    const held = mutation.entity === 'sessionRecord' ? heldRecords.get(mutation.id) : undefined;
    if (held) return held;
    const parse = (row: { data: string | null; hlc: string | null }, ownerId: string): CurrentRecord => ({
      ownerId,
      data: JSON.parse(row.data ?? '{}'),
      hlc: JSON.parse(row.hlc ?? '{}'),
    });
    switch (mutation.entity) {
      case 'visit': {
        const row = selectVisitForWrite.get(mutation.id);
        return row && !row.deleted ? parse(row, row.ownerId) : null;
      }
      case 'conflict': {
        const row = selectConflictForWrite.get(mutation.id);
        return row ? parse(row, row.ownerId) : null;
      }
      case 'therapist': {
        const row = selectTherapistForWrite.get(mutation.id);
        return row ? parse(row, mutation.id) : null;
      }
      case 'client': {
        const row = selectClientForWrite.get(therapistId, mutation.id);
        return row ? parse(row, row.visible ? therapistId : '') : null;
      }
      case 'receipt': {
        const row = selectReceiptForWrite.get(mutation.id);
        return row ? parse(row, row.ownerId) : null;
      }
      case 'intake':
      case 'sessionRecord':
      case 'amendment': {
        const row = selectClinicalForWrite.get(mutation.id, mutation.entity);
        return row ? parse(row, row.ownerId) : null;
      }
    }
  }

  /** What a create needs to know beyond the record itself. */
  function createContext(mutation: Mutation, therapistId: string, dates: NeedToKnowDates): CreateContext {
    const fields = mutation.fields as Record<string, unknown>;
    const clientId = typeof fields.clientId === 'string' ? fields.clientId : '';
    // A clinical record needs the client's file open (need to know); a receipt, any visit with them.
    const clientVisible = isClinical(mutation.entity) ? opensFile({ therapistId, clientId }, dates) : selectClientVisible.get(clientId, therapistId)!.visible === 1;
    const context: CreateContext = { clientVisible };
    if ((mutation.entity === 'sessionRecord' || mutation.entity === 'receipt') && typeof fields.visitId === 'string') {
      const row = selectVisitOwner.get(fields.visitId);
      const sessionRecord = row && mutation.entity === 'sessionRecord' ? selectSessionRecordOfVisit.get(row.clientId, fields.visitId) : undefined;
      context.visit = row
        ? { therapistId: row.therapistId, clientId: row.clientId, status: row.status, hasReceipt: row.hasReceipt === 1, sessionRecordId: sessionRecord?.id ?? null }
        : null;
      if (row && mutation.entity === 'receipt') {
        // The server composes a receipt from its own records: the visit, its client, the therapist's profile.
        const client = selectClientForWrite.get(therapistId, row.clientId);
        const therapist = selectTherapist.get(row.therapistId);
        context.receipt = client && therapist ? { visit: JSON.parse(row.data), client: JSON.parse(client.data), therapist: JSON.parse(therapist.data) } : null;
      }
    }
    if (mutation.entity === 'amendment' && typeof fields.recordId === 'string') {
      const row = selectClinicalForWrite.get(fields.recordId, 'sessionRecord');
      const record = row ? (JSON.parse(row.data) as { clientId: string; signedAt: string | null }) : null;
      context.amends = row && record ? { therapistId: row.ownerId, clientId: record.clientId, signedAt: record.signedAt } : null;
    }
    return context;
  }

  // A push's mutations share its time: its dates are computed once, not per mutation.
  let datesOfPush: { at: number; dates: NeedToKnowDates } | null = null;
  function datesAt(at: Date): NeedToKnowDates {
    if (datesOfPush?.at !== at.getTime()) datesOfPush = { at: at.getTime(), dates: needToKnowDates(at, needToKnowDays) };
    return datesOfPush.dates;
  }

  function opensFile(holder: Holder, dates: NeedToKnowDates): boolean {
    return selectOpensFile.get({ ...holder, clinicalFrom: dates.from, to: dates.to })!.open === 1;
  }

  /** Before a visit changes: whether each of its holders (before and after the change) may see the client's file. */
  function filesOpen(holders: Holder[], dates: NeedToKnowDates): boolean[] {
    return holders.map((holder) => opensFile(holder, dates));
  }

  /**
   * After a visit changed, in the same transaction: a holder who lost the
   * client's file gets a tombstone for each of its records at their next
   * pull; one who gained it gets the records re-sent. Their tombstones need
   * no withdrawing: the pull sends a tombstone only while the file is closed.
   */
  function settleFiles(holders: Holder[], wereOpen: boolean[], dates: NeedToKnowDates): void {
    holders.forEach((holder, index) => {
      const open = opensFile(holder, dates);
      if (wereOpen[index] && !open) {
        // Tombstones matter only to cursors of the same day; older ones are a snapshot's business.
        pruneRevocations.run(dates.today);
        for (const record of selectClinicalOfClient.all(holder.clientId)) revoke(holder, record, dates);
      } else if (!wereOpen[index] && open) {
        // One sequence number each, so pages never split a tie.
        for (const { id } of selectClinicalOfClient.all(holder.clientId)) bumpClinical.run(nextSeq.get()!.value, id);
      }
    });
  }

  function revoke(holder: Holder, record: { id: string; entity: string }, dates: NeedToKnowDates): void {
    upsertRevocation.run({ ...holder, ...record, day: dates.today, seq: nextSeq.get()!.value });
  }

  /** The holders a visit change can open or close a file for: before and after, once each. */
  function holdersOf(...visits: (Holder | undefined)[]): Holder[] {
    const holders: Holder[] = [];
    for (const visit of visits) {
      if (visit && !holders.some((held) => held.therapistId === visit.therapistId && held.clientId === visit.clientId)) {
        holders.push({ therapistId: visit.therapistId, clientId: visit.clientId });
      }
    }
    return holders;
  }

  // Law 25: the purge takes a client's records from every device that may still hold them.
  const selectHoldersOfClient = db.prepare<[string, string], { therapistId: string }>(
    `SELECT therapist_id AS therapistId FROM visits WHERE client_id = ? UNION SELECT therapist_id FROM receipts WHERE client_id = ?`,
  );
  const selectReceiptsOfClient = db.prepare<[string], { id: string; entity: string }>(`SELECT id, 'receipt' AS entity FROM receipts WHERE client_id = ?`);
  const privacy = sqlitePrivacy(db, (clientId) => {
    const dates = needToKnowDates(now(), needToKnowDays);
    const records = [...selectClinicalOfClient.all(clientId), ...selectReceiptsOfClient.all(clientId)];
    for (const { therapistId } of selectHoldersOfClient.all(clientId, clientId)) {
      for (const record of records) revoke({ therapistId, clientId }, record, dates);
    }
  });
  // The clients a push touched, logged at its end in its transaction (privacy/access-entries.ts).
  let pushAccess: PushAccess | null = null;

  /** `last`: the device's highest answered mutation id before this push (raised once, at the push's end). */
  function applyOne(push: PushInput, item: PushInput['mutations'][number], last: number): PushResult {
    const { therapistId, deviceId } = push;
    const logged = selectLogged.get(therapistId, deviceId, item.mutationId);
    if (logged) return replayed(JSON.parse(logged.result) as LoggedResult, item, therapistId);
    // Below the window, only applied rows are ever pruned: no row means it was applied.
    if (item.mutationId <= last - MUTATION_LOG_KEEP) return { mutationId: item.mutationId, status: 'applied' };

    let result: PushResult;
    let holding: { id: string; record: CurrentRecord } | null = null;
    let touched: (() => void) | null = null;
    if ('invalid' in item) {
      result = { mutationId: item.mutationId, status: 'rejected', code: 'invalid', reason: item.invalid };
    } else {
      const { mutation } = item;
      const current = loadForWrite(mutation, therapistId);
      const dates = datesAt(push.receivedAt);
      // A visit's status opens or closes its client's file (a cancellation closes it).
      const holders =
        mutation.entity === 'visit' && current && 'status' in mutation.fields
          ? holdersOf({ therapistId: current.ownerId, clientId: String(current.data.clientId) })
          : [];
      const wereOpen = filesOpen(holders, dates);
      const creates = mutation.op === 'create' && !current;
      const takenBy = creates ? selectEntityOfId.get({ id: mutation.id })?.entity : undefined;
      const decision = decideMutation(mutation, {
        therapistId,
        protocolVersion: push.protocolVersion,
        current,
        receivedAt: push.receivedAt,
        create: creates ? createContext(mutation, therapistId, dates) : undefined,
        idUsedBy: takenBy && takenBy !== mutation.entity ? takenBy : null,
      });
      if (decision.kind === 'rejected') {
        result = { mutationId: item.mutationId, status: 'rejected', code: decision.code, reason: decision.reason };
        if (decision.showCurrent && current) result.current = shownCopy(mutation, current);
      } else {
        if (mutation.op === 'create' && mutation.entity === 'receipt') {
          // The number is the server's: the next one for this therapist, in this very transaction.
          const number = nextReceiptNumber.get(therapistId)!.next;
          const data: Record<string, unknown> = { ...decision.data, number };
          // Stamped just after the device's create, so the device takes the number on its next pull.
          const hlc = { ...decision.hlc, number: hlcAfter(mutation.hlc, SERVER_HLC_NODE) };
          insertReceipt.run({
            id: mutation.id,
            therapistId,
            clientId: data.clientId,
            visitId: data.visitId,
            number,
            data: JSON.stringify(data),
            hlc: JSON.stringify(hlc),
            seq: nextSeq.get()!.value,
          });
        } else if (mutation.op === 'create' && !current) {
          insertClinical.run({
            id: mutation.id,
            entity: mutation.entity,
            clientId: decision.data.clientId,
            therapistId,
            data: JSON.stringify(decision.data),
            hlc: JSON.stringify(decision.hlc),
            seq: nextSeq.get()!.value,
          });
        } else if (decision.changed && mutation.entity === 'sessionRecord' && current) {
          // Held until the push's end (heldRecords), once the change and its log row are written.
          holding = { id: mutation.id, record: { ownerId: current.ownerId, data: decision.data, hlc: decision.hlc } };
        } else if (decision.changed) {
          // An update, or a create merged into the record another device created first.
          const update =
            mutation.entity === 'visit'
              ? updateVisitData
              : mutation.entity === 'conflict'
                ? updateConflictData
                : mutation.entity === 'receipt'
                  ? updateReceiptData
                  : updateClinicalData;
          update.run(JSON.stringify(decision.data), JSON.stringify(decision.hlc), nextSeq.get()!.value, mutation.id);
        }
        for (const conflict of decision.conflicts) {
          const record = {
            id: uuidv7(),
            therapistId,
            entity: mutation.entity,
            recordId: mutation.id,
            ...conflict,
            createdAt: push.receivedAt.toISOString(),
            resolved: false,
          };
          insertConflict.run(record.id, therapistId, JSON.stringify(record), stampAll(record, mutation.hlc), nextSeq.get()!.value);
        }
        result = { mutationId: item.mutationId, status: 'applied' };
        touched = () => pushAccess?.add(mutation, current?.data ?? decision.data);
      }
      settleFiles(holders, wereOpen, dates);
      // A device kept this record past its tombstone because a change to it was waiting
      // (apply-pull.ts); now that the change is answered, the tombstone goes out again.
      // Only a record once revoked can be in that case: its revocation row is looked up first, by key,
      // so a push of a day's notes does not judge the client's file once per change.
      if (current && isClinical(mutation.entity) && selectRevoked.get(therapistId, mutation.id)!.revoked === 1) {
        const holder = { therapistId, clientId: String(current.data.clientId) };
        if (!opensFile(holder, dates)) revoke(holder, { id: mutation.id, entity: mutation.entity }, dates);
      }
    }
    logResult(push, item, result);
    // Last, so that a throw above (rolled back with its savepoint) leaves the held copy as it was.
    if (holding) heldRecords.set(holding.id, holding.record);
    touched?.();
    return result;
  }

  /** A resend's answer: the logged one, with the server's copy as it is now when the first answer carried one. */
  function replayed({ showsCurrent, ...result }: LoggedResult, item: PushInput['mutations'][number], therapistId: string): PushResult {
    if (!showsCurrent || result.status !== 'rejected' || 'invalid' in item) return result;
    const current = loadForWrite(item.mutation, therapistId);
    return current ? { ...result, current: shownCopy(item.mutation, current) } : result;
  }

  function logResult(push: PushInput, item: PushInput['mutations'][number], result: PushResult): void {
    insertLog.run({
      therapistId: push.therapistId,
      deviceId: push.deviceId,
      mutationId: item.mutationId,
      status: result.status,
      result: JSON.stringify(loggedResult(result)),
      mutation: result.status === 'rejected' ? refusedCopy('raw' in item ? item.raw : item.mutation) : null,
      receivedAt: push.receivedAt.getTime(),
    });
  }

  // One transaction per push; each mutation in its own savepoint with its log row.
  const applyOneTx = db.transaction(applyOne);
  const logResultTx = db.transaction(logResult);

  /**
   * A throw while applying one mutation (a damaged row, a bug) rolls back its
   * savepoint only: the mutation is refused `server_error` and logged, and the
   * rest of the batch goes on. Otherwise one bad change would fail every push
   * of that device forever, and its outbox would never drain.
   */
  function applyOneSafely(push: PushInput, item: PushInput['mutations'][number], last: number, reportError?: (error: unknown) => void): PushResult {
    try {
      return applyOneTx(push, item, last);
    } catch (error) {
      // Some failures (disk full, I/O) make SQLite roll back the whole
      // transaction: nothing of this push can commit, so the push fails as a whole.
      if (!db.inTransaction) throw error;
      reportError?.(
        new Error(`Push from device ${push.deviceId} (therapist ${push.therapistId}): mutation ${item.mutationId} could not be applied`, { cause: error }),
      );
      const result: PushResult = { mutationId: item.mutationId, status: 'rejected', code: 'server_error', reason: SERVER_ERROR_REASON };
      try {
        logResultTx(push, item, result);
      } catch (logError) {
        // Not even its log row could be written (an id SQLite cannot store):
        // the device still gets its answer, and a resend is judged afresh.
        reportError?.(logError);
      }
      return result;
    }
  }

  const applyPushTx = db.transaction((push: PushInput, reportError?: (error: unknown) => void) => {
    const before = selectLastMutation.get(push.therapistId, push.deviceId)?.last ?? 0;
    pushAccess = accessOfPush(push);
    const results = push.mutations.map((item) => {
      // A create's checks read other records from the database (a session record's signature, say).
      if (!('invalid' in item) && item.mutation.op === 'create') writeHeldRecords();
      return applyOneSafely(push, item, before, reportError);
    });
    writeHeldRecords();
    privacy.logAccess(pushAccess.entries());
    // Every mutation of the push is answered: the device's highest id moves once, not per change
    // (over the ids SQLite can store; others were answered without a log row).
    const ids = push.mutations.map((item) => item.mutationId).filter((id) => Number.isSafeInteger(id));
    if (ids.length === 0) return results;
    const highest = Math.max(...ids);
    raiseLastMutation.run(push.therapistId, push.deviceId, highest);
    // The log keeps a window of applied rows per device, not every change ever made.
    pruneAppliedLog.run(push.therapistId, push.deviceId, Math.max(before, highest) - MUTATION_LOG_KEEP);
    if (results.some((result) => result.status === 'rejected')) {
      dropOldRefusedCopies.run({ therapistId: push.therapistId, keep: REFUSED_COPIES_KEEP });
    }
    return results;
  });

  const putVisitTx = db.transaction((visit: Visit, hlc: string) => {
    const before = selectVisitKeys.get(visit.id);
    const dates = needToKnowDates(now(), needToKnowDays);
    const holders = holdersOf(before, visit);
    const wereOpen = filesOpen(holders, dates);
    const seq = nextSeq.get()!.value;
    upsertVisit.run({ ...visit, data: JSON.stringify(visit), hlc: stampAll(visit, hlc), seq });
    // A client reaches a phone through a visit. When a visit appears, moves to another day or
    // another therapist, the client is re-sent so the new holder gets it.
    const reassigned =
      !before ||
      before.deleted === 1 ||
      before.therapistId !== visit.therapistId ||
      before.clientId !== visit.clientId ||
      before.date !== visit.date;
    if (reassigned) bumpClient.run(nextSeq.get()!.value, visit.clientId);
    // The client's clinical file goes to whoever may now see it, and leaves whoever no longer may.
    settleFiles(holders, wereOpen, dates);
  });

  const deleteVisitTx = db.transaction((id: string) => {
    const before = selectVisitKeys.get(id);
    const dates = needToKnowDates(now(), needToKnowDays);
    const holders = holdersOf(before);
    const wereOpen = filesOpen(holders, dates);
    tombstoneVisit.run(nextSeq.get()!.value, id);
    settleFiles(holders, wereOpen, dates);
  });

  return {
    async isEmpty() {
      return countTherapists.get()!.n === 0;
    },
    async currentSeq() {
      return readSeq.get()!.value;
    },
    async createTherapist(therapist: Therapist, passwordHash: string, hlc: string, role = 'therapist') {
      db.transaction(() => {
        insertTherapist.run({
          role,
          id: therapist.id,
          email: therapist.email.toLowerCase(),
          passwordHash,
          data: JSON.stringify(therapist),
          hlc: stampAll(therapist, hlc),
          seq: nextSeq.get()!.value,
        });
      })();
    },
    async getRole(id) {
      const row = selectRole.get(id);
      return row ? (row.role as 'therapist' | 'office') : null;
    },
    async visitsUnderWay(date) {
      return selectUnderWay.all(date).map((row) => ({
        visit: JSON.parse(row.visit) as Visit,
        therapist: JSON.parse(row.therapist) as Therapist,
        client: JSON.parse(row.client) as Client,
      }));
    },
    async getTherapist(id) {
      const row = selectTherapist.get(id);
      return row ? (JSON.parse(row.data) as Therapist) : null;
    },
    async findCredentials(email) {
      return selectCredentials.get(email.toLowerCase()) ?? null;
    },
    async createSession(session: StoredSession) {
      insertSession.run({
        tokenHash: session.tokenHash,
        therapistId: session.therapistId,
        createdAt: session.createdAt.getTime(),
        expiresAt: session.expiresAt.getTime(),
        id: uuidv7(session.createdAt.getTime()),
        signOutHash: session.signOutHash ?? null,
        browser: session.device?.browser ?? null,
        os: session.device?.os ?? null,
      });
    },
    async findSession(tokenHash, now) {
      const row = selectSession.get(tokenHash, now.getTime());
      if (!row) {
        removeExpiredSessions.run(now.getTime());
        return null;
      }
      return toSessionInfo(row);
    },
    async deleteSession(tokenHash) {
      removeSession.run(tokenHash);
    },
    async deleteSessionBySignOut(signOutHash) {
      removeSessionBySignOut.run(signOutHash);
    },
    async deleteOtherSessions(therapistId, keepTokenHash) {
      return removeOtherSessions.run(therapistId, keepTokenHash).changes;
    },
    async touchSession(tokenHash, at) {
      updateLastSeen.run(at.getTime(), tokenHash);
    },
    async listSessions(therapistId, now) {
      return selectSessionsOf.all(therapistId, now.getTime()).map(toSessionInfo);
    },
    async markSessionsForWipe(therapistId, reason, keepTokenHash, keepUntil) {
      return markForWipe.run({ therapistId, reason, keep: keepTokenHash, keepUntil: keepUntil.getTime() }).changes;
    },
    async deactivateAccount(therapistId, at, keepUntil) {
      return db.transaction(() => {
        if (deactivate.run(at.getTime(), therapistId).changes === 0) return false;
        markForWipe.run({ therapistId, reason: 'deactivated', keep: null, keepUntil: keepUntil.getTime() });
        return true;
      })();
    },
    async recordLoginFailure(key, at, forgetBefore) {
      return db.transaction(() => {
        // Stale counts go first, so the upsert below starts this key from one after a quiet spell.
        removeStaleLoginFailures.run(forgetBefore.getTime());
        const row = upsertLoginFailure.get({ key, at: at.getTime() })!;
        return { failures: row.failures, lastFailureAt: new Date(row.lastFailureAt) };
      })();
    },
    async loginFailures(key, forgetBefore) {
      const row = selectLoginFailures.get(key, forgetBefore.getTime());
      return row ? { failures: row.failures, lastFailureAt: new Date(row.lastFailureAt) } : null;
    },
    async clearLoginFailures(key) {
      removeLoginFailures.run(key);
    },
    async rememberDevice(tokenHash, therapistId, expiresAt) {
      upsertKnownDevice.run(tokenHash, therapistId, expiresAt.getTime());
    },
    async isKnownDevice(tokenHash, therapistId, now) {
      return selectKnownDevice.get(tokenHash, therapistId, now.getTime()) !== undefined;
    },
    async forgetDevices(therapistId, exceptTokenHash) {
      removeKnownDevices.run(therapistId, exceptTokenHash);
    },
    async keyEscrow({ therapistId, deviceId, knownDeviceHash, fresh, replace, at }) {
      const row = (replace ? replaceEscrow : takeEscrow).get(therapistId, deviceId, Buffer.from(fresh), knownDeviceHash, at.getTime())!;
      return new Uint8Array(row.secret);
    },
    async deleteKeyEscrows(therapistId, exceptKnownDeviceHash) {
      return removeEscrows.run(therapistId, exceptKnownDeviceHash, exceptKnownDeviceHash).changes;
    },
    async putClient(client: Client, hlc: string) {
      db.transaction(() => {
        upsertClient.run({ id: client.id, data: JSON.stringify(client), hlc: stampAll(client, hlc), seq: nextSeq.get()!.value });
      })();
    },
    async putClinicalRecord(entity, record, hlc) {
      db.transaction(() => {
        insertClinical.run({
          id: record.id,
          entity,
          clientId: record.clientId,
          therapistId: record.therapistId,
          data: JSON.stringify(record),
          hlc: stampAll(record, hlc),
          seq: nextSeq.get()!.value,
        });
      })();
    },
    async putVisit(visit, hlc) {
      putVisitTx(visit, hlc);
    },
    async deleteVisit(id) {
      deleteVisitTx(id);
    },
    async applyPush(push: PushInput, reportError?: (error: unknown) => void) {
      try {
        return applyPushTx(push, reportError);
      } finally {
        pushAccess = null;
        // Written, or rolled back with the push that failed: never carried into the next one.
        heldRecords.clear();
      }
    },
    async pullChanges(query: PullQuery) {
      const dates = needToKnowDates(now(), needToKnowDays);
      const rows = selectChanges.all({ ...query, clinicalFrom: dates.from, today: dates.today, limit: query.limit + 1 });
      const hasMore = rows.length > query.limit;
      const records = rows.slice(0, query.limit).map(toSyncRecord);
      return { records, hasMore };
    },
    isPrivacyOfficer: privacy.isPrivacyOfficer,
    setPrivacyOfficer: privacy.setPrivacyOfficer,
    appendAccess: privacy.appendAccess,
    accessLog: privacy.accessLog,
    clientFile: privacy.clientFile,
    lastCareDate: privacy.lastCareDate,
    recordDeletionRequest: privacy.recordDeletionRequest,
    deletionRequests: privacy.deletionRequests,
    purgeExpired: privacy.purgeExpired,
    purgeReports: privacy.purgeReports,
    async close() {
      db.close();
    },
  };
}

interface SessionRow {
  tokenHash: string;
  therapistId: string;
  createdAt: number;
  expiresAt: number;
  id: string;
  signOutHash: string | null;
  browser: string | null;
  os: string | null;
  lastSeenAt: number;
  wipe: WipeReason | null;
}

function toSessionInfo(row: SessionRow): SessionInfo {
  return {
    tokenHash: row.tokenHash,
    therapistId: row.therapistId,
    createdAt: new Date(row.createdAt),
    expiresAt: new Date(row.expiresAt),
    id: row.id,
    signOutHash: row.signOutHash,
    device: { browser: row.browser, os: row.os },
    lastSeenAt: new Date(row.lastSeenAt),
    wipe: row.wipe,
  };
}

/**
 * The server's copy sent back with a refusal: of an update, only the fields
 * it touched (all the device puts back) and those it says it saw (`base`: a
 * refused signature shows the newer text), so that a push of refused edits to
 * records holding a drawn signature is not answered with every signature; of
 * a create, the whole record.
 */
function shownCopy(mutation: Mutation, current: CurrentRecord): { data: Record<string, unknown>; hlc: Record<string, string> } {
  if (mutation.op === 'create') return { data: current.data, hlc: current.hlc };
  const named = new Set([...Object.keys(mutation.fields), ...Object.keys(mutation.base)]);
  const fields = [...named].filter((field) => field in current.data);
  return {
    data: Object.fromEntries(fields.map((field) => [field, current.data[field]])),
    hlc: Object.fromEntries(fields.filter((field) => field in current.hlc).map((field) => [field, current.hlc[field]!])),
  };
}

/** A result as the log keeps it: never the server's copy (it can be large, and is stale by a resend), only that there was one. */
type LoggedResult = PushResult & { showsCurrent?: true };

function loggedResult(result: PushResult): LoggedResult {
  if (result.status !== 'rejected' || !result.current) return result;
  const { current: _shown, ...kept } = result;
  return { ...kept, showsCurrent: true };
}

function toSyncRecord(row: RecordRow): SyncRecord {
  if (row.deleted || row.data === null) return { entity: row.entity, id: row.id, seq: row.seq, deleted: true };
  // The rows were validated on the way in; the entity column says which type `data` holds.
  return {
    entity: row.entity,
    id: row.id,
    seq: row.seq,
    deleted: false,
    data: JSON.parse(row.data),
    hlc: JSON.parse(row.hlc ?? '{}'),
  } as SyncRecord;
}
