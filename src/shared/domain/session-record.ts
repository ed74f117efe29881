import * as v from 'valibot';
import { IdSchema, NoteSchema, ShortTextSchema } from './common';
import { PRESSURES } from './intake';

export const TECHNIQUES = [
  'swedish',
  'deep_tissue',
  'trigger_point',
  'myofascial_release',
  'stretching',
  'lymphatic_drainage',
  'sports',
  'prenatal',
  'hot_stones',
] as const;

/** What a body-chart region holds. `note` says the notes speak of that region; added after the first three, which old charts use. */
export const BODY_MARKS = ['tension', 'pain', 'treated', 'note'] as const;
export type BodyMark = (typeof BODY_MARKS)[number];

const Pain = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10)));

/**
 * The session record (SOAP). Editable until signed; once `signedAt` is set it
 * never changes again, on any device or on the server: corrections are
 * amendments.
 */
export const SessionRecordSchema = v.object({
  id: IdSchema,
  visitId: IdSchema,
  clientId: IdSchema,
  therapistId: IdSchema,
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  subjective: NoteSchema,
  objective: NoteSchema,
  assessment: NoteSchema,
  plan: NoteSchema,
  painBefore: Pain,
  painAfter: Pain,
  techniques: v.array(v.picklist(TECHNIQUES)),
  pressure: v.nullable(v.picklist(PRESSURES)),
  durationMin: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(300))),
  products: ShortTextSchema,
  clientResponse: NoteSchema,
  homeCare: NoteSchema,
  nextVisit: ShortTextSchema,
  /** Body-chart regions (e.g. "back:lower-back"; see the client's body-chart model for the keys) and what was found or done there. */
  bodyChart: v.record(v.pipe(v.string(), v.maxLength(64)), v.picklist(BODY_MARKS)),
  signedAt: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  signedBy: ShortTextSchema,
});
export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;

/** A dated correction to a signed record: appended, never edited. */
export const AmendmentSchema = v.object({
  id: IdSchema,
  recordId: IdSchema,
  clientId: IdSchema,
  therapistId: IdSchema,
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'an amendment needs a reason'), v.maxLength(500)),
  text: v.pipe(v.string(), v.trim(), v.minLength(1, 'an amendment needs its text'), v.maxLength(20_000)),
});
export type Amendment = v.InferOutput<typeof AmendmentSchema>;
