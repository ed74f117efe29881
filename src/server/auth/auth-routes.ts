import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { randomBytes } from 'node:crypto';
import { KeyEscrowRequestSchema, LoginRequestSchema, LogoutRequestSchema, type KeyEscrowResponse, type SignedInDevice } from '../../shared/api';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { readJson } from '../http/read-json';
import { deviceLabel } from './device-label';
import { QueueFullError, createHashQueue, type HashQueue } from './hash-queue';
import { counters, createLoginThrottle, type Counter, type SignInLimits } from './login-throttle';
import { decoyPasswordHash, verifyPassword } from './passwords';
import { requireSession } from './require-session';
import {
  DEVICE_COOKIE,
  DEVICE_LIFETIME_MS,
  SESSION_COOKIE,
  SESSION_LIFETIME_MS,
  WIPE_GRACE_MS,
  hashSessionToken as hashToken,
  newSessionToken as newToken,
} from './session-tokens';

export interface AuthOptions {
  /** Backoff of failed sign-ins (login-throttle.ts); tests shrink it. */
  limits?: SignInLimits;
  /** Where password checks queue (hash-queue.ts); one per server. */
  hashQueue?: HashQueue;
}

function tooMany(c: Context, waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  c.header('Retry-After', String(seconds));
  const wait = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return new ApiError(429, 'too_many_attempts', `Too many failed sign-ins. Try again in ${wait}.`);
}

/**
 * Sign-in, sign-out and the list of signed-in devices. The cookies are
 * HttpOnly and SameSite=Strict, and every write endpoint requires a JSON body,
 * which a cross-site form cannot send: together they rule out request forgery
 * without a CSRF token.
 *
 * Failed sign-ins back off per client address, and per account. The account's
 * backoff does not apply to the right password from a browser that has signed
 * in to that account before (its `device` cookie), so that nobody can lock a
 * therapist out by guessing her password from elsewhere; wrong passwords from
 * that browser still count, and past a few it is treated as a stranger.
 */
