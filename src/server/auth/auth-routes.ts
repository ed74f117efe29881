import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginRequestSchema } from '../../shared/api';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { readJson } from '../http/read-json';
import { createLoginThrottle } from './login-throttle';
import { decoyPasswordHash, verifyPassword } from './passwords';
import { SESSION_COOKIE, SESSION_LIFETIME_MS, hashSessionToken, newSessionToken } from './session-tokens';

/**
 * Sign-in and sign-out. The cookie is HttpOnly and SameSite=Strict, and every
 * write endpoint requires a JSON body, which a cross-site form cannot send:
 * together they rule out request forgery without a CSRF token.
 */
export function authRoutes(deps: ServerDeps) {
  const { store, now } = deps;
  const routes = new Hono<AppEnv>();
  const throttle = createLoginThrottle();

  routes.post('/login', async (c) => {
    const { email, password } = await readJson(c, LoginRequestSchema);
    const address = (() => {
      try {
        return getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        return 'unknown';
      }
    })();
    const key = `${email}|${address}`;
    const wait = throttle.retryAfter(key);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} min.`);
    }
    const credentials = await store.findCredentials(email);
    const valid = await verifyPassword(password, credentials?.passwordHash ?? (await decoyPasswordHash()));
    const therapist = valid && credentials ? await store.getTherapist(credentials.therapistId) : null;
    if (!therapist) {
      throttle.failed(key);
      throw new ApiError(401, 'invalid_credentials', 'The email or the password is wrong.');
    }
    throttle.succeeded(key);

    const token = newSessionToken();
    const createdAt = now();
    const expiresAt = new Date(createdAt.getTime() + SESSION_LIFETIME_MS);
    await store.createSession({ tokenHash: hashSessionToken(token), therapistId: therapist.id, createdAt, expiresAt });
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
      path: '/',
      expires: expiresAt,
    });
    return c.json({ therapist });
  });

  routes.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await store.deleteSession(hashSessionToken(token));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  return routes;
}
