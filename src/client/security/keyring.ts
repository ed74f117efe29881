import { uuidv7 } from '../../shared/ids';
import { meta, readwrite, type Db } from '../data/db';
import { BiometricRefusedError, EscrowRefusedError, KeyringExistsError, NoKeyringError, PinLockedOutError, WeakPinError, WrongPinError } from './keyring-errors';
import { KEYRING_KEY as KEY, MAX_WRONG_PINS, keyringStatus, readKeyring } from './keyring-status';
import { KEYRING_FORMAT, type Argon2Params, type PinWrapping, type PrfWrapping, type SealedKey, type StoredKeyring } from './keyring-record';
import { MIN_PIN_LENGTH, PIN_ARGON2, SALT_BYTES, normalizePin, pinWrappingKey } from './pin-key';
import { type Bytes, importDataKey, importWrappingKey, sealKey, toBase64, fromBase64, unsealDataKey, unsealRawKey } from './seal-key';

// Re-exported: the status lives apart (keyring-status.ts), so opening the app does not load Argon2id with it.
export { MAX_WRONG_PINS, keyringStatus, type KeyringStatus } from './keyring-status';

/**
 * The therapist's data key on this device: random, 256 bits, kept only
 * wrapped, under a key derived from her PIN (Argon2id) and under the
 * server's escrow secret for this device (released only against her
 * password, see POST /api/auth/key-escrow). After MAX_WRONG_PINS wrong PINs
 * in a row the PIN wrapping is deleted, and only the escrow opens the key.
 *
 * Every function here returns the data key, if at all, as AES-GCM 256 for
 * encrypt and decrypt, not extractable: the codec's key, and nothing else.
 */

export interface KeyringOptions {
  /** Argon2id's cost for a new PIN wrapping. Tests make it tiny; production never passes it. */
  argon2?: Argon2Params;
  /** When the keyring was made (stored for the record); tests inject their clock. */
  now?: () => Date;
}

/** The escrow secret as the server sends it: 32 bytes, base64url. */
export type EscrowSecret = string;


/** Whether this device has a data key (set up, and not forgotten). */
export async function isKeyringSetUp(db: Db): Promise<boolean> {
  return (await keyringStatus(db)).state !== 'absent';
}

/**
 * Makes this device's data key and stores it wrapped under the escrow secret,
 * which the caller fetched and then drops, and under the PIN when one is
 * given. Without a PIN (a key made at sign-in, before the therapist chose
 * one) only the password opens it again, and recoverWithEscrow adds the PIN.
 * Refuses (KeyringExistsError) when a key exists: replacing it would lose
 * every record sealed under it. Throws WeakPinError for a PIN that is too short.
 */
export async function setUpKeyring(db: Db, input: { pin?: string; escrowSecret: EscrowSecret }, options: KeyringOptions = {}): Promise<CryptoKey> {
  if (input.pin !== undefined) checkNewPin(input.pin);
  const keyId = uuidv7();
  const raw = crypto.getRandomValues(new Uint8Array(32));
  try {
    const record: StoredKeyring = {
      format: KEYRING_FORMAT,
      keyId,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      failedPins: 0,
      pin: input.pin === undefined ? undefined : await wrapUnderPin(raw, input.pin, keyId, options.argon2 ?? PIN_ARGON2),
      escrow: await wrapUnderEscrow(raw, input.escrowSecret, keyId),
    };
    const dataKey = await importDataKey(raw);
    await readwrite(db, ['meta'], async (tx) => {
      if (await readKeyring(tx)) throw new KeyringExistsError();
      await meta(tx).put(KEY, record);
    }, { durability: 'strict' });
    return dataKey;
  } finally {
    raw.fill(0);
  }
}

/**
 * The data key, opened with the PIN. A wrong PIN throws WrongPinError with
 * the attempts left; the tenth in a row deletes the PIN wrapping and throws
 * PinLockedOutError, as does every attempt after it. A right PIN resets the
 * count. Each attempt is counted before it is checked, and always costs a
 * full Argon2id derivation.
 */
export async function unlockWithPin(db: Db, pin: string): Promise<CryptoKey> {
  return withPin(db, pin, async (wrappingKey, record) => ({
    result: await unsealDataKey(record.pin, wrappingKey, record.keyId, 'pin'),
  }));
}

/**
 * After a password sign-in released this device's escrow secret: opens the
 * data key with it, wraps it under a new PIN (which resets the wrong-PIN
 * count), and returns it. Works when the PIN is locked out or forgotten.
 * Throws EscrowRefusedError when the secret does not open the key.
 */
