import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { LAST_SEEN_RESOLUTION_MS } from '../../shared/api';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { SESSION_COOKIE, hashSessionToken } from './session-tokens';

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
    await next();
  };
}
