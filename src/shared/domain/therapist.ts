import * as v from 'valibot';
import { IdSchema, LatLngSchema, LocaleSchema, ShortTextSchema } from './common';

export const TransportModeSchema = v.picklist(['driving', 'transit', 'bicycling', 'walking']);
export type TransportMode = v.InferOutput<typeof TransportModeSchema>;

/** The therapist's profile as the office keeps it (receipts need association and member number). */
export const TherapistSchema = v.object({
  id: IdSchema,
  email: v.pipe(v.string(), v.email()),
  name: ShortTextSchema,
  locale: LocaleSchema,
  association: ShortTextSchema,
  memberNumber: ShortTextSchema,
  transportMode: TransportModeSchema,
  homeBase: v.object({ label: ShortTextSchema, ...LatLngSchema.entries }),
  officePhone: ShortTextSchema,
  /** Sales-tax registration; empty when the therapist is a small supplier who charges no tax. */
  gstNumber: ShortTextSchema,
  qstNumber: ShortTextSchema,
});
export type Therapist = v.InferOutput<typeof TherapistSchema>;
