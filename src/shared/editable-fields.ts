import type { EntityName, EntityTypes } from './protocol';

/**
 * What a therapist may change from the field, by entity. Everything else is
 * the office's, and a mutation touching it is refused. Both the client (to
 * build mutations) and the server (to check them) read this one table.
 */
export const THERAPIST_EDITABLE: { [E in EntityName]: readonly (keyof EntityTypes[E])[] } = {
  therapist: [],
  client: [],
  visit: ['status', 'statusTimes', 'statusReason', 'therapistNote'],
  conflict: ['resolved'],
  // An intake is never edited: a health-history update is a new version.
  intake: [],
  sessionRecord: [
    'subjective',
    'objective',
    'assessment',
    'plan',
    'painBefore',
    'painAfter',
    'techniques',
    'pressure',
    'durationMin',
    'products',
    'clientResponse',
    'homeCare',
    'nextVisit',
    'bodyChart',
    'signedAt',
    'signedBy',
  ],
  // Amendments are appended, never edited.
  amendment: [],
  // A receipt is final; only its first print is recorded, so reprints say DUPLICATA.
  receipt: ['firstPrintedAt'],
};

/** What a device may create; everything else comes from the office. */
export const THERAPIST_CREATABLE: readonly EntityName[] = ['intake', 'sessionRecord', 'amendment', 'receipt'];


/**
 * Free text is where concurrent edits must not silently lose words: the
 * newer value wins and the other is kept as a conflict. Structured fields are
 * last-writer-wins by HLC.
 */
export const FREE_TEXT_FIELDS: { [E in EntityName]?: readonly (keyof EntityTypes[E])[] } = {
  visit: ['therapistNote'],
  sessionRecord: ['subjective', 'objective', 'assessment', 'plan', 'clientResponse', 'homeCare'],
};

/**
 * What a session record's signature covers. A signing mutation carries, in its
 * `base`, the HLC of each of these fields as the signer saw them; the server
 * refuses the signature (`stale`) if any has changed since.
 */
export const SIGNED_CONTENT_FIELDS = THERAPIST_EDITABLE.sessionRecord.filter((field) => field !== 'signedAt' && field !== 'signedBy');

export function isEditable(entity: EntityName, field: string): boolean {
  return (THERAPIST_EDITABLE[entity] as readonly string[]).includes(field);
}

export function isFreeText(entity: EntityName, field: string): boolean {
  return ((FREE_TEXT_FIELDS[entity] ?? []) as readonly string[]).includes(field);
}
