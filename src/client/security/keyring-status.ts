import * as v from 'valibot';
import { meta, readwrite, type Db, type WriteTx } from '../data/db';
import { KeyringDamagedError } from './keyring-errors';
import { KeyringSchema, type StoredKeyring } from './keyring-record';

/*
 * What the lock screen needs to know before anything is typed. Apart from
 * keyring.ts, which brings Argon2id (WebAssembly, tens of KB): opening the
 * app reads the status, and loads the rest only when a PIN is typed.
 */

/** Wrong PINs in a row after which the PIN no longer opens the data key. */
export const MAX_WRONG_PINS = 10;

export const KEYRING_KEY = 'keyring';

/**
 * What the lock screen needs to know: nothing set up; a PIN (with the
 * attempts left); no PIN chosen yet (a key set up under the escrow only); or
 * the PIN locked out. The last two need the password.
 */
export type KeyringStatus = { state: 'absent' } | { state: 'pin'; attemptsLeft: number } | { state: 'no-pin' } | { state: 'locked-out' };

/** Whether the PIN can unlock (and how many wrong ones it still takes), or only a password sign-in can. */
export async function keyringStatus(db: Db): Promise<KeyringStatus> {
  const record = await readwrite(db, ['meta'], (tx) => readKeyring(tx));
  if (!record) return { state: 'absent' };
  if (record.failedPins >= MAX_WRONG_PINS) return { state: 'locked-out' };
  if (!record.pin) return { state: 'no-pin' };
  return { state: 'pin', attemptsLeft: MAX_WRONG_PINS - record.failedPins };
}

/** The stored keyring, checked; a damaged one is an error, never read as absent. */
export async function readKeyring(tx: WriteTx): Promise<StoredKeyring | undefined> {
  const stored = await meta(tx).get(KEYRING_KEY);
  if (stored === undefined) return undefined;
  const parsed = v.safeParse(KeyringSchema, stored);
  if (!parsed.success) throw new KeyringDamagedError(v.summarize(parsed.issues));
  return parsed.output;
}
