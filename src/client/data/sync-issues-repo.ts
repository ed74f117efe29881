import type { Conflict } from '../../shared/domain';
import { announceChange } from './changes';
import type { RecordCodec } from './codec';
import type { Db } from './db';

export interface Refusal {
  mutationId: number;
  entity: string;
  recordId: string;
  fields: Record<string, unknown>;
  reason: string;
  at: string;
}

/** What the therapist must see about sync: texts kept from concurrent edits, and refused changes. */
export function createSyncIssuesRepo(db: Db, codec: RecordCodec) {
  return {
    async openConflicts(recordId?: string): Promise<Conflict[]> {
      const stored = await db.getAll('conflict');
      const conflicts = await Promise.all(stored.map((record) => codec.open('conflict', record.fields)));
      return conflicts
        .filter((conflict) => !conflict.resolved && (recordId === undefined || conflict.recordId === recordId))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async refusals(): Promise<Refusal[]> {
      const stored = await db.getAll('rejection');
      return Promise.all(
        stored.map(async (rejection) => ({
          mutationId: rejection.mutationId,
          entity: rejection.entity,
          recordId: rejection.id,
          fields: (await codec.open(rejection.entity, rejection.fields)) as Record<string, unknown>,
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
