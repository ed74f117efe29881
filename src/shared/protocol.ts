import * as v from 'valibot';
import {
  AmendmentSchema,
  ClientSchema,
  ConflictSchema,
  IdSchema,
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
import { isHlc } from './hlc';

/**
 * Version of the sync protocol. The server also accepts every version from
 * MIN_PROTOCOL_VERSION up, answering each in its own terms, so a phone that
 * has not updated yet keeps syncing, and a phone newer than a rolled-back
 * server steps down instead of telling the therapist to update.
 *
 * 2: refusals may say `stale` (a signature over text that changed since),
 *    `too_large` or `server_error`; a session record's id is derived from its
 *    visit's; a signature carries the bases of the content it covers.
 */
export const PROTOCOL_VERSION = 2;
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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Per field, its clock: a loop over the record's fields, without copying them. */
const FieldClocksSchema = v.custom<Record<string, string>>(
  (value) => isObject(value) && Object.values(value).every((clock) => typeof clock === 'string'),
  'the field clocks must map each field to an HLC string',
);

/**
 * A pulled record's envelope. Its `data` is checked only as an object here:
 * the device checks every record against its entity's schema each time it
 * reads one (client/data/read-record.ts), and keeps one that fails aside as
 * unreadable, so checking all of a page's fields again on arrival (a tenth of
 * a first pull's time) would guard nothing more. The server validated each
 * record on the way in.
 */
export const SyncRecordSchema = v.variant('deleted', [
  v.object({
    entity: v.picklist(ENTITY_NAMES),
    id: v.string(),
    seq: v.number(),
    deleted: v.literal(false),
    data: v.custom<Record<string, unknown>>(isObject, 'a record\'s data must be an object'),
    hlc: FieldClocksSchema,
  }),
  v.object({ entity: v.picklist(ENTITY_NAMES), id: v.string(), seq: v.number(), deleted: v.literal(true) }),
]);

export const PullRequestSchema = v.object({
  protocolVersion: v.pipe(v.number(), v.safeInteger()),
  /** Opaque; absent on a first pull. */
  cursor: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(PULL_PAGE_MAX))),
});
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
}

/** Typed as the page the server sends; each record's data is checked when read (see SyncRecordSchema). */
export const PullResponseSchema = v.object({
  protocolVersion: v.number(),
  reset: v.boolean(),
  records: v.array(SyncRecordSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
  window: v.object({ from: v.string(), to: v.string() }),
}) as unknown as v.GenericSchema<unknown, PullResponse>;

// ---- Push ---------------------------------------------------------------

/**
 * Most changes in one push, and what clients send at a time: few round trips
 * matter more than small requests on a phone network.
 */
export const PUSH_BATCH_MAX = 1000;
/**
 * Most bytes of mutations in one push: half the server's body limit, so a
 * batch of intakes with drawn signatures never meets a 413.
 */
export const PUSH_BATCH_MAX_BYTES = 1024 * 1024;
/** One change larger than this can never be sent; it is refused on the device before it is queued. */
export const MAX_MUTATION_BYTES = PUSH_BATCH_MAX_BYTES - 4 * 1024;

/** A mutation's size on the wire (UTF-8 bytes of its JSON). */
export function mutationBytes(mutation: unknown): number {
  return new TextEncoder().encode(JSON.stringify(mutation)).byteLength;
}

/**
 * One change made on a device. `base` holds, per field, the HLC of the value
 * the edit started from: if the server's HLC differs, someone else changed
 * the field meanwhile, and free text becomes a conflict instead of a loss.
 */
export const MutationSchema = v.object({
  /** A safe integer: beyond 2^53 JSON numbers lose digits, and SQLite cannot store them as integers. */
  mutationId: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  entity: v.picklist(ENTITY_NAMES),
  id: IdSchema,
  /** `create` carries the whole new record; `update` only the fields that changed. */
  op: v.picklist(['create', 'update']),
  fields: v.record(v.string(), v.unknown()),
  hlc: v.pipe(v.string(), v.check(isHlc, 'must be an HLC timestamp')),
  base: v.record(v.string(), v.string()),
});
export type Mutation = v.InferOutput<typeof MutationSchema>;

/**
 * The push envelope is checked loosely on purpose: each mutation is checked
 * on its own, so one malformed change is refused with a reason and never
 * blocks the device's other changes.
 */
export const PushRequestSchema = v.object({
  protocolVersion: v.pipe(v.number(), v.safeInteger()),
  deviceId: IdSchema,
  /** The device's wall clock when it sent the push (ms since 1970), to catch a phone set to the wrong time. */
  deviceTime: v.pipe(v.number(), v.safeInteger()),
  mutations: v.pipe(
    v.array(v.looseObject({ mutationId: v.pipe(v.number(), v.safeInteger(), v.minValue(1)) })),
    v.maxLength(PUSH_BATCH_MAX),
  ),
});
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
}

export const PushResponseSchema = v.object({
  protocolVersion: v.number(),
  results: v.array(
    v.variant('status', [
      v.object({ mutationId: v.number(), status: v.literal('applied') }),
      v.object({
        mutationId: v.number(),
        status: v.literal('rejected'),
        code: v.picklist(REJECTION_CODES),
        reason: v.string(),
        current: v.optional(v.object({ data: v.record(v.string(), v.unknown()), hlc: v.record(v.string(), v.string()) })),
      }),
    ]),
  ),
});
