import { MAX_CLOCK_DRIFT_MS, nextHlc, parseHlc } from '../../shared/hlc';
import type { EntityName } from '../../shared/protocol';
import { meta, readwrite, recordStore, type Db, type OutboxEntry } from './db';

function millisOf(hlc: string): number {
  return parseHlc(hlc)?.millis ?? 0;
}

/**
 * Queued edits stamped while this phone's clock ran ahead (and the server
 * refused them as clock skew) would wait, once the clock is set right, until
 * real time caught up with their stamps. Instead, every queued edit stamped
 * more than the allowed drift ahead of the clock is stamped again, in queue
 * order, just after the values it replaced (its `base`) and the edits queued
 * before it, keeping its HLC node. So is a later edit of the same field made
 * after the clock was set right: its stamp followed the physical clock, not
 * the wrong one (see nextHlc), and once its base is re-stamped it must still
 * come after it, or the server would take it for an older edit and drop it. The record's field clocks and the bases of
 * later edits that pointed at the old stamp follow, in the same transaction.
 * An edit never ends up older than what it replaced, so the rule "newest
 * wins" still picks what the therapist meant.
 * `serverNow` is the server's clock when this device knows it (a clock_skew
 * answer says how far apart they are): stamps further ahead of it than the
 * allowed drift are refused, so they are re-stamped, and no stamp that far
 * ahead can be a peer's (the server never took one), so none is followed.
 * Returns how many stamps changed. `read`, when given, is the whole outbox as
 * the caller has just read it (the transaction reads it again before changing it).
 */
export async function restampOutbox(db: Db, now: number, serverNow: number = now, read?: OutboxEntry[]): Promise<number> {
  const limit = Math.min(now, serverNow) + MAX_CLOCK_DRIFT_MS;
  const maxAheadMs = Math.max(0, limit - now);
  const queued = read ?? (await db.getAll('outbox'));
  if (!queued.some((entry) => millisOf(entry.hlc) > limit)) return 0;
  const entities = [...new Set(queued.map((entry) => entry.entity))];

  return readwrite(db, [...entities, 'outbox', 'meta'], async (tx) => {
    const outbox = tx.objectStore('outbox');
    const entries: OutboxEntry[] = await outbox.getAll();
    const renamed = new Map<string, string>();
    let previous: string | undefined;
    // Entries written by one local write share a stamp; they get one new stamp together.
    for (let start = 0; start < entries.length; ) {
      let end = start + 1;
      while (end < entries.length && entries[end]!.hlc === entries[start]!.hlc) end++;
      const group = entries.slice(start, end);
      start = end;
      for (const entry of group) entry.base = Object.fromEntries(Object.entries(entry.base).map(([field, hlc]) => [field, renamed.get(hlc) ?? hlc]));
      const old = group[0]!.hlc;
      // Stamped in the future, or (its base having just been re-stamped) no longer after what it replaces.
      const replacesNewer = group.some((entry) => Object.values(entry.base).some((base) => base >= old));
      if (millisOf(old) > limit || replacesNewer) {
        const floors = [previous, ...group.flatMap((entry) => Object.values(entry.base))];
        renamed.set(old, nextHlc(parseHlc(old)!.node, now, { floors, maxAheadMs }));
      }
      for (const entry of group) entry.hlc = renamed.get(old) ?? old;
      if (!previous || group[0]!.hlc > previous) previous = group[0]!.hlc;
    }
    if (renamed.size === 0) return 0;

    const writes: Promise<unknown>[] = entries.map((entry) => outbox.put(entry));
    const byRecord = new Map<string, { entity: EntityName; id: string }>();
    for (const entry of entries) byRecord.set(`${entry.entity}|${entry.id}`, { entity: entry.entity, id: entry.id });
    const records = await Promise.all([...byRecord.values()].map(({ entity, id }) => recordStore(tx, entity).get(id)));
    [...byRecord.values()].forEach(({ entity }, index) => {
      const record = records[index];
      if (!record) return;
      let changed = false;
      for (const [field, hlc] of Object.entries(record.hlc)) {
        const fresh = renamed.get(hlc);
        if (fresh) {
          record.hlc[field] = fresh;
          changed = true;
        }
      }
      if (changed) writes.push(recordStore(tx, entity).put(record));
    });
    const lastHlc = await meta(tx).get('lastHlc');
    if (lastHlc && millisOf(lastHlc) > limit) writes.push(meta(tx).put('lastHlc', previous!));
    await Promise.all(writes);
    return renamed.size;
  });
}