export async function recoverWithEscrow(db: Db, input: { escrowSecret: EscrowSecret; newPin: string }, options: KeyringOptions = {}): Promise<CryptoKey> {
  checkNewPin(input.newPin);
  const record = await readwrite(db, ['meta'], (tx) => readKeyring(tx));
  if (!record) throw new NoKeyringError();
  const raw = await unsealRawKey(record.escrow, await escrowWrappingKey(input.escrowSecret), record.keyId, 'escrow').catch((error: unknown) => {
    throw isAuthFailure(error) ? new EscrowRefusedError() : error;
  });
  try {
    const pinWrapping = await wrapUnderPin(raw, input.newPin, record.keyId, options.argon2 ?? PIN_ARGON2);
    const dataKey = await importDataKey(raw);
    await update(db, record.keyId, (current) => ({ ...current, pin: pinWrapping, failedPins: 0 }));
    return dataKey;
  } finally {
    raw.fill(0);
  }
}

/**
 * Wraps the same data key under a new PIN; no record is sealed again. The
 * current PIN is checked and counted exactly as by unlockWithPin.
 */
export async function changePin(db: Db, input: { currentPin: string; newPin: string }, options: KeyringOptions = {}): Promise<void> {
  checkNewPin(input.newPin);
  await withPin(db, input.currentPin, async (wrappingKey, record) => {
    const raw = await unsealRawKey(record.pin, wrappingKey, record.keyId, 'pin');
    try {
      const pin = await wrapUnderPin(raw, input.newPin, record.keyId, options.argon2 ?? PIN_ARGON2);
      return { result: undefined, change: { pin } };
    } finally {
      raw.fill(0);
    }
  });
}

/**
 * Wraps the same data key under a new escrow secret (the server made a new
 * one); the old wrapping is replaced. The PIN is checked and counted as by
 * unlockWithPin.
 */
export async function rotateEscrow(db: Db, input: { pin: string; newEscrowSecret: EscrowSecret }): Promise<void> {
  await withPin(db, input.pin, async (wrappingKey, record) => {
    const raw = await unsealRawKey(record.pin, wrappingKey, record.keyId, 'pin');
    try {
      return { result: undefined, change: { escrow: await wrapUnderEscrow(raw, input.newEscrowSecret, record.keyId) } };
    } finally {
      raw.fill(0);
    }
  });
}

/**
 * Adds biometric unlock: the data key wrapped under a passkey's PRF output
 * (32 bytes, from passkey-prf.ts) for `prfSalt`, replacing any earlier one.
 * The PIN is checked and counted as by unlockWithPin. After too many wrong
 * PINs this wrapping is deleted with the PIN's.
 */
export async function addBiometricUnlock(db: Db, input: { pin: string; credentialId: Bytes; prfSalt: Bytes; prfOutput: Bytes }): Promise<void> {
  await withPin(db, input.pin, async (wrappingKey, record) => {
    const raw = await unsealRawKey(record.pin, wrappingKey, record.keyId, 'pin');
    try {
      const sealed = await sealKey(raw, await importWrappingKey(input.prfOutput), record.keyId, 'prf');
      const prf: PrfWrapping = { ...sealed, credentialId: toBase64(input.credentialId), prfSalt: toBase64(input.prfSalt) };
      return { result: undefined, change: { prf } };
    } finally {
      raw.fill(0);
    }
  });
}

/** The passkey and PRF input to ask the authenticator for, or null when biometric unlock is not set up (or was removed). */
export async function biometricUnlockRequest(db: Db): Promise<{ credentialId: Bytes; prfSalt: Bytes } | null> {
  const record = await readwrite(db, ['meta'], (tx) => readKeyring(tx));
  if (!record?.prf || !record.pin || record.failedPins >= MAX_WRONG_PINS) return null;
  return { credentialId: fromBase64(record.prf.credentialId), prfSalt: fromBase64(record.prf.prfSalt) };
}

/**
 * The data key, opened with the passkey's PRF output. Throws
 * BiometricRefusedError when there is no biometric wrapping (or the PIN is
 * locked out) or the output does not open it. Leaves the PIN count as it is:
 * only the PIN resets it.
 */
export async function unlockWithBiometric(db: Db, prfOutput: Bytes): Promise<CryptoKey> {
  const record = await readwrite(db, ['meta'], (tx) => readKeyring(tx));
  if (!record) throw new NoKeyringError();
  if (!record.prf || !record.pin || record.failedPins >= MAX_WRONG_PINS) throw new BiometricRefusedError();
  const wrappingKey = await importWrappingKey(prfOutput);
  return unsealDataKey(record.prf, wrappingKey, record.keyId, 'prf').catch((error: unknown) => {
    throw isAuthFailure(error) ? new BiometricRefusedError() : error;
  });
}

