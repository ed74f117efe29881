import type { Amendment, Client, Intake, Receipt, SessionRecord, Visit } from '../../shared/domain';

/** Why a row is in the access log: a device pulled or pushed, or the privacy officer exported or asked for a deletion. */
export type AccessAction = 'pull' | 'push' | 'export' | 'deletion_request';

/** What was done to the records named in a row. */
export type AccessKind = 'read' | 'created' | 'updated' | 'signed' | 'amended' | 'receipted' | 'exported' | 'deletion_requested';

/**
 * One access log row: who (account, device) did what kind of thing to which
 * of one client's records, and when. Ids and kinds only: the log is read by
 * the privacy officer, who has no need to know the clinical content.
 */
export interface AccessEntry {
  at: Date;
  accountId: string;
  deviceId: string | null;
  /** The session's public id (as the therapist's list of signed-in devices shows it). */
  sessionId: string | null;
  /** The session's browser and system ("Chrome on Android"), when known. */
  deviceLabel: string | null;
  action: AccessAction;
  clientId: string;
  kinds: AccessKind[];
  recordIds: string[];
}

/** One client's whole file, as a portability request returns it. */
export interface ClientFile {
  client: Client;
  visits: Visit[];
  intakes: Intake[];
  sessionRecords: SessionRecord[];
  amendments: Amendment[];
  receipts: Receipt[];
}

export interface DeletionRequest {
  id: string;
  clientId: string;
  /** Who made the request (the client, a representative), as the officer wrote it. */
  askedBy: string;
  reason: string;
  /** The privacy officer's account that recorded it. */
  recordedBy: string;
  requestedAt: Date;
  carriedOutAt: Date | null;
  purgeId: number | null;
}

/** What a retention purge keeps: care from `keptFrom` (a calendar day) on, access log rows from `logBefore` on. */
export interface PurgeRule {
  at: Date;
  keptFrom: string;
  logBefore: Date;
}

export interface PurgeReport extends PurgeRule {
  id: number;
  /** Rows removed, per kind: intake, sessionRecord, amendment, receipt, visit, conflict, client, accessLog. */
  counts: Record<string, number>;
  /** The clients whose file was purged. */
  clientIds: string[];
  /** The deletion requests carried out by this purge. */
  deletionRequestIds: string[];
}
