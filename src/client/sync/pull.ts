import type { HlcClock } from '../../shared/hlc';
import { PROTOCOL_VERSION, PullResponseSchema, type EntityName } from '../../shared/protocol';

/** Records per pull page: a first pull of a busy window in two or three round trips. */
export const PULL_PAGE = 2500;
import { applyPullPage, newestHlc, readCursor } from '../data/apply-pull';
import type { RecordCodec } from '../data/codec';
import type { Db } from '../data/db';
import { postJson, type Transport } from './api-client';

/**
 * Pulls page after page until the server has nothing more. Each page lands in
 * one transaction with its cursor, so an interrupted pull resumes where the
 * last committed page left off. The clock then moves past every timestamp
 * seen, so the next local edit is newer than anything pulled; a server far
 * ahead of this device's clock raises ClockDriftError.
 */
export async function pullAll(
  db: Db,
  codec: RecordCodec,
  clock: HlcClock,
  transport?: Transport,
  onPage?: (entities: EntityName[]) => void,
): Promise<number> {
  let pages = 0;
  for (;;) {
    const cursor = await readCursor(db);
    const page = await postJson('/api/sync/pull', { protocolVersion: PROTOCOL_VERSION, cursor, limit: PULL_PAGE }, PullResponseSchema, transport);
    const entities = await applyPullPage(db, page, codec);
    pages += 1;
    if (entities.length > 0 || page.reset) onPage?.(entities);
    const newest = newestHlc(page);
    if (newest) clock.receive(newest);
    if (!page.hasMore) return pages;
  }
}
