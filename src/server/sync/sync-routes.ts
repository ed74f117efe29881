import { Hono } from 'hono';
import { PULL_PAGE_DEFAULT, type PullResponse, type PushResponse } from '../../shared/protocol';
import { PullRequestSchema, PushRequestSchema } from '../../shared/sync-schemas';
import type { AppEnv, ServerDeps } from '../env';
import { compressedJson } from '../http/compressed-json';
import { readJson } from '../http/read-json';
import { accessOfPull } from '../privacy/access-entries';
import { requireSaneClock } from './clock-check';
import { openPushMutations } from './open-sealed';
import { requireProtocol, resultsForProtocol } from './protocol-versions';
import { decodeCursor, encodeCursor, pullWindow } from './pull-window';
import { memorySealingKeys } from './sealing-keys';

export function syncRoutes(deps: ServerDeps) {
  const { store, now } = deps;
  const sealingKeys = deps.sealingKeys ?? memorySealingKeys();
  const routes = new Hono<AppEnv>();

  routes.post('/push', async (c) => {
    const request = await readJson(c, PushRequestSchema);
    requireProtocol(request.protocolVersion);
    const now = deps.now();
    requireSaneClock(request.deviceTime, request.mutations, now);

    const mutations = openPushMutations(request.mutations, sealingKeys);
    const results = await store.applyPush(
      {
        therapistId: c.get('therapistId'),
        deviceId: request.deviceId,
        session: c.get('session'),
        protocolVersion: request.protocolVersion,
        receivedAt: now,
        mutations,
      },
      deps.onUnexpectedError,
    );
    // Answered in the client's own protocol version, which it may be older than ours.
    const response: PushResponse = { protocolVersion: request.protocolVersion, results: resultsForProtocol(request.protocolVersion, results) };
    // Remote wipe: the changes were applied as usual; now the device must delete its data.
    const wipe = c.get('wipe');
    if (wipe) response.wipe = wipe;
    return compressedJson(c, JSON.stringify(response));
  });

  routes.post('/pull', async (c) => {
    const request = await readJson(c, PullRequestSchema);
    requireProtocol(request.protocolVersion);
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
    // Law 25: who read which client's records, one row per client per page (ids only).
    const session = c.get('session');
    await store.appendAccess(
      accessOfPull(records, { at: now(), accountId: c.get('therapistId'), deviceId: request.deviceId ?? null, sessionId: session.id, deviceLabel: session.deviceLabel }),
    );
    // With nothing new, the cursor still moves to the current sequence, so
    // the next pull skips everything that is not the therapist's.
    const lastSeq = hasMore ? records.at(-1)!.seq : Math.max(afterSeq, currentSeq, records.at(-1)?.seq ?? 0);
    const response: PullResponse = {
      protocolVersion: request.protocolVersion,
      reset,
      records,
      cursor: encodeCursor(lastSeq, window),
      hasMore,
      window,
      // Protocol 3: the key this device seals its outbox to, on every page, so a rotation reaches it at its next pull.
      ...(request.protocolVersion >= 3 ? { sealingKey: sealingKeys.current() } : {}),
    };
    return compressedJson(c, JSON.stringify(response));
  });

  return routes;
}
