import * as v from 'valibot';
import type { EntityName } from './protocol';

// An outbox entry's payload sealed to the server's public key (hybrid
// encryption: ECDH P-256 with an ephemeral key, HKDF-SHA-256, AES-256-GCM).
// The device seals with WebCrypto (client/data/seal-for-server.ts), the server
// opens with node:crypto (server/sync/sealing-keys.ts); this file holds what
// both sides must agree on. README, "Design note: the sealed outbox".

/** Labels the key derivation, so a key derived here is never valid for anything else. */
const HKDF_INFO_PREFIX = 'tournee outbox sealed to the server v1|';

const base64url = (length: number) =>
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'), v.length(length, `must be ${length} base64url characters`));

/** A key id: the server names each of its key pairs, so a device's old seals still open after a rotation. */
export const SealingKeyIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _'));

/**
 * The server's public key as it is sent to devices. Only the public parts:
 * a JWK with a private `d` is refused, so a mistake on the server cannot put
 * its private key on phones.
 */
export const SealingPublicKeySchema = v.object({
  kid: SealingKeyIdSchema,
  jwk: v.strictObject({
    kty: v.literal('EC'),
    crv: v.literal('P-256'),
    x: base64url(43),
    y: base64url(43),
    ext: v.optional(v.boolean()),
    key_ops: v.optional(v.array(v.string())),
  }),
});
export type SealingPublicKey = v.InferOutput<typeof SealingPublicKeySchema>;

/**
 * What a sealed mutation carries instead of `fields`: the server's key id,
 * the ephemeral public key (raw uncompressed P-256 point, 65 bytes), the
 * AES-GCM IV (12 bytes) and the ciphertext with its 16-byte tag, all base64url.
 */
export const SealedPayloadSchema = v.strictObject({
  kid: SealingKeyIdSchema,
  epk: base64url(87),
  iv: base64url(16),
  ct: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,}$/, 'must be base64url, at least the 16-byte tag')),
});
export type SealedPayload = v.InferOutput<typeof SealedPayloadSchema>;

/** What the AES-GCM tag binds besides the fields: a payload opens only as the mutation it was sealed for. */
export interface SealedFor {
  mutationId: number;
  entity: EntityName;
  id: string;
  op: 'create' | 'update';
}

/** The additional authenticated data of a sealed payload. */
export function sealedAad(to: SealedFor): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`tournee-outbox-v1|${to.mutationId}|${to.entity}|${to.id}|${to.op}`);
}

/** HKDF's info: the key id and the ephemeral key, so one shared secret gives one key for one (server key, ephemeral key) pair. */
export function sealingInfo(kid: string, epk: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${HKDF_INFO_PREFIX}${kid}|${epk}`);
}

/** HKDF's salt: fixed, as the input is already a fresh ECDH secret per ephemeral key. */
export const SEALING_SALT = new Uint8Array(32);

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
