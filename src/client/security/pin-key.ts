import { argon2id } from 'hash-wasm';
import type { Argon2Params } from './keyring-record';
import { importWrappingKey, type Bytes } from './seal-key';

/**
 * Argon2id's cost for a new PIN wrapping: OWASP's first choice (46 MiB, one
 * pass, one lane). The whole unlock (derive, unwrap, import, two IndexedDB
 * transactions) took 94-500 ms in Chromium on the project's shared 2-core
 * machine, depending on its load (`npm run bench:unlock`); a mid-range phone is
 * a few times slower and should stay near the 1 s budget. One lane because
 * hash-wasm runs in one thread: more lanes would cost time here and nothing
 * to an attacker.
 */
export const PIN_ARGON2: Argon2Params = { memoryKiB: 47_104, iterations: 1, parallelism: 1 };

export const SALT_BYTES = 16;

/** A PIN of at least 6 digits, or a passphrase of at least 6 characters. */
export const MIN_PIN_LENGTH = 6;

/** The same text however the keyboard composed it (é typed as one character or two). */
export function normalizePin(pin: string): string {
  return pin.normalize('NFKC');
}

/** The key-encryption key for a PIN: Argon2id, then imported into WebCrypto. Always derives, whatever the PIN. */
export async function pinWrappingKey(pin: string, salt: Bytes, params: Argon2Params): Promise<CryptoKey> {
  const derived = await argon2id({
    password: normalizePin(pin),
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  const bytes = new Uint8Array(derived);
  derived.fill(0);
  try {
    return await importWrappingKey(bytes);
  } finally {
    bytes.fill(0);
  }
}
