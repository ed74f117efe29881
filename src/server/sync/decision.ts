import type { RejectionCode } from '../../shared/protocol';
import { clipText } from '../http/clip-text';

/** Longest reason a refusal gives: enough for every rule's words, never a copy of what was sent. */
export const MAX_REASON_LENGTH = 2000;

/** A record as the server holds it, with who may change it. */
export interface CurrentRecord {
  ownerId: string;
  data: Record<string, unknown>;
  hlc: Record<string, string>;
}

/** Text that lost to a concurrent edit, kept for the therapist to see and resolve. */
export interface NewConflict {
  field: string;
  keptValue: string;
  keptHlc: string;
  winningValue: string;
  winningHlc: string;
}

export type Decision =
  | { kind: 'rejected'; code: RejectionCode; reason: string; showCurrent: boolean }
  | { kind: 'applied'; data: Record<string, unknown>; hlc: Record<string, string>; changed: boolean; conflicts: NewConflict[] };

export function reject(code: RejectionCode, reason: string, showCurrent = true): Decision {
  return { kind: 'rejected', code, reason: clipText(reason, MAX_REASON_LENGTH), showCurrent };
}

/**
 * The one answer for a record that is not on the server and for one that is
 * another therapist's: the same code and words, so that a device cannot tell
 * them apart and probe which ids exist. The office may indeed have moved a
 * visit to someone else, so the words fit both.
 */
export function notFound(): Decision {
  return reject('not_found', 'This record is not on the server, or is not yours (the office may have removed it or given it to another therapist).', false);
}
