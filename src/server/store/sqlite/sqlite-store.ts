import type { Client, Therapist, Visit } from '../../../shared/domain';
import { hlcAfter } from '../../../shared/hlc';
import { uuidv7 } from '../../../shared/ids';
import type { EntityName, Mutation, PushResult, SyncRecord } from '../../../shared/protocol';
import { SERVER_HLC_NODE } from '../../server-clock';
import { decideMutation, type CreateContext, type CurrentRecord } from '../../sync/decide-mutation';
import { REFUSED_COPIES_KEEP, refusedCopy } from '../refused-copy';
import { MUTATION_LOG_KEEP, SERVER_ERROR_REASON, type PullQuery, type PushInput, type Store, type StoredSession } from '../store';
import { openSqliteDatabase } from './sqlite-database';

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

/** The embedded store: one SQLite file (see sqlite-database.ts), synchronous calls behind the async interface. */
export function openSqliteStore(file: string): Store {
  const db = openSqliteDatabase(file);

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
    `SELECT id AS therapistId, password_hash AS passwordHash FROM therapists WHERE email = ?`,
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (token_hash, therapist_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
  );
  const selectSession = db.prepare<[string, number], { therapistId: string; createdAt: number; expiresAt: number }>(
    `SELECT therapist_id AS therapistId, created_at AS createdAt, expires_at AS expiresAt
       FROM sessions WHERE token_hash = ? AND expires_at > ?`,
  );
  const removeSession = db.prepare(`DELETE FROM sessions WHERE token_hash = ?`);
  const removeExpiredSessions = db.prepare(`DELETE FROM sessions WHERE expires_at <= ?`);
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
    { therapistId: string; from: string; to: string; afterSeq: number; limit: number },
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
       AND EXISTS (SELECT 1 FROM visits v
                    WHERE v.client_id = r.client_id AND v.therapist_id = @therapistId
                      AND v.date BETWEEN @from AND @to AND v.deleted = 0)
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
  const selectVisitOwner = db.prepare<[string], { therapistId: string; clientId: string; status: string; hasReceipt: number }>(
    `SELECT therapist_id AS therapistId, client_id AS clientId, json_extract(data, '$.status') AS status,
            EXISTS (SELECT 1 FROM receipts r WHERE r.visit_id = visits.id) AS hasReceipt
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
  const selectClinicalIdsOfClient = db.prepare<[string], { id: string }>(`SELECT id FROM clinical_records WHERE client_id = ? ORDER BY seq`);
  const bumpClinical = db.prepare(`UPDATE clinical_records SET seq = ? WHERE id = ?`);
  const selectTherapistForWrite = db.prepare<[string], { data: string; hlc: string }>(`SELECT data, hlc FROM therapists WHERE id = ?`);
  const selectClientForWrite = db.prepare<[string, string], { data: string; hlc: string; visible: number }>(
    `SELECT data, hlc, EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id AND v.therapist_id = ? AND v.deleted = 0) AS visible
       FROM clients c WHERE id = ?`,
  );

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
  function createContext(mutation: Mutation, therapistId: string): CreateContext {
    const fields = mutation.fields as Record<string, unknown>;
    const clientId = typeof fields.clientId === 'string' ? fields.clientId : '';
    const context: CreateContext = { clientVisible: selectClientVisible.get(clientId, therapistId)!.visible === 1 };
    if ((mutation.entity === 'sessionRecord' || mutation.entity === 'receipt') && typeof fields.visitId === 'string') {
      const visit = selectVisitOwner.get(fields.visitId);
      const sessionRecord = visit && mutation.entity === 'sessionRecord' ? selectSessionRecordOfVisit.get(visit.clientId, fields.visitId) : undefined;
      context.visit = visit ? { ...visit, hasReceipt: visit.hasReceipt === 1, sessionRecordId: sessionRecord?.id ?? null } : null;
    }
    if (mutation.entity === 'amendment' && typeof fields.recordId === 'string') {
      const row = selectClinicalForWrite.get(fields.recordId, 'sessionRecord');
      const record = row ? (JSON.parse(row.data) as { clientId: string; signedAt: string | null }) : null;
      context.amends = row && record ? { therapistId: row.ownerId, clientId: record.clientId, signedAt: record.signedAt } : null;
    }
    return context;
  }

  function applyOne(push: PushInput, item: PushInput['mutations'][number]): PushResult {
    const { therapistId, deviceId } = push;
    const logged = selectLogged.get(therapistId, deviceId, item.mutationId);
    if (logged) return JSON.parse(logged.result) as PushResult;
    // Below the window, only applied rows are ever pruned: no row means it was applied.
    const last = selectLastMutation.get(therapistId, deviceId)?.last ?? 0;
    if (item.mutationId <= last - MUTATION_LOG_KEEP) return { mutationId: item.mutationId, status: 'applied' };

    let result: PushResult;
    if ('invalid' in item) {
      result = { mutationId: item.mutationId, status: 'rejected', code: 'invalid', reason: item.invalid };
    } else {
      const { mutation } = item;
      const current = loadForWrite(mutation, therapistId);
      const creates = mutation.op === 'create' && !current;
      const holder = creates ? selectEntityOfId.get({ id: mutation.id })?.entity : undefined;
      const decision = decideMutation(mutation, {
        therapistId,
        protocolVersion: push.protocolVersion,
        current,
        create: creates ? createContext(mutation, therapistId) : undefined,
        idUsedBy: holder && holder !== mutation.entity ? holder : null,
      });
      if (decision.kind === 'rejected') {
        result = { mutationId: item.mutationId, status: 'rejected', code: decision.code, reason: decision.reason };
        if (decision.showCurrent && current) result.current = { data: current.data, hlc: current.hlc };
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
      }
    }
    logResult(push, item, result);
    return result;
  }

  function logResult(push: PushInput, item: PushInput['mutations'][number], result: PushResult): void {
    insertLog.run({
      therapistId: push.therapistId,
      deviceId: push.deviceId,
      mutationId: item.mutationId,
      status: result.status,
      result: JSON.stringify(result),
      mutation: result.status === 'rejected' ? refusedCopy('raw' in item ? item.raw : item.mutation) : null,
      receivedAt: push.receivedAt.getTime(),
    });
    raiseLastMutation.run(push.therapistId, push.deviceId, item.mutationId);
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
  function applyOneSafely(push: PushInput, item: PushInput['mutations'][number], reportError?: (error: unknown) => void): PushResult {
    try {
      return applyOneTx(push, item);
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
    const results = push.mutations.map((item) => applyOneSafely(push, item, reportError));
    // The log keeps a window of applied rows per device, not every change ever made.
    const last = selectLastMutation.get(push.therapistId, push.deviceId)?.last;
    if (last !== undefined) pruneAppliedLog.run(push.therapistId, push.deviceId, last - MUTATION_LOG_KEEP);
    if (results.some((result) => result.status === 'rejected')) {
      dropOldRefusedCopies.run({ therapistId: push.therapistId, keep: REFUSED_COPIES_KEEP });
    }
    return results;
  });

  const putVisitTx = db.transaction((visit: Visit, hlc: string) => {
    const before = selectVisitKeys.get(visit.id);
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
    if (reassigned) {
      bumpClient.run(nextSeq.get()!.value, visit.clientId);
      // The client's file goes with them; one sequence number each, so pages never split a tie.
      for (const { id } of selectClinicalIdsOfClient.all(visit.clientId)) bumpClinical.run(nextSeq.get()!.value, id);
    }
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
      insertSession.run(session.tokenHash, session.therapistId, session.createdAt.getTime(), session.expiresAt.getTime());
    },
    async findSession(tokenHash, now) {
      const row = selectSession.get(tokenHash, now.getTime());
      if (!row) {
        removeExpiredSessions.run(now.getTime());
        return null;
      }
      return { tokenHash, therapistId: row.therapistId, createdAt: new Date(row.createdAt), expiresAt: new Date(row.expiresAt) };
    },
    async deleteSession(tokenHash) {
      removeSession.run(tokenHash);
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
      db.transaction(() => {
        tombstoneVisit.run(nextSeq.get()!.value, id);
      })();
    },
    async applyPush(push: PushInput, reportError?: (error: unknown) => void) {
      return applyPushTx(push, reportError);
    },
    async pullChanges(query: PullQuery) {
      const rows = selectChanges.all({ ...query, limit: query.limit + 1 });
      const hasMore = rows.length > query.limit;
      const records = rows.slice(0, query.limit).map(toSyncRecord);
      return { records, hasMore };
    },
    async close() {
      db.close();
    },
  };
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
