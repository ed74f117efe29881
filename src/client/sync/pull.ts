import { PULL_PAGE_MAX, type EntityName } from '../../shared/protocol';
import { PullResponseSchema } from '../../shared/sync-schemas';
import { applyPullPage, readCursor } from '../data/apply-pull';
import type { RecordCodec } from '../data/codec';
import { getMeta, type Db } from '../data/db';
import { postJson, type Transport } from './api-client';
import { withProtocol } from './protocol-version';

/**
 * Records per pull page. The device, not the server, is the slow side of a
 * first pull (one IndexedDB put per record): pages of 1,000 put the first
 * records in its hands sooner than pages of 2,500, and, with the next page
 * fetched while one is written, keep it busy; a busy window's first pull
 * still takes only about five round trips.
 */
export const PULL_PAGE = Math.min(1000, PULL_PAGE_MAX);

/**
 * Pulls page after page until the server has nothing more. Each page lands in
 * one transaction with its cursor and the device's clock, so an interrupted
 * pull resumes where the last committed page left off, and the next local
 * edit is stamped after everything pulled. A page from a server far ahead of
 * this device's clock raises ClockDriftError before anything is written.
 *
 * The next page is asked for as soon as a page has arrived, with that page's
 * cursor, while the page is being written: the server and the network work
 * while IndexedDB does. Pages are still applied one after the other, in
 * order, and a page is applied only after the one before it has committed;
 * if one fails, the page fetched ahead is dropped and the cursor stays where
 * the last committed page left it.
 */
export async function pullAll(
  db: Db,
  codec: RecordCodec,
  transport?: Transport,
  /** After each page that changed something; `more` while pages are still to come. */
  onPage?: (entities: EntityName[], more: boolean) => void,
  options: { now?: () => number } = {},
): Promise<number> {
  const now = options.now ?? Date.now;
  // The device names itself, so the server's access log says which phone read each client's file (Law 25).
  const deviceId = await getMeta(db, 'deviceId');
  const fetchPage = (cursor: string | null) =>
    withProtocol((protocolVersion) => postJson('/api/sync/pull', { protocolVersion, deviceId, cursor, limit: PULL_PAGE }, PullResponseSchema, transport));
  let pages = 0;
  // Screens may wait for the last page (see live-query.ts): it names every entity the pull touched.
  const touched = new Set<EntityName>();
  let next = fetchPage(await readCursor(db));
  for (;;) {
    const page = await next;
    if (page.hasMore) {
      next = fetchPage(page.cursor);
      // Dropped unread if this page fails to apply; its failure is the one reported.
      next.catch(() => undefined);
    }
    // The key the outbox is sealed to comes with every page (protocol 3), so a rotation reaches the device.
    // Its checks load only for a key not kept yet: the app's every opening does not carry them.
    if (page.sealingKey && JSON.stringify(await getMeta(db, 'sealingKey')) !== JSON.stringify(page.sealingKey)) {
      const { keepSealingKey } = await import('../data/sealing-key');
      await keepSealingKey(db, page.sealingKey);
    }
    // Each page's write lands in the Performance timeline (DevTools, the sync benchmark).
    const applyStart = performance.now();
    const entities = await applyPullPage(db, page, codec, now());
    performance.measure('tournee:pull-page', { start: applyStart, detail: page.records.length });
    pages += 1;
    entities.forEach((entity) => touched.add(entity));
    if (page.hasMore && (entities.length > 0 || page.reset)) onPage?.(entities, true);
    if (!page.hasMore && (touched.size > 0 || page.reset)) onPage?.([...touched], false);
    if (!page.hasMore) return pages;
  }
}
