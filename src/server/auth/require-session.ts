import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { SESSION_COOKIE, hashSessionToken } from './session-tokens';

/** Lets a request through only with a live session; routes read `therapistId` from it. */
export function requireSession({ store, now }: ServerDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await store.findSession(hashSessionToken(token), now()) : null;
    if (!session) throw new ApiError(401, 'unauthenticated', 'Sign in first: this needs a session.');
    c.set('therapistId', session.therapistId);
    await next();
  };
}
