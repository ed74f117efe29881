import * as v from 'valibot';
import { IdSchema, LatLngSchema, LocaleSchema, NoteSchema, ShortTextSchema } from './common';

export const AddressSchema = v.object({
  street: ShortTextSchema,
  unit: ShortTextSchema,
  city: ShortTextSchema,
  postalCode: ShortTextSchema,
  neighbourhood: ShortTextSchema,
  ...LatLngSchema.entries,
});
export type Address = v.InferOutput<typeof AddressSchema>;

/** How to get into the home: what the therapist reads on the doorstep. */
export const AccessNotesSchema = v.object({
  buzzer: ShortTextSchema,
  parking: ShortTextSchema,
  stairs: ShortTextSchema,
  pets: ShortTextSchema,
  // Added in issue 10; optional with a default so clients stored before then still read.
  /** Who else may be in the home (a partner, a carer, a grown son): safety before arrival. */
  othersPresent: v.optional(ShortTextSchema, ''),
  /** Anything the office or an earlier visit noted about the home's risks. */
  risks: v.optional(NoteSchema, ''),
});
export type AccessNotes = v.InferOutput<typeof AccessNotesSchema>;

export const ClientSchema = v.object({
  id: IdSchema,
  firstName: ShortTextSchema,
  lastName: ShortTextSchema,
  phone: ShortTextSchema,
  email: ShortTextSchema,
  language: LocaleSchema,
  address: AddressSchema,
  access: AccessNotesSchema,
  preferences: NoteSchema,
});
export type Client = v.InferOutput<typeof ClientSchema>;

export function clientFullName(client: Pick<Client, 'firstName' | 'lastName'>): string {
  return `${client.firstName} ${client.lastName}`.trim();
}
