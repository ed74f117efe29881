import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** 256 random bits; only its hash is stored, so a copied database opens no session. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
