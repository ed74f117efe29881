import type { WipeReason } from '../../shared/api';
import type { Client, Therapist, Visit } from '../../shared/domain';
import type { AccessEntry, ClientFile, DeletionRequest, PurgeReport, PurgeRule } from '../privacy/privacy-types';

export type AccountRole = 'therapist' | 'office';
import { PUSH_BATCH_MAX, type ClinicalEntity, type EntityTypes, type Mutation, type PushResult, type SyncRecord } from '../../shared/protocol';

/**
 * Everything the server keeps, behind one interface so that a PostgreSQL store
 * for multi-office companies can replace SQLite and pass the same contract
 * tests (store-contract.ts).
 *
 * Every write takes the next value of one server-wide sequence; pull cursors
 * are positions in it. A store must hand out sequence numbers in commit order.
 */
export interface Store {
  /** True when no therapist exists yet (the server then seeds a demo day). */
  isEmpty(): Promise<boolean>;
  /** The newest sequence number handed out; 0 for an empty store. */
  currentSeq(): Promise<number>;

  createTherapist(therapist: Therapist, passwordHash: string, hlc: string, role?: AccountRole): Promise<void>;
  getRole(id: string): Promise<AccountRole | null>;
  /** Visits of a day that a therapist has arrived at or started, with who and where: the office's safety view. */
  visitsUnderWay(date: string): Promise<{ visit: Visit; therapist: Therapist; client: Client }[]>;
  getTherapist(id: string): Promise<Therapist | null>;
  findCredentials(email: string): Promise<{ therapistId: string; passwordHash: string } | null>;

  /** Stores a new session under a public id of the store's making. */
  createSession(session: StoredSession): Promise<void>;
  /** The live session for this token hash, or null when unknown or expired. */
  findSession(tokenHash: string, now: Date): Promise<SessionInfo | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends the session whose sign-out token hashes to this, if any (a sign-out sent later, without the cookie). */
  deleteSessionBySignOut(signOutHash: string): Promise<void>;
  /** Ends every session of a therapist except the one with `keepTokenHash`; returns how many ended. */
  deleteOtherSessions(therapistId: string, keepTokenHash: string): Promise<number>;
  /** Records that a session was used at `at` (callers write it at most hourly). */
  touchSession(tokenHash: string, at: Date): Promise<void>;
  /** A therapist's live sessions, the most recently seen first; those waiting to wipe their device are not listed. */
  listSessions(therapistId: string, now: Date): Promise<SessionInfo[]>;
  /**
   * Marks every session of a therapist but `keepTokenHash` to wipe its device
   * at next contact (remote wipe): it may still push, nothing else, until the
   * device signs out or `keepUntil` passes. Returns how many were marked.
   */
  markSessionsForWipe(therapistId: string, reason: WipeReason, keepTokenHash: string | null, keepUntil: Date): Promise<number>;
  /** Deactivates an account: no sign-in any more, and each of its sessions marked to wipe. False when there is no such account. */
  deactivateAccount(therapistId: string, at: Date, keepUntil: Date): Promise<boolean>;

  /** Adds a failed sign-in under `key`, counting from zero again when the last one is at or before `forgetBefore`. */
  recordLoginFailure(key: string, at: Date, forgetBefore: Date): Promise<LoginFailures>;
  /** The failures under `key` since `forgetBefore`, or null when there are none. */
  loginFailures(key: string, forgetBefore: Date): Promise<LoginFailures | null>;
  clearLoginFailures(key: string): Promise<void>;

  /** Marks a browser (by the hash of its device cookie) as one where this therapist has signed in. */
  rememberDevice(tokenHash: string, therapistId: string, expiresAt: Date): Promise<void>;
  isKnownDevice(tokenHash: string, therapistId: string, now: Date): Promise<boolean>;
  /** Forgets every known device of a therapist except `exceptTokenHash`. */
  forgetDevices(therapistId: string, exceptTokenHash: string | null): Promise<void>;

  /**
   * Issue 11: the escrow secret that wraps a device's data key, one per
   * (therapist, device). Returns the stored secret, or stores `fresh` when
   * there is none or when `replace` (a rotation), and records which browser
   * (known-device hash) got it last.
   */
  keyEscrow(input: KeyEscrowInput): Promise<Uint8Array>;
  /** Deletes a therapist's escrow secrets except those last given to the browser `exceptKnownDeviceHash` (null: all); returns how many. */
  deleteKeyEscrows(therapistId: string, exceptKnownDeviceHash: string | null): Promise<number>;

  /** Office writes: the whole record changes, so every field takes `hlc`. */
  putClient(client: Client, hlc: string): Promise<void>;
  /**
   * In the same transaction, a therapist who loses a client's clinical file
   * through this change (need-to-know.ts: cancelled, moved away, re-dated) is
   * given a tombstone for each of its records, and one who gains it gets them
   * re-sent; deleteVisit likewise. So does a pushed status change.
   */
  putVisit(visit: Visit, hlc: string): Promise<void>;
  /** Office writes of clinical records (seed, imports); devices create theirs through push. */
  putClinicalRecord(entity: ClinicalEntity, record: EntityTypes[ClinicalEntity], hlc: string): Promise<void>;
  deleteVisit(id: string): Promise<void>;

