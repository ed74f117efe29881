import { Hono } from 'hono';
import * as v from 'valibot';
import { MAX_CLOCK_DRIFT_MS, parseHlc } from '../../shared/hlc';
import {
  MutationSchema,
  PROTOCOL_VERSION,
  PULL_PAGE_DEFAULT,
  PullRequestSchema,
  PushRequestSchema,
  type PullResponse,
  type PushResponse,
} from '../../shared/protocol';
import type { PushInput } from '../store/store';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { readJson } from '../http/read-json';
import { decodeCursor, encodeCursor, pullWindow } from './pull-window';

function requireProtocol(version: number): void {
  if (version !== PROTOCOL_VERSION) {
    throw new ApiError(426, 'protocol_version', `This app speaks sync protocol ${version}; the server speaks ${PROTOCOL_VERSION}. Update the app.`);
  }
}

/**
 * A phone whose clock is far off would stamp its edits with times that win or
 * lose wrongly forever. Refuse the whole push with a clear error; the phone
 * keeps every change in its outbox and sends them once its clock is right.
 */
function requireSaneClock(deviceTime: number, mutations: Record<string, unknown>[], now: Date): void {
  const drift = deviceTime - now.getTime();
  const futureEdit = mutations.some((mutation) => {
    const hlc = typeof mutation.hlc === 'string' ? parseHlc(mutation.hlc) : null;
    return hlc !== null && hlc.millis - now.getTime() > MAX_CLOCK_DRIFT_MS;
  });
  if (Math.abs(drift) > MAX_CLOCK_DRIFT_MS || futureEdit) {
    const minutes = Math.round(Math.abs(drift) / 60_000);
    throw new ApiError(
      409,
      'clock_skew',
      `This device's clock is ${minutes} min ${drift > 0 ? 'ahead of' : 'behind'} the server. Set the date and time to automatic; your changes are kept on the device until then.`,
    );
  }
}

export function syncRoutes(deps: ServerDeps) {
  const { store, now } = deps;
  const routes = new Hono<AppEnv>();

  routes.post('/push', async (c) => {
    const request = await readJson(c, PushRequestSchema);
    requireProtocol(request.protocolVersion);
    const now = deps.now();
    requireSaneClock(request.deviceTime, request.mutations, now);

    const mutations: PushInput['mutations'] = request.mutations.map((raw) => {
      const parsed = v.safeParse(MutationSchema, raw);
      return parsed.success
        ? { mutationId: raw.mutationId, mutation: parsed.output }
        : { mutationId: raw.mutationId, invalid: `The change is malformed: ${v.summarize(parsed.issues)}`, raw };
    });
    const results = await store.applyPush(
      { therapistId: c.get('therapistId'), deviceId: request.deviceId, receivedAt: now, mutations },
      deps.onUnexpectedError,
    );
    const response: PushResponse = { protocolVersion: PROTOCOL_VERSION, results };
    return c.json(response);
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
