import * as v from 'valibot';
import { IdSchema, NoteSchema } from './common';

/**
 * Two devices edited the same free-text field without seeing each other's
 * edit. The newer text won; the other is kept here, so nothing typed is ever
 * lost, until the therapist picks one or merges them.
 */
export const ConflictSchema = v.object({
  id: IdSchema,
  therapistId: IdSchema,
  entity: v.picklist(['visit', 'sessionRecord']),
  recordId: IdSchema,
  field: v.pipe(v.string(), v.maxLength(64)),
  /** The text that lost, and the edit it came from. */
  keptValue: NoteSchema,
  keptHlc: v.string(),
  /** The text that won at the time the conflict was found. */
  winningValue: NoteSchema,
  winningHlc: v.string(),
  createdAt: v.string(),
  resolved: v.boolean(),
});
export type Conflict = v.InferOutput<typeof ConflictSchema>;
