import * as v from 'valibot';

export const IdSchema = v.pipe(v.string(), v.uuid('must be a UUID'));

/** A calendar day in the office's time zone, `YYYY-MM-DD`. */
export const CalendarDateSchema = v.pipe(v.string(), v.isoDate('must be a date YYYY-MM-DD'));
export type CalendarDate = string;

/** A wall-clock time in the office's time zone, `HH:mm`. */
export const ClockTimeSchema = v.pipe(v.string(), v.isoTime('must be a time HH:mm'));

export const LocaleSchema = v.picklist(['fr', 'en']);
export type Locale = v.InferOutput<typeof LocaleSchema>;

export const LatLngSchema = v.object({
  lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
  lng: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
});
export type LatLng = v.InferOutput<typeof LatLngSchema>;

/** Free text a person typed; bounded so one record can never blow a sync batch. */
export const NoteSchema = v.pipe(v.string(), v.maxLength(20_000));
export const ShortTextSchema = v.pipe(v.string(), v.maxLength(500));
