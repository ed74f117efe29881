import {
  SEALING_SALT,
  sealedAad,
  sealingInfo,
  toBase64url,
  type SealedFor,
  type SealedPayload,
  type SealingPublicKey,
} from '../../shared/sealed-outbox';

/**
 * One ephemeral key serves this running copy of the app for a while, not one
 * per write: the server then derives one shared secret per ephemeral key and
 * opens a push of thousands of changes with AES alone. The ephemeral private
 * key is dropped as soon as the AES key is derived, and the AES key lives in
 * memory only (never in IndexedDB), so nothing on disk opens a sealed payload.
 * Each payload has its own random IV; far fewer than 2^32 per key.
 */
const EPHEMERAL_LIFETIME_MS = 10 * 60_000;
const EPHEMERAL_MAX_SEALS = 100_000;

interface Ephemeral {
  kid: string;
  epk: string;
  aes: CryptoKey;
  bornAt: number;
  seals: number;
}

let current: Promise<Ephemeral> | null = null;
let currentKid: string | null = null;

async function newEphemeral(server: SealingPublicKey): Promise<Ephemeral> {
  const serverKey = await crypto.subtle.importKey('jwk', { ...server.jwk, ext: true }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])) as CryptoKeyPair;
  const [secret, raw] = await Promise.all([
    crypto.subtle.deriveBits({ name: 'ECDH', public: serverKey }, pair.privateKey, 256),
    crypto.subtle.exportKey('raw', pair.publicKey),
  ]);
  const epk = toBase64url(new Uint8Array(raw));
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const aes = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: SEALING_SALT, info: sealingInfo(server.kid, epk) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  return { kid: server.kid, epk, aes, bornAt: performance.now(), seals: 0 };
}

async function ephemeralFor(server: SealingPublicKey): Promise<Ephemeral> {
  if (current && currentKid === server.kid) {
    const ephemeral = await current.catch(() => null);
    if (ephemeral && ephemeral.seals < EPHEMERAL_MAX_SEALS && performance.now() - ephemeral.bornAt < EPHEMERAL_LIFETIME_MS) return ephemeral;
  }
  currentKid = server.kid;
  current = newEphemeral(server);
  return current;
}

/**
 * Seals each change's fields (as JSON) to the server's public key, bound to
 * the mutation it will travel as. Awaits WebCrypto: call it before an
 * IndexedDB transaction opens, never inside one.
 */
export async function sealForServer(server: SealingPublicKey, changes: { to: SealedFor; fields: Record<string, unknown> }[]): Promise<SealedPayload[]> {
  const ephemeral = await ephemeralFor(server);
  ephemeral.seals += changes.length;
  return Promise.all(
    changes.map(async ({ to, fields }) => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(fields));
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: sealedAad(to) }, ephemeral.aes, plain);
      return { kid: ephemeral.kid, epk: ephemeral.epk, iv: toBase64url(iv), ct: toBase64url(new Uint8Array(ct)) };
    }),
  );
}

/** Drops the in-memory sealing key (when the app locks or signs out); the next write makes a new ephemeral key. */
// Kept apart (sealing-key.ts) so a pull does not load the write path's sealing.
export { checkSealingKey } from './sealing-key';

export function forgetSealingKeys(): void {
  current = null;
  currentKid = null;
}
