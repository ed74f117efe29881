import type { Conflict } from '../../shared/domain';
import { announceChange } from './changes';
import type { RecordCodec } from './codec';
import type { Db } from './db';
import { laterSchema } from './later-schemas';
import { openRecords } from './read-record';

export interface Refusal {
  mutationId: number;
  entity: string;
  recordId: string;
  fields: Record<string, unknown>;
  code: string;
  reason: string;
  at: string;
}

/** What the therapist must see about sync: texts kept from concurrent edits, and refused changes. */
export function createSyncIssuesRepo(db: Db, codec: RecordCodec) {
  return {
    /** Unresolved conflicts, of one record (and one field of it) when given. */
    async openConflicts(recordId?: string, field?: string): Promise<Conflict[]> {
      const conflicts = await openRecords(codec, 'conflict', await db.getAll('conflict'), await laterSchema('conflict'));
      return conflicts
        .filter((conflict) => !conflict.resolved && (recordId === undefined || conflict.recordId === recordId) && (field === undefined || conflict.field === field))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async refusals(): Promise<Refusal[]> {
      const stored = await db.getAll('rejection');
      return Promise.all(
        stored.map(async (rejection) => ({
          mutationId: rejection.mutationId,
          entity: rejection.entity,
          recordId: rejection.id,
          fields: (await codec.open(rejection.entity, rejection.fields, rejection.id)) as Record<string, unknown>,
          code: rejection.code,
          reason: rejection.reason,
          at: rejection.at,
        })),
      );
    },

    async dismissRefusal(mutationId: number): Promise<void> {
      await db.delete('rejection', mutationId);
      announceChange({ entities: [], outbox: 'drained' });
    },

    async waitingCount(): Promise<number> {
      return db.count('outbox');
    },
  };
}
export type SyncIssuesRepo = ReturnType<typeof createSyncIssuesRepo>;
