import type { Mutation } from '../../shared/protocol';
import type { PushInput } from '../store/store';
import type { AccessEntry, AccessKind } from './privacy-types';

/** Collects, over one push, which clients' records its applied changes touched. */
export interface PushAccess {
  /** An applied change; `record` is the record as stored (or created), to find its client. */
  add(mutation: Mutation, record: Record<string, unknown>): void;
  /** One access log row per client touched. */
  entries(): AccessEntry[];
}

/** What a change did, for the log: the words an officer reads, never the content. */
function kindOf(mutation: Mutation): AccessKind {
  if (mutation.entity === 'amendment') return 'amended';
  if (mutation.entity === 'receipt') return 'receipted';
  if (mutation.entity === 'sessionRecord' && typeof (mutation.fields as Record<string, unknown>).signedAt === 'string') return 'signed';
  return mutation.op === 'create' ? 'created' : 'updated';
}

/** The client whose file a record belongs to; null for the therapist's own profile and conflicts. */
function clientOf(mutation: Mutation, record: Record<string, unknown>): string | null {
  if (mutation.entity === 'client') return mutation.id;
  if (mutation.entity === 'therapist' || mutation.entity === 'conflict') return null;
  return typeof record.clientId === 'string' ? record.clientId : null;
}

/** Access of one push: one row per client, whatever the number of changes (a day's notes are many changes to few records). */
export function accessOfPush(push: PushInput): PushAccess {
  const byClient = new Map<string, { kinds: Set<AccessKind>; recordIds: Set<string> }>();
  return {
    add(mutation, record) {
      const clientId = clientOf(mutation, record);
      if (!clientId) return;
      const seen = byClient.get(clientId) ?? { kinds: new Set(), recordIds: new Set() };
      seen.kinds.add(kindOf(mutation));
      seen.recordIds.add(mutation.id);
      byClient.set(clientId, seen);
    },
    entries() {
      return [...byClient].map(([clientId, seen]) => ({
        at: push.receivedAt,
        accountId: push.therapistId,
        deviceId: push.deviceId,
        sessionId: push.session?.id ?? null,
        deviceLabel: push.session?.deviceLabel ?? null,
        action: 'push',
        clientId,
        kinds: [...seen.kinds],
        recordIds: [...seen.recordIds],
      }));
    },
  };
}

/** Access of one pull page: one row per client whose records it carried (tombstones carry nothing to read). */
export function accessOfPull(
  records: readonly { entity: string; id: string; deleted: boolean; data?: unknown }[],
  who: Omit<AccessEntry, 'action' | 'clientId' | 'kinds' | 'recordIds'>,
): AccessEntry[] {
  const byClient = new Map<string, string[]>();
  for (const record of records) {
    if (record.deleted || record.entity === 'therapist' || record.entity === 'conflict') continue;
    const data = record.data as { clientId?: unknown } | undefined;
    const clientId = record.entity === 'client' ? record.id : typeof data?.clientId === 'string' ? data.clientId : null;
    if (!clientId) continue;
    const ids = byClient.get(clientId) ?? [];
    ids.push(record.id);
    byClient.set(clientId, ids);
  }
  return [...byClient].map(([clientId, recordIds]) => ({ ...who, action: 'pull', clientId, kinds: ['read'], recordIds }));
}