/** Deletes the keyring: whatever is sealed under the data key can no longer be opened on this device. */
export async function forgetKeyring(db: Db): Promise<void> {
  await readwrite(db, ['meta'], (tx) => tx.objectStore('meta').delete(KEY), { durability: 'strict' });
}

type PinnedKeyring = StoredKeyring & { pin: PinWrapping };

/**
 * One PIN attempt: counted (and the lockout enforced) in one transaction
 * before anything is derived, so closing the app mid-attempt cannot save a
 * guess; then Argon2id and AES-GCM, whatever the PIN; then, in a second
 * transaction, the count reset with `change` applied, or the failure kept
 * and, at the limit, the PIN wrapping deleted.
 */
async function withPin<T>(
  db: Db,
  pin: string,
  use: (wrappingKey: CryptoKey, record: PinnedKeyring) => Promise<{ result: T; change?: Partial<Pick<StoredKeyring, 'pin' | 'escrow' | 'prf'>> }>,
): Promise<T> {
  const attempt = await readwrite(db, ['meta'], async (tx) => {
    const record = await readKeyring(tx);
    if (!record) return 'absent' as const;
    if (!record.pin || record.failedPins >= MAX_WRONG_PINS) {
      if (record.pin) await meta(tx).put(KEY, withoutPin(record));
      return 'locked-out' as const;
    }
    const counted = { ...record, failedPins: record.failedPins + 1 };
    await meta(tx).put(KEY, counted);
    return { ...record, pin: record.pin };
  }, { durability: 'strict' });
  if (attempt === 'absent') throw new NoKeyringError();
  if (attempt === 'locked-out') throw new PinLockedOutError();

  const wrappingKey = await pinWrappingKey(pin, fromBase64(attempt.pin.salt), attempt.pin.params);
  let outcome: Awaited<ReturnType<typeof use>>;
  try {
    outcome = await use(wrappingKey, attempt);
  } catch (error) {
    if (!isAuthFailure(error)) throw error;
    const failures = await readwrite(db, ['meta'], async (tx) => {
      const current = await readKeyring(tx);
      // Forgotten, or replaced by another tab, while this one was deriving.
      if (!current || current.keyId !== attempt.keyId) return null;
      if (current.failedPins >= MAX_WRONG_PINS) await meta(tx).put(KEY, withoutPin(current));
      return current.failedPins;
    }, { durability: 'strict' });
    if (failures === null) throw new NoKeyringError();
    if (failures >= MAX_WRONG_PINS) throw new PinLockedOutError();
    throw new WrongPinError(MAX_WRONG_PINS - failures);
  }
  await update(db, attempt.keyId, (current) => ({ ...current, ...outcome.change, failedPins: 0 }));
  return outcome.result;
}

/** After too many wrong PINs: only the escrow is left; the biometric wrapping goes with the PIN's. */
function withoutPin(record: StoredKeyring): StoredKeyring {
  const { pin: _pin, prf: _prf, ...rest } = record;
  return rest;
}

async function update(db: Db, keyId: string, change: (current: StoredKeyring) => StoredKeyring): Promise<void> {
  await readwrite(db, ['meta'], async (tx) => {
    const current = await readKeyring(tx);
    // Forgotten, or replaced by another tab, while this one was deriving: nothing of ours to change.
    if (!current || current.keyId !== keyId) throw new NoKeyringError();
    await meta(tx).put(KEY, change(current));
  }, { durability: 'strict' });
}

function checkNewPin(pin: string): void {
  if ([...normalizePin(pin)].length < MIN_PIN_LENGTH) throw new WeakPinError(MIN_PIN_LENGTH);
}

async function wrapUnderPin(raw: Bytes, pin: string, keyId: string, params: Argon2Params): Promise<PinWrapping> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const wrappingKey = await pinWrappingKey(pin, salt, params);
  return { kdf: 'argon2id', salt: toBase64(salt), params, ...(await sealKey(raw, wrappingKey, keyId, 'pin')) };
}

async function wrapUnderEscrow(raw: Bytes, secret: EscrowSecret, keyId: string): Promise<SealedKey> {
  return sealKey(raw, await escrowWrappingKey(secret), keyId, 'escrow');
}

async function escrowWrappingKey(secret: EscrowSecret): Promise<CryptoKey> {
  const bytes = fromBase64(secret.replace(/-/g, '+').replace(/_/g, '/'));
  try {
    return await importWrappingKey(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** AES-GCM's tag did not verify: a wrong wrapping key, or sealed bytes that were changed. */
function isAuthFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'OperationError';
}
