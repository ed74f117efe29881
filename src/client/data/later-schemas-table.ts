import type * as v from 'valibot';
import { ConflictSchema } from '../../shared/domain/conflict';
import { ReceiptSchema } from '../../shared/domain/receipt';
import { AmendmentSchema, SessionRecordSchema } from '../../shared/domain/session-record';
import type { EntityTypes } from '../../shared/protocol';
import type { LaterEntity } from './later-schemas';

/** Loaded by later-schemas.ts only, on first use. */
export const LATER_SCHEMAS: { [E in LaterEntity]: v.GenericSchema<unknown, EntityTypes[E]> } = {
  sessionRecord: SessionRecordSchema,
  amendment: AmendmentSchema,
  receipt: ReceiptSchema,
  conflict: ConflictSchema,
};
