import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * How long a session marked to wipe its device is kept, at least, from the
 * marking: a phone that comes back within that time pushes what it has and
 * then wipes. A phone offline for longer gets a plain 401 and can push nothing.
 */
export const WIPE_GRACE_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * A browser where a therapist has signed in keeps this random token for a year
 * (HttpOnly, sent only to /api/auth). Its hash, stored per therapist, lets the
 * right password through the account's backoff (see auth-routes.ts). Sign-out
 * keeps it: it proves a past sign-in, not a present one.
 */
export const DEVICE_COOKIE = 'device';
export const DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/** 256 random bits; only its hash is stored, so a copied database opens no session. Sign-out and device tokens are made the same way. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
