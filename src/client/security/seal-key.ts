import type { SealedKey } from './keyring-record';

/**
 * The data key sealed with AES-GCM under a key-encryption key (from the PIN,
 * or the escrow secret). The additional data names the data key and the way
 * it is wrapped, so a wrapping cannot be passed off as another one: moving
 * the escrow's sealed bytes into the PIN's slot fails the tag, like any other
 * change to them.
 */

export type WrappingMethod = 'pin' | 'escrow' | 'prf';

/** Bytes WebCrypto accepts (never a view of a SharedArrayBuffer). */
export type Bytes = Uint8Array<ArrayBuffer>;

const IV_BYTES = 12;

function additionalData(keyId: string, method: WrappingMethod): Bytes {
  return new TextEncoder().encode(`tournee-keyring/v1/${keyId}/${method}`);
}

/** A key-encryption key from 32 secret bytes; it can only wrap and unwrap, and never leaves WebCrypto. */
export function importWrappingKey(secret: Bytes): Promise<CryptoKey> {
  if (secret.length !== 32) throw new RangeError('A wrapping key needs 32 bytes');
  return crypto.subtle.importKey('raw', secret, 'AES-GCM', false, ['encrypt', 'decrypt', 'unwrapKey']);
}

export async function sealKey(rawKey: Bytes, wrappingKey: CryptoKey, keyId: string, method: WrappingMethod): Promise<SealedKey> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(keyId, method) }, wrappingKey, rawKey);
  return { iv: toBase64(iv), sealed: toBase64(new Uint8Array(sealed)) };
}

/**
 * The data key as the app uses it: AES-GCM 256, encrypt and decrypt only,
 * not extractable. Unwrapped inside WebCrypto, so its bytes never reach
 * script. Rejects (OperationError) when the wrapping key is wrong or the
 * sealed bytes were changed: AES-GCM cannot tell those apart.
 */
export function unsealDataKey(sealed: SealedKey, wrappingKey: CryptoKey, keyId: string, method: WrappingMethod): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey(
    'raw',
    fromBase64(sealed.sealed),
    wrappingKey,
    { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: additionalData(keyId, method) },
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The data key's raw bytes, only to wrap them again (a new PIN, a new escrow); the caller wipes them at once. */
export async function unsealRawKey(sealed: SealedKey, wrappingKey: CryptoKey, keyId: string, method: WrappingMethod): Promise<Bytes> {
  const raw = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: additionalData(keyId, method) },
    wrappingKey,
    fromBase64(sealed.sealed),
  );
  return new Uint8Array(raw);
}

/** The data key for the app, from raw bytes made or unsealed a moment ago. */
export function importDataKey(rawKey: Bytes): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', rawKey, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Bytes {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
