import type { RejectionCode } from '../../shared/protocol';

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
  return { kind: 'rejected', code, reason, showCurrent };
}
