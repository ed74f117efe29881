import type Database from 'better-sqlite3';
import type { Amendment, Client, Intake, Receipt, SessionRecord, Visit } from '../../../shared/domain';
import type { AccessEntry, AccessKind, ClientFile, DeletionRequest, PurgeReport, PurgeRule } from '../../privacy/privacy-types';
import type { Store } from '../store';

interface AccessRow {
  at: number;
  accountId: string;
  deviceId: string | null;
  sessionId: string | null;
  deviceLabel: string | null;
  action: AccessEntry['action'];
  clientId: string;
  kinds: string;
  recordIds: string;
}

interface DeletionRow {
  id: string;
  clientId: string;
  askedBy: string;
  reason: string;
  recordedBy: string;
  requestedAt: number;
  carriedOutAt: number | null;
  purgeId: number | null;
}

// A client's last day of care: a visit that was not cancelled, or the date of a clinical record (an import may have no visit).
const LAST_CARE = `max(
  coalesce((SELECT max(v.date) FROM visits v WHERE v.client_id = c.id AND v.deleted = 0
             AND coalesce(CASE WHEN json_valid(v.data) THEN json_extract(v.data, '$.status') END, '') <> 'cancelled'), ''),
  coalesce((SELECT max(substr(json_extract(r.data, '$.createdAt'), 1, 10)) FROM clinical_records r WHERE r.client_id = c.id), ''))`;

const RECORDS_OF_CLIENT = `SELECT id FROM clinical_records WHERE client_id = @clientId
  UNION ALL SELECT id FROM receipts WHERE client_id = @clientId
  UNION ALL SELECT id FROM visits WHERE client_id = @clientId
  UNION ALL SELECT @clientId`;

export type PrivacyStore = Pick<
  Store,
  | 'isPrivacyOfficer'
  | 'setPrivacyOfficer'
  | 'appendAccess'
  | 'accessLog'
  | 'clientFile'
  | 'lastCareDate'
  | 'recordDeletionRequest'
  | 'deletionRequests'
  | 'purgeExpired'
  | 'purgeReports'
>;

/**
 * The Law 25 part of the SQLite store: the access log (append-only, enforced
 * by triggers, migration 9), a client's whole file, deletion requests, and
 * the retention purge. `revokeFromHolders` is called inside the purge's
 * transaction before a client's clinical records go, so that a device still
 * holding them gets tombstones, as need to know does.
 */
