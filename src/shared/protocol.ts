import * as v from 'valibot';
import { ClientSchema, TherapistSchema, VisitSchema, type Client, type Therapist, type Visit } from './domain';

/**
 * Version of the sync protocol. A client speaking an older version is told to
 * update (HTTP 426) instead of being sent data it would misread.
 */
export const PROTOCOL_VERSION = 1;

/** Default and maximum records in one pull page: big pages, few round trips. */
export const PULL_PAGE_DEFAULT = 1000;
export const PULL_PAGE_MAX = 5000;

/** The records the server sends, by entity name. */
export interface EntityTypes {
  therapist: Therapist;
  client: Client;
  visit: Visit;
}
export type EntityName = keyof EntityTypes;
export const ENTITY_NAMES = ['therapist', 'client', 'visit'] as const satisfies readonly EntityName[];

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

const HlcMapSchema = v.record(v.string(), v.string());

export const SyncRecordSchema = v.variant('deleted', [
  v.variant('entity', [
    v.object({ entity: v.literal('therapist'), id: v.string(), seq: v.number(), deleted: v.literal(false), data: TherapistSchema, hlc: HlcMapSchema }),
    v.object({ entity: v.literal('client'), id: v.string(), seq: v.number(), deleted: v.literal(false), data: ClientSchema, hlc: HlcMapSchema }),
    v.object({ entity: v.literal('visit'), id: v.string(), seq: v.number(), deleted: v.literal(false), data: VisitSchema, hlc: HlcMapSchema }),
  ]),
  v.object({ entity: v.picklist(ENTITY_NAMES), id: v.string(), seq: v.number(), deleted: v.literal(true) }),
]);

export const PullRequestSchema = v.object({
  protocolVersion: v.pipe(v.number(), v.integer()),
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

export const PullResponseSchema = v.object({
  protocolVersion: v.number(),
  reset: v.boolean(),
  records: v.array(SyncRecordSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
  window: v.object({ from: v.string(), to: v.string() }),
});
