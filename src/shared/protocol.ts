import type { WipeReason } from './api';
import * as v from 'valibot';
import {
  AmendmentSchema,
  ClientSchema,
  ConflictSchema,
  IntakeSchema,
  ReceiptSchema,
  SessionRecordSchema,
  TherapistSchema,
  VisitSchema,
  type Amendment,
  type Client,
  type Conflict,
  type Intake,
  type Receipt,
  type SessionRecord,
  type Therapist,
  type Visit,
} from './domain';
import type { SealedPayload, SealingPublicKey } from './sealed-outbox';
import type { MutationSchema, PullRequestSchema, PushRequestSchema } from './sync-schemas';

/**
 * Version of the sync protocol. The server also accepts every version from
 * MIN_PROTOCOL_VERSION up, answering each in its own terms, so a phone that
 * has not updated yet keeps syncing, and a phone newer than a rolled-back
 * server steps down instead of telling the therapist to update.
 *
 * 2: refusals may say `stale` (a signature over text that changed since),
 *    `too_large` or `server_error`; a session record's id is derived from its
 *    visit's; a signature carries the bases of the content it covers.
 * 3: a mutation may carry `sealed` (its fields sealed to the server's public
 *    key, shared/sealed-outbox.ts) in place of `fields`; a pull page carries
 *    `sealingKey`, the key to seal to.
 */
export const PROTOCOL_VERSION = 3;
export const MIN_PROTOCOL_VERSION = 1;

/** Default and maximum records in one pull page: big pages, few round trips. */
export const PULL_PAGE_DEFAULT = 1000;
export const PULL_PAGE_MAX = 5000;

/** The records the server sends, by entity name. */
export interface EntityTypes {
  therapist: Therapist;
  client: Client;
  visit: Visit;
  conflict: Conflict;
  intake: Intake;
  sessionRecord: SessionRecord;
  amendment: Amendment;
  receipt: Receipt;
}
export type EntityName = keyof EntityTypes;
export const ENTITY_NAMES = ['therapist', 'client', 'visit', 'conflict', 'intake', 'sessionRecord', 'amendment', 'receipt'] as const satisfies readonly EntityName[];

/** Clinical records belong to a client; a therapist holds those of the clients they visit. */
export const CLINICAL_ENTITIES = ['intake', 'sessionRecord', 'amendment'] as const satisfies readonly EntityName[];
export type ClinicalEntity = (typeof CLINICAL_ENTITIES)[number];

/** The schema of each entity's record, for checking what crosses the wire. */
export const ENTITY_SCHEMAS = {
  therapist: TherapistSchema,
  client: ClientSchema,
  visit: VisitSchema,
  conflict: ConflictSchema,
  intake: IntakeSchema,
  sessionRecord: SessionRecordSchema,
  amendment: AmendmentSchema,
  receipt: ReceiptSchema,
} as const;

/** Per field, the HLC of its last change. */
export type FieldClocks<T> = { [K in keyof T]?: string };

export type LiveRecord<E extends EntityName = EntityName> = {
  [K in E]: { entity: K; id: string; seq: number; deleted: false; data: EntityTypes[K]; hlc: FieldClocks<EntityTypes[K]> };
}[E];
export interface Tombstone {
  entity: EntityName;
  id: string;
  seq: number;
  deleted: true;
}
export type SyncRecord = LiveRecord | Tombstone;


export type PullRequest = v.InferOutput<typeof PullRequestSchema>;

export interface PullResponse {
  protocolVersion: number;
  /**
   * True on the first page of a full snapshot (first pull, unknown cursor, or a
   * new date window): anything the device holds that the snapshot does not
   * re-send is no longer the therapist's to keep.
   */
  reset: boolean;
  records: SyncRecord[];
  cursor: string;
  hasMore: boolean;
  /** The days the snapshot covers, inclusive. */
  window: { from: string; to: string };
  /** Protocol 3: the server's public key that this device seals its outbox to. */
  sealingKey?: SealingPublicKey;
}


// ---- Push ---------------------------------------------------------------

/**
 * Most changes in one push, and what clients send at a time: few round trips
 * matter more than small requests on a phone network.
 */
export const PUSH_BATCH_MAX = 1000;
/**
 * Most bytes of mutations in one push: three quarters of the server's body
 * limit (MAX_BODY_BYTES, 2 MiB), so the request's envelope never meets a 413,
 * and large enough that a day of notes (2,000 of about 1.2 KB each) goes in
 * two round trips, not three: on a phone network the round trip is the cost.
 */
export const PUSH_BATCH_MAX_BYTES = 1.5 * 1024 * 1024;
/**
 * One change larger than this can never be sent; it is refused on the device
 * before it is queued. Fixed on its own, not derived from the batch size, so
 * a server rolled back to an earlier version still takes every change a newer
 * device queued.
 */
export const MAX_MUTATION_BYTES = 1024 * 1024 - 4 * 1024;

/** A mutation's size on the wire (UTF-8 bytes of its JSON). */
export function mutationBytes(mutation: unknown): number {
  return utf8Length(JSON.stringify(mutation));
}

/**
 * The UTF-8 length of a string, counted without encoding it: sizing every
 * change of a push (2,000 of them) with TextEncoder allocated a copy of each.
 * A lone surrogate is counted as the 3 bytes of U+FFFD it becomes.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: two UTF-16 units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export type Mutation = v.InferOutput<typeof MutationSchema>;
/** A mutation as protocol 3 sends it from a device that holds the server's key: its fields sealed. */
export type SealedMutation = Omit<Mutation, 'fields'> & { sealed: SealedPayload };

export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

export const REJECTION_CODES = ['invalid', 'not_found', 'forbidden', 'read_only', 'stale', 'too_large', 'server_error'] as const;
/**
 * Why the server refused one change. `stale`: a signature over content that
 * changed since the signer saw it. `too_large`: the change cannot fit a push.
 * `server_error`: applying it failed unexpectedly; it was logged.
 */
export type RejectionCode = (typeof REJECTION_CODES)[number];
/** Codes a protocol-1 client understands; the others reach it as `invalid`. */
export const REJECTION_CODES_V1: readonly RejectionCode[] = ['invalid', 'not_found', 'forbidden', 'read_only'];

export type PushResult =
  | { mutationId: number; status: 'applied' }
  | {
      mutationId: number;
      status: 'rejected';
      code: RejectionCode;
      reason: string;
      /** The server's copy, when the therapist may see it, so the device can put it back. */
      current?: { data: Record<string, unknown>; hlc: Record<string, string> };
    };

export interface PushResponse {
  protocolVersion: number;
  results: PushResult[];
  /** Remote wipe: the office deactivated the account, or the device was signed out elsewhere. Older apps ignore it and meet a 401 at their next pull. */
  wipe?: WipeReason;
}

