import { PROTOCOL_VERSION, PullResponseSchema } from '../../shared/protocol';
import type { EntityName } from '../../shared/protocol';
import { applyPullPage, readCursor } from '../data/apply-pull';
import type { RecordCodec } from '../data/codec';
import type { Db } from '../data/db';
import { postJson } from './api-client';

/**
 * Pulls page after page until the server has nothing more. Each page lands in
 * one transaction with its cursor, so an interrupted pull resumes where the
 * last committed page left off.
 */
export async function pullAll(db: Db, codec: RecordCodec, onPage?: (entities: EntityName[]) => void): Promise<number> {
  let pages = 0;
  for (;;) {
    const cursor = await readCursor(db);
    const page = await postJson('/api/sync/pull', { protocolVersion: PROTOCOL_VERSION, cursor }, PullResponseSchema);
    const entities = await applyPullPage(db, page, codec);
    pages += 1;
    if (entities.length > 0 || page.reset) onPage?.(entities);
    if (!page.hasMore) return pages;
  }
}