  /**
   * Applies a device's mutations in order, each at most once: a mutation whose
   * (therapist, device, mutationId) is already logged returns its logged result
   * and changes nothing, and so does one old enough for its applied row to be
   * pruned (see MUTATION_LOG_KEEP). Each mutation commits together with its log row.
   * Refused mutations are logged with their reason and do not stop the others.
   * A mutation that fails unexpectedly is rolled back alone, passed to
   * `reportError`, and refused `server_error` with SERVER_ERROR_REASON: no
   * mutation can make the whole push fail.
   */
  applyPush(push: PushInput, reportError?: (error: unknown) => void): Promise<PushResult[]>;

  /**
   * What one therapist may hold, changed after `afterSeq`, in sequence order:
   * their profile, their visits dated within the window (tombstones too), the
   * clients those visits are for, their conflicts and receipts, the clinical
   * records of the clients whose file they may see today (need-to-know.ts),
   * and tombstones for those they lost today. Nothing else.
   */
  pullChanges(query: PullQuery): Promise<{ records: SyncRecord[]; hasMore: boolean }>;

  /** Law 25 (privacy/): the office's privacy officer, a flag on an office account. */
  isPrivacyOfficer(id: string): Promise<boolean>;
  setPrivacyOfficer(id: string, officer: boolean): Promise<void>;
  /**
   * Appends to the access log. There is no way to change or remove a row
   * through the store; only purgeExpired drops rows past the retention period.
   * (applyPush logs its own changes, in the push's transaction.)
   */
  appendAccess(entries: AccessEntry[]): Promise<void>;
  /** A client's access log, oldest first. */
  accessLog(clientId: string): Promise<AccessEntry[]>;
  /** Everything kept about one client, for a portability request; null for an unknown client. */
  clientFile(clientId: string): Promise<ClientFile | null>;
  /** The client's last day of care (a visit not cancelled, or a clinical record's date), or null. */
  lastCareDate(clientId: string): Promise<string | null>;
  recordDeletionRequest(request: Omit<DeletionRequest, 'carriedOutAt' | 'purgeId'>): Promise<void>;
  deletionRequests(clientId: string): Promise<DeletionRequest[]>;
  /**
   * In one transaction: removes the clinical records, receipts, visits and
   * conflicts of every client whose last day of care is before `rule.keptFrom`
   * (and the client too when a deletion request waits), the access log rows
   * before `rule.logBefore`, and writes the report of it.
   */
  purgeExpired(rule: PurgeRule): Promise<PurgeReport>;
  purgeReports(): Promise<PurgeReport[]>;

  close(): Promise<void>;
}

/**
 * How many of a device's latest mutation ids keep their `applied` log rows.
 * Like Replicache's one number per client, the store keeps per device the
 * highest mutation id it answered (`last`), and drops applied rows at or
 * below `last - MUTATION_LOG_KEEP`. Refusals are never dropped: they are the
 * office's record, and a resend must get the same refusal. So a resent id at
 * or below `last - MUTATION_LOG_KEEP` with no row was applied: it is answered
 * `applied` and changes nothing. Ids above it without a row are applied
 * normally, so changes arriving out of order within two full pushes still
 * land. A device sends its outbox in order, so no id falls that far behind
 * unanswered.
 */
export const MUTATION_LOG_KEEP = 2 * PUSH_BATCH_MAX;

/**
 * What a device hears when applying its change failed in a way no rule
 * foresaw (a damaged row, a bug): it says nothing of the server's insides,
 * and the refusal, with the change, is in the log for the office.
 */
export const SERVER_ERROR_REASON = 'The server could not apply this change; it was logged for the office.';

export interface StoredSession {
  tokenHash: string;
  therapistId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Hash of the token the device keeps to end this session later without its cookie (a sign-out made offline). */
  signOutHash?: string | null;
  /** Browser and system read from the user agent at sign-in, so the therapist can tell devices apart. */
  device?: DeviceLabel;
}

/** A session as a therapist sees it in the list of signed-in devices. */
export interface SessionInfo extends StoredSession {
  /** Public: names the session without letting anyone use it. */
  id: string;
  device: DeviceLabel;
  lastSeenAt: Date;
  /** Set when the device must delete its data at next contact (after pushing what it has). */
  wipe: WipeReason | null;
}

export interface DeviceLabel {
  browser: string | null;
  os: string | null;
}

export interface KeyEscrowInput {
  therapistId: string;
  deviceId: string;
  knownDeviceHash: string;
  /** 32 random bytes, kept only if no secret exists yet, or if `replace`. */
  fresh: Uint8Array;
  replace: boolean;
  at: Date;
}

export interface LoginFailures {
  failures: number;
  lastFailureAt: Date;
}

export interface PullQuery {
  therapistId: string;
  from: string;
  to: string;
  afterSeq: number;
  limit: number;
}

export interface PushInput {
  therapistId: string;
  deviceId: string;
  /** The sync protocol the device speaks (MIN_PROTOCOL_VERSION to PROTOCOL_VERSION): some rules need what only newer versions send. */
  protocolVersion: number;
  receivedAt: Date;
  /** The session's public id and its browser and system, for the access log. */
  session?: { id: string; deviceLabel: string | null };
  /** Each either parsed, or refused by validation before it reached the store. */
  mutations: ({ mutationId: number; mutation: Mutation } | { mutationId: number; invalid: string; raw: unknown })[];
}
