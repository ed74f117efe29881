import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { LAST_SEEN_RESOLUTION_MS } from '../../shared/api';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { SESSION_COOKIE, hashSessionToken } from './session-tokens';

/** The one route a session marked to wipe its device may still use. */
const WIPING_MAY_PUSH = '/api/sync/push';

const WIPE_MESSAGES = {
  deactivated: 'This account was deactivated by the office: delete the data on this device and sign out.',
  signed_out_elsewhere: 'This device was signed out from another device: delete the data on this device and sign out.',
} as const;

/**
 * Lets a request through only with a live session; routes read `therapistId`
 * (and `sessionTokenHash`) from it. "Last seen" is written at most hourly: a
 * device syncs every minute, and a write per request would cost more than the
 * list of devices is worth.
 */
export function requireSession({ store, now }: ServerDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const tokenHash = token ? hashSessionToken(token) : null;
    const at = now();
    const session = tokenHash ? await store.findSession(tokenHash, at) : null;
    if (!session || !tokenHash) throw new ApiError(401, 'unauthenticated', 'Sign in first: this needs a session.');
    if (at.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) await store.touchSession(tokenHash, at);
    c.set('therapistId', session.therapistId);
    c.set('sessionTokenHash', tokenHash);
    const label = [session.device.browser, session.device.os].filter(Boolean).join(' / ');
    c.set('session', { id: session.id, deviceLabel: label || null });
    c.set('wipe', session.wipe);
    // A device told to wipe may still send what it holds (a note typed offline reaches the
    // clinic's records); every other route tells it to wipe, and nothing is read by it any more.
    if (session.wipe && !(c.req.method === 'POST' && c.req.path === WIPING_MAY_PUSH)) {
      throw new ApiError(401, 'wipe_device', WIPE_MESSAGES[session.wipe], undefined, { wipe: session.wipe });
    }
    await next();
  };
}
