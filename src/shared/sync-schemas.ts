import * as v from 'valibot';
import { WIPE_REASONS } from './api';
import { IdSchema } from './domain';
import { isHlc } from './hlc';
import { ENTITY_NAMES, PULL_PAGE_MAX, PUSH_BATCH_MAX, REJECTION_CODES, type PullResponse } from './protocol';

// The sync messages' schemas, apart from protocol.ts's constants and types:
// only push and pull (loaded after the day view's first paint) and the server
// need them, so they stay out of the day view's first download.

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
  /** The device pulling, for the server's access log; optional, so older apps are read the same way. */
  deviceId: v.optional(IdSchema),
});

/** Typed as the page the server sends; each record's data is checked when read (see SyncRecordSchema). */
export const PullResponseSchema = v.object({
  protocolVersion: v.number(),
  reset: v.boolean(),
  records: v.array(SyncRecordSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
  window: v.object({ from: v.string(), to: v.string() }),
  // Checked again, with the point on the curve, before the device keeps it (client/data/seal-for-server.ts).
  sealingKey: v.optional(v.unknown()),
}) as unknown as v.GenericSchema<unknown, PullResponse>;

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
  wipe: v.optional(v.picklist(WIPE_REASONS)),
});