export function authRoutes(deps: ServerDeps, options: AuthOptions = {}) {
  const { store, now } = deps;
  const routes = new Hono<AppEnv>();
  const throttle = createLoginThrottle({ store, now, limits: options.limits });
  const hashing = options.hashQueue ?? createHashQueue();
  const session = requireSession(deps);

  const cookieOptions = (c: Context<AppEnv>, path: string, expires: Date) =>
    ({ httpOnly: true, sameSite: 'Strict', secure: c.get('https'), path, expires }) as const;

  /**
   * The sign-in's password check: the same counters, backoff and queue
   * whatever asks (sign-in, the key escrow). Throws 429 or 503 before any
   * hashing when it must, 401 for a wrong email or password; returns the
   * account and the browser's known-device cookie, if any.
   */
  const checkPassword = async (c: Context<AppEnv>, email: string, password: string) => {
    const credentials = await store.findCredentials(email);
    const deviceToken = getCookie(c, DEVICE_COOKIE);
    const deviceHash = deviceToken ? hashToken(deviceToken) : null;
    const knownDevice =
      credentials && deviceHash && (await store.isKnownDevice(deviceHash, credentials.therapistId, now()))
        ? counters.knownDevice(deviceHash, credentials.therapistId)
        : null;
    const trusted = knownDevice !== null && (await throttle.waitMs([knownDevice])) === 0;
    const limits: Counter[] = [counters.address(c.get('clientAddress')), counters.account(email)];
    const applying = trusted ? [] : limits;

    const refuseIfBackingOff = async () => {
      const wait = await throttle.waitMs(applying);
      if (wait > 0) throw tooMany(c, wait);
    };
    await refuseIfBackingOff();
    let valid: boolean;
    try {
      valid = await hashing.run(
        async () => {
          // Failures recorded while this waited in the queue count too.
          await refuseIfBackingOff();
          return verifyPassword(password, credentials?.passwordHash ?? (await decoyPasswordHash()));
        },
        { first: trusted },
      );
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      c.header('Retry-After', '2');
      throw new ApiError(503, 'busy', 'Too many sign-ins at once. Try again in a moment.');
    }
    const therapist = valid && credentials ? await store.getTherapist(credentials.therapistId) : null;
    if (!therapist) {
      await throttle.failed(knownDevice ? [...limits, knownDevice] : limits);
      throw new ApiError(401, 'invalid_credentials', 'The email or the password is wrong.');
    }
    await throttle.succeeded(knownDevice ? [...limits, knownDevice] : limits);
    return { therapist, deviceToken };
  };

  /** A device's escrow secret, made on first request; only ever called right after the password was checked. */
  const releaseEscrow = async (
    c: Context<AppEnv>,
    input: { therapistId: string; deviceId: string; knownDeviceHash: string; rotate: boolean },
  ): Promise<KeyEscrowResponse> => {
    const secret = await store.keyEscrow({
      therapistId: input.therapistId,
      deviceId: input.deviceId,
      knownDeviceHash: input.knownDeviceHash,
      fresh: randomBytes(32),
      replace: input.rotate,
      at: now(),
    });
    c.header('Cache-Control', 'no-store');
    return { deviceId: input.deviceId, secret: Buffer.from(secret).toString('base64url') };
  };

  /** Marks this browser as one where the therapist signed in (a new cookie if it has none); returns its cookie's hash. */
  const rememberBrowser = async (c: Context<AppEnv>, therapistId: string, deviceToken: string | undefined) => {
    const device = deviceToken ?? newToken();
    const deviceExpires = new Date(now().getTime() + DEVICE_LIFETIME_MS);
    await store.rememberDevice(hashToken(device), therapistId, deviceExpires);
    setCookie(c, DEVICE_COOKIE, device, cookieOptions(c, '/api/auth', deviceExpires));
    return hashToken(device);
  };

  routes.post('/login', async (c) => {
    const { email, password, deviceId } = await readJson(c, LoginRequestSchema);
    const { therapist, deviceToken } = await checkPassword(c, email, password);

    // Whatever session this browser held ends here: a sign-in replaces it.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await store.deleteSession(hashToken(previous));

    const token = newToken();
    const signOutToken = newToken();
    const createdAt = now();
    const expiresAt = new Date(createdAt.getTime() + SESSION_LIFETIME_MS);
    await store.createSession({
      tokenHash: hashToken(token),
      therapistId: therapist.id,
      createdAt,
      expiresAt,
      signOutHash: hashToken(signOutToken),
      device: deviceLabel(c.req.header('user-agent')),
    });
    setCookie(c, SESSION_COOKIE, token, cookieOptions(c, '/', expiresAt));
    const knownDeviceHash = await rememberBrowser(c, therapist.id, deviceToken);
    // A device that names itself gets its escrow secret now, rather than paying a second password check for it.
    const escrow = deviceId ? await releaseEscrow(c, { therapistId: therapist.id, deviceId, knownDeviceHash, rotate: false }) : undefined;
    return c.json({ therapist, signOutToken, escrow });
  });

  /** Ends the cookie's session and the one the sign-out token names (sent later by a device that signed out offline). */
  routes.post('/logout', async (c) => {
    const { signOutToken } = await readJson(c, LogoutRequestSchema);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await store.deleteSession(hashToken(token));
    if (signOutToken) await store.deleteSessionBySignOut(hashToken(signOutToken));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  routes.get('/sessions', session, async (c) => {
    const current = c.get('sessionTokenHash');
    const sessions: SignedInDevice[] = (await store.listSessions(c.get('therapistId'), now())).map((one) => ({
      id: one.id,
      browser: one.device.browser,
      os: one.device.os,
      createdAt: one.createdAt.toISOString(),
      // Written at most hourly (require-session.ts); this device is being seen right now.
      lastSeenAt: (one.tokenHash === current ? now() : one.lastSeenAt).toISOString(),
      current: one.tokenHash === current,
    }));
    return c.json({ sessions });
  });

  /**
   * "Sign out everywhere else": every other session of this therapist is
   * marked to wipe its device (it may push what it holds, then must delete its
   * data; see require-session.ts), and every other browser is forgotten, so a
   * lost phone no longer passes the account's backoff. This device stays
   * signed in: its unsent changes and unread refusals stay sendable and readable.
   */
  routes.post('/sessions/revoke-others', session, async (c) => {
    await readJson(c, v.object({}));
    const therapistId = c.get('therapistId');
    const at = now();
    const ended = await store.markSessionsForWipe(therapistId, 'signed_out_elsewhere', c.get('sessionTokenHash'), new Date(at.getTime() + WIPE_GRACE_MS));
    const deviceToken = getCookie(c, DEVICE_COOKIE);
    const keep = deviceToken ? hashToken(deviceToken) : null;
    await store.forgetDevices(therapistId, keep);
    // The other devices' escrow secrets go too: a lost phone's data key can no longer be recovered with the password.
    await store.deleteKeyEscrows(therapistId, keep);
    return c.json({ ended });
  });

  /**
   * The escrow secret that wraps this device's data key, for a password and
   * never for a session alone: a thief holding the phone holds its cookie.
   * The password is checked exactly as at sign-in (same counters, backoff
   * and queue). Made on first request, the same afterwards, new when
   * `rotate`. It is bound to this browser's known-device cookie, so that
   * "sign out all other devices" can delete every other device's.
   */
  routes.post('/key-escrow', session, async (c) => {
    const { password, deviceId, rotate } = await readJson(c, KeyEscrowRequestSchema);
    const account = await store.getTherapist(c.get('therapistId'));
    if (!account) throw new ApiError(401, 'unauthenticated', 'This account no longer exists.');
    const { therapist, deviceToken } = await checkPassword(c, account.email, password);
    const knownDeviceHash = await rememberBrowser(c, therapist.id, deviceToken);
    return c.json(await releaseEscrow(c, { therapistId: therapist.id, deviceId, knownDeviceHash, rotate: rotate ?? false }));
  });

  return routes;
}
