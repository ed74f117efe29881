import * as v from 'valibot';
import { CalendarDateSchema, ClockTimeSchema, IdSchema, NoteSchema, ShortTextSchema } from './common';

export const VISIT_STATUSES = [
  'scheduled',
  'en_route',
  'arrived',
  'in_session',
  'completed',
  'cancelled',
  'no_show',
] as const;
export const VisitStatusSchema = v.picklist(VISIT_STATUSES);
export type VisitStatus = v.InferOutput<typeof VisitStatusSchema>;

/** Services the office books; the names a therapist reads come from the message catalog. */
export const SERVICES = ['swedish', 'therapeutic', 'deep_tissue', 'prenatal', 'sports', 'lymphatic'] as const;
export const ServiceSchema = v.picklist(SERVICES);
export type Service = v.InferOutput<typeof ServiceSchema>;

export const VisitSchema = v.pipe(
  v.object({
    id: IdSchema,
    therapistId: IdSchema,
    clientId: IdSchema,
    date: CalendarDateSchema,
    /** The arrival window promised to the client. */
    windowStart: ClockTimeSchema,
    windowEnd: ClockTimeSchema,
    durationMin: v.pipe(v.number(), v.integer(), v.minValue(15), v.maxValue(240)),
    service: ServiceSchema,
    /** Order in the office's plan of the day, 1-based. */
    routePosition: v.pipe(v.number(), v.integer(), v.minValue(1)),
    status: VisitStatusSchema,
    /** When each status was reached (ISO instants): check-in, check-out, for safety and records. */
    statusTimes: v.record(VisitStatusSchema, v.pipe(v.string(), v.isoTimestamp())),
    /** Why a visit was cancelled or a no-show. */
    statusReason: ShortTextSchema,
    /** What the office wants the therapist to know; read-only for the therapist. */
    officeNotes: NoteSchema,
    /** The therapist's own note about the visit (not the clinical record). */
    therapistNote: NoteSchema,
  }),
  v.check((visit) => visit.windowStart <= visit.windowEnd, 'the arrival window must not end before it starts'),
  v.check(
    (visit) => !(visit.status === 'cancelled' || visit.status === 'no_show') || visit.statusReason.trim() !== '',
    'a cancelled or no-show visit needs a reason',
  ),
);
export type Visit = v.InferOutput<typeof VisitSchema>;

/** Day order: the office's route position, then the arrival window. */
export function compareVisits(a: Visit, b: Visit): number {
  return a.routePosition - b.routePosition || a.windowStart.localeCompare(b.windowStart);
}
