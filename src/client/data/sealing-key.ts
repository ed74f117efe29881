import * as v from 'valibot';
import { SealingPublicKeySchema, type SealingPublicKey } from '../../shared/sealed-outbox';
import { getMeta, type Db } from './db';

/** Checks a key the server sent before this device trusts it: the schema, and a point on the curve. */
export async function checkSealingKey(value: unknown): Promise<SealingPublicKey> {
  const key = v.parse(SealingPublicKeySchema, value);
  await crypto.subtle.importKey('jwk', { ...key.jwk, ext: true }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  return key;
}

/**
 * Keeps the server's public key from a pull page in meta, where the write path
 * reads it to seal the outbox. A key that fails its checks (not a P-256
 * public key, or carrying a private part) is not kept: the device goes on
 * sealing to the key it had. Resolves with whether the kept key changed.
 */
export async function keepSealingKey(db: Db, value: unknown): Promise<boolean> {
  const stored = await getMeta(db, 'sealingKey');
  if (stored && JSON.stringify(stored) === JSON.stringify(value)) return false;
  let key;
  try {
    key = await checkSealingKey(value);
  } catch (error) {
    console.warn('The server sent a sealing key this device does not accept; it keeps the one it had.', error);
    return false;
  }
  await db.put('meta', key, 'sealingKey');
  return true;
}
