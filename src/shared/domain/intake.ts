import * as v from 'valibot';
import { CalendarDateSchema, IdSchema, LocaleSchema, NoteSchema, ShortTextSchema } from './common';

/** Health-history conditions on the intake checklist. */
export const CONDITIONS = [
  'heart',
  'high_blood_pressure',
  'diabetes',
  'epilepsy',
  'cancer',
  'blood_thinners',
  'varicose_veins_or_clots',
  'skin_condition',
  'recent_injury_or_surgery',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const ALLERGIES = ['oils', 'nuts', 'latex', 'scents'] as const;
export type Allergy = (typeof ALLERGIES)[number];

export const PRESSURES = ['light', 'medium', 'firm', 'deep'] as const;

/**
 * A client's health history, versioned: an update is a NEW intake with the
 * next version number; earlier versions stay readable, never edited.
 */
export const IntakeSchema = v.object({
  id: IdSchema,
  clientId: IdSchema,
  therapistId: IdSchema,
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  emergencyContact: ShortTextSchema,
  conditions: v.array(v.picklist(CONDITIONS)),
  conditionDetails: NoteSchema,
  medications: NoteSchema,
  allergies: v.array(v.picklist(ALLERGIES)),
  allergyDetails: NoteSchema,
  /** Weeks of pregnancy; null when not pregnant. */
  pregnancyWeeks: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(42))),
  areasOfConcern: NoteSchema,
  goals: NoteSchema,
  pressurePreference: v.picklist(PRESSURES),
  consent: v.object({
    /** Which consent text was signed, and in which language. */
    textVersion: ShortTextSchema,
    language: LocaleSchema,
    signedName: ShortTextSchema,
    signedOn: CalendarDateSchema,
    /** The drawn signature as an SVG path (or empty when signed by typed name only). */
    signature: v.pipe(v.string(), v.maxLength(200_000)),
  }),
});
export type Intake = v.InferOutput<typeof IntakeSchema>;

export type IntakeAnswers = Omit<Intake, 'id' | 'clientId' | 'therapistId' | 'version' | 'createdAt' | 'consent'>;

/** An intake with nothing declared: where a first intake starts. */
export function blankIntakeAnswers(): IntakeAnswers {
  return {
    emergencyContact: '',
    conditions: [],
    conditionDetails: '',
    medications: '',
    allergies: [],
    allergyDetails: '',
    pregnancyWeeks: null,
    areasOfConcern: '',
    goals: '',
    pressurePreference: 'medium',
  };
}

/** What the client declared in an intake, without its identity or consent: where an update starts. */
export function intakeAnswers(intake: Intake): IntakeAnswers {
  const { id: _id, clientId: _clientId, therapistId: _therapistId, version: _version, createdAt: _createdAt, consent: _consent, ...answers } = intake;
  return answers;
}
