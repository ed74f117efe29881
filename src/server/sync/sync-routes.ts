import { Hono } from 'hono';
import { PROTOCOL_VERSION, PULL_PAGE_DEFAULT, PullRequestSchema, type PullResponse } from '../../shared/protocol';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { readJson } from '../http/read-json';
import { decodeCursor, encodeCursor, pullWindow } from './pull-window';

export function syncRoutes({ store, now }: ServerDeps) {
  const routes = new Hono<AppEnv>();

  routes.post('/pull', async (c) => {
    const request = await readJson(c, PullRequestSchema);
    if (request.protocolVersion !== PROTOCOL_VERSION) {
      throw new ApiError(
        426,
        'protocol_version',
        `This app speaks sync protocol ${request.protocolVersion}; the server speaks ${PROTOCOL_VERSION}. Update the app.`,
      );
    }
    const window = pullWindow(now());
    const position = request.cursor ? decodeCursor(request.cursor) : null;
    const currentSeq = await store.currentSeq();
    // A cursor from another database, another window or the future cannot be
    // trusted as a position: start a full snapshot rather than guess.
    const reset =
      !position ||
      position.window.from !== window.from ||
      position.window.to !== window.to ||
      position.seq > currentSeq;
    const afterSeq = reset ? 0 : position.seq;

    const { records, hasMore } = await store.pullChanges({
      therapistId: c.get('therapistId'),
      ...window,
      afterSeq,
      limit: request.limit ?? PULL_PAGE_DEFAULT,
    });
    // With nothing new, the cursor still moves to the current sequence, so
    // the next pull skips everything that is not the therapist's.
    const lastSeq = hasMore ? records.at(-1)!.seq : Math.max(afterSeq, currentSeq, records.at(-1)?.seq ?? 0);
    const response: PullResponse = {
      protocolVersion: PROTOCOL_VERSION,
      reset,
      records,
      cursor: encodeCursor(lastSeq, window),
      hasMore,
      window,
    };
    return c.json(response);
  });

  return routes;
}