export function sqlitePrivacy(db: Database.Database, revokeFromHolders: (clientId: string) => void): PrivacyStore & { logAccess(entries: AccessEntry[]): void } {
  const selectOfficer = db.prepare<[string], { officer: number }>(`SELECT privacy_officer AS officer FROM therapists WHERE id = ?`);
  const updateOfficer = db.prepare(`UPDATE therapists SET privacy_officer = ? WHERE id = ?`);
  const insertAccess = db.prepare(
    `INSERT INTO access_log (at, account_id, device_id, session_id, device_label, action, client_id, kinds, record_ids)
     VALUES (@at, @accountId, @deviceId, @sessionId, @deviceLabel, @action, @clientId, @kinds, @recordIds)`,
  );
  const selectAccess = db.prepare<[string], AccessRow>(
    `SELECT at, account_id AS accountId, device_id AS deviceId, session_id AS sessionId, device_label AS deviceLabel,
            action, client_id AS clientId, kinds, record_ids AS recordIds
       FROM access_log WHERE client_id = ? ORDER BY at, id`,
  );
  const selectClient = db.prepare<[string], { data: string }>(`SELECT data FROM clients WHERE id = ?`);
  const selectVisits = db.prepare<[string], { data: string }>(`SELECT data FROM visits WHERE client_id = ? AND deleted = 0 ORDER BY date, id`);
  const selectClinical = db.prepare<[string], { entity: string; data: string }>(
    `SELECT entity, data FROM clinical_records WHERE client_id = ? ORDER BY json_extract(data, '$.createdAt'), id`,
  );
  const selectReceipts = db.prepare<[string], { data: string }>(`SELECT data FROM receipts WHERE client_id = ? ORDER BY therapist_id, number`);
  const selectLastCare = db.prepare<[string], { last: string }>(`SELECT ${LAST_CARE} AS last FROM clients c WHERE c.id = ?`);
  const insertDeletion = db.prepare(
    `INSERT INTO deletion_requests (id, client_id, asked_by, reason, recorded_by, requested_at) VALUES (@id, @clientId, @askedBy, @reason, @recordedBy, @requestedAt)`,
  );
  const deletionColumns = `id, client_id AS clientId, asked_by AS askedBy, reason, recorded_by AS recordedBy, requested_at AS requestedAt,
    carried_out_at AS carriedOutAt, purge_id AS purgeId`;
  const selectDeletions = db.prepare<[string], DeletionRow>(`SELECT ${deletionColumns} FROM deletion_requests WHERE client_id = ? ORDER BY requested_at, id`);

  // Expired: care ended before the kept period; a client with a deletion request and no care at all has nothing that keeps them.
  const selectExpired = db.prepare<{ keptFrom: string }, { id: string; deletion: number }>(`
    SELECT c.id, EXISTS (SELECT 1 FROM deletion_requests d WHERE d.client_id = c.id AND d.carried_out_at IS NULL) AS deletion
      FROM clients c
     WHERE ${LAST_CARE} < @keptFrom
       AND (${LAST_CARE} <> '' OR EXISTS (SELECT 1 FROM deletion_requests d WHERE d.client_id = c.id AND d.carried_out_at IS NULL))
       AND (EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id)
            OR EXISTS (SELECT 1 FROM clinical_records r WHERE r.client_id = c.id)
            OR EXISTS (SELECT 1 FROM receipts r WHERE r.client_id = c.id)
            OR EXISTS (SELECT 1 FROM deletion_requests d WHERE d.client_id = c.id AND d.carried_out_at IS NULL))`);
  const countClinical = db.prepare<[string], { entity: string; n: number }>(`SELECT entity, count(*) AS n FROM clinical_records WHERE client_id = ? GROUP BY entity`);
  // Conflicts keep the losing text of a free-text field: clinical content, so they go with their record.
  const deleteConflicts = db.prepare(
    `DELETE FROM conflicts WHERE json_extract(data, '$.recordId') IN (${RECORDS_OF_CLIENT})`,
  );
  const countOthers = db.prepare<{ clientId: string }, { receipts: number; visits: number; conflicts: number }>(
    `SELECT (SELECT count(*) FROM receipts WHERE client_id = @clientId) AS receipts,
            (SELECT count(*) FROM visits WHERE client_id = @clientId) AS visits,
            (SELECT count(*) FROM conflicts WHERE json_extract(data, '$.recordId') IN (${RECORDS_OF_CLIENT})) AS conflicts`,
  );
  const deleteClinical = db.prepare(`DELETE FROM clinical_records WHERE client_id = ?`);
  const deleteReceipts = db.prepare(`DELETE FROM receipts WHERE client_id = ?`);
  const deleteVisits = db.prepare(`DELETE FROM visits WHERE client_id = ?`);
  const deleteClient = db.prepare(`DELETE FROM clients WHERE id = ?`);
  const insertReport = db.prepare<[number, string, number, string, string], { id: number }>(
    `INSERT INTO purge_reports (at, kept_from, log_before, counts, client_ids) VALUES (?, ?, ?, ?, ?) RETURNING id`,
  );
  const countOldAccess = db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM access_log WHERE at < ?`);
  const deleteOldAccess = db.prepare(`DELETE FROM access_log WHERE at < ?`);
  const carryOutDeletions = db.prepare(`UPDATE deletion_requests SET carried_out_at = ?, purge_id = ? WHERE client_id = ? AND carried_out_at IS NULL RETURNING id`);
  const selectReports = db.prepare<[], { id: number; at: number; keptFrom: string; logBefore: number; counts: string; clientIds: string }>(
    `SELECT id, at, kept_from AS keptFrom, log_before AS logBefore, counts, client_ids AS clientIds FROM purge_reports ORDER BY id`,
  );
  const selectReport = db.prepare<[number], { id: number; at: number; keptFrom: string; logBefore: number; counts: string; clientIds: string }>(
    `SELECT id, at, kept_from AS keptFrom, log_before AS logBefore, counts, client_ids AS clientIds FROM purge_reports WHERE id = ?`,
  );
  const selectReportDeletions = db.prepare<[number], { id: string }>(`SELECT id FROM deletion_requests WHERE purge_id = ? ORDER BY id`);

  function logAccess(entries: AccessEntry[]): void {
    for (const entry of entries) {
      insertAccess.run({
        ...entry,
        at: entry.at.getTime(),
        kinds: JSON.stringify(entry.kinds),
        recordIds: JSON.stringify(entry.recordIds),
      });
    }
  }

  function toReport(row: { id: number; at: number; keptFrom: string; logBefore: number; counts: string; clientIds: string }): PurgeReport {
    return {
      id: row.id,
      at: new Date(row.at),
      keptFrom: row.keptFrom,
      logBefore: new Date(row.logBefore),
      counts: JSON.parse(row.counts),
      clientIds: JSON.parse(row.clientIds),
      deletionRequestIds: selectReportDeletions.all(row.id).map((request) => request.id),
    };
  }

  const purgeTx = db.transaction((rule: PurgeRule): PurgeReport => {
    const expired = selectExpired.all({ keptFrom: rule.keptFrom });
    // Counted before anything goes, so the report is written once, complete, and first: its
    // log_before is what lets the access log's trigger pass the rows deleted below.
    const counts: Record<string, number> = { intake: 0, sessionRecord: 0, amendment: 0, receipt: 0, visit: 0, conflict: 0, client: 0, accessLog: 0 };
    for (const client of expired) {
      for (const { entity, n } of countClinical.all(client.id)) counts[entity] = (counts[entity] ?? 0) + n;
      const other = countOthers.get({ clientId: client.id })!;
      counts.receipt! += other.receipts;
      counts.visit! += other.visits;
      counts.conflict! += other.conflicts;
      counts.client! += client.deletion;
    }
    counts.accessLog = countOldAccess.get(rule.logBefore.getTime())!.n;
    const clientIds = expired.map((client) => client.id);
    const { id } = insertReport.get(rule.at.getTime(), rule.keptFrom, rule.logBefore.getTime(), JSON.stringify(counts), JSON.stringify(clientIds))!;
    for (const client of expired) {
      revokeFromHolders(client.id);
      deleteConflicts.run({ clientId: client.id });
      deleteClinical.run(client.id);
      deleteReceipts.run(client.id);
      deleteVisits.run(client.id);
      // Without a request, the client's name and address stay: the office may book them again.
      if (client.deletion) {
        deleteClient.run(client.id);
        carryOutDeletions.run(rule.at.getTime(), id, client.id);
      }
    }
    deleteOldAccess.run(rule.logBefore.getTime());
    return toReport(selectReport.get(id)!);
  });

  return {
    logAccess,
    async isPrivacyOfficer(id) {
      return selectOfficer.get(id)?.officer === 1;
    },
    async setPrivacyOfficer(id, officer) {
      updateOfficer.run(officer ? 1 : 0, id);
    },
    async appendAccess(entries) {
      // A pull page that carried no client's records writes nothing.
      if (entries.length > 0) db.transaction(logAccess)(entries);
    },
    async accessLog(clientId) {
      return selectAccess.all(clientId).map((row) => ({
        ...row,
        at: new Date(row.at),
        kinds: JSON.parse(row.kinds) as AccessKind[],
        recordIds: JSON.parse(row.recordIds) as string[],
      }));
    },
    async clientFile(clientId) {
      return db.transaction((): ClientFile | null => {
        const client = selectClient.get(clientId);
        if (!client) return null;
        const clinical = selectClinical.all(clientId);
        const of = <T>(entity: string) => clinical.filter((row) => row.entity === entity).map((row) => JSON.parse(row.data) as T);
        return {
          client: JSON.parse(client.data) as Client,
          visits: selectVisits.all(clientId).map((row) => JSON.parse(row.data) as Visit),
          intakes: of<Intake>('intake'),
          sessionRecords: of<SessionRecord>('sessionRecord'),
          amendments: of<Amendment>('amendment'),
          receipts: selectReceipts.all(clientId).map((row) => JSON.parse(row.data) as Receipt),
        };
      })();
    },
    async lastCareDate(clientId) {
      return selectLastCare.get(clientId)?.last || null;
    },
    async recordDeletionRequest(request) {
      insertDeletion.run({ ...request, requestedAt: request.requestedAt.getTime() });
    },
    async deletionRequests(clientId) {
      return selectDeletions.all(clientId).map(
        (row): DeletionRequest => ({
          ...row,
          requestedAt: new Date(row.requestedAt),
          carriedOutAt: row.carriedOutAt === null ? null : new Date(row.carriedOutAt),
        }),
      );
    },
    async purgeExpired(rule) {
      return purgeTx(rule);
    },
    async purgeReports() {
      return selectReports.all().map(toReport);
    },
  };
}
