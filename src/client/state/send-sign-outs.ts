import * as v from 'valibot';
import { ApiRequestError, directTransport, postJson } from '../sync/api-client';
import { PENDING_SIGN_OUTS_KEY } from './pending-sign-out';

const PendingSchema = v.array(v.object({ signOutToken: v.optional(v.string()) }));
type Pending = v.InferOutput<typeof PendingSchema>;

function read(): Pending {
  try {
    const result = v.safeParse(PendingSchema, JSON.parse(localStorage.getItem(PENDING_SIGN_OUTS_KEY) ?? '[]'));
    // Unreadable entries still end the cookie's session: send one bare sign-out for them.
    return result.success ? result.output : [{}];
  } catch {
    return [{}];
  }
}

function write(pending: Pending): void {
  if (pending.length === 0) localStorage.removeItem(PENDING_SIGN_OUTS_KEY);
  else localStorage.setItem(PENDING_SIGN_OUTS_KEY, JSON.stringify(pending));
}

let sending: Promise<void> | null = null;

/**
 * Sends every pending sign-out (pending-sign-out.ts), oldest first, straight
 * past the request gate. Resolves once none is left; rejects, keeping the
 * rest, when the server cannot be reached or fails (5xx). A 4xx means the
 * server understood and has nothing to end: done. One run at a time.
 */
export function sendSignOuts(): Promise<void> {
  sending ??= (async () => {
    try {
      for (let next = read()[0]; next; next = read()[0]) {
        try {
          await postJson('/api/auth/logout', next, v.unknown(), directTransport);
        } catch (error) {
          if (!(error instanceof ApiRequestError && error.status < 500)) throw error;
        }
        write(read().slice(1));
      }
    } finally {
      sending = null;
    }
  })();
  return sending;
}
