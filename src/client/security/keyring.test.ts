import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { deleteTherapistDb, getMeta, meta, openTherapistDb, readwrite, type Db } from '../data/db';
import { BiometricRefusedError, EscrowRefusedError, KeyringDamagedError, KeyringExistsError, NoKeyringError, PinLockedOutError, WeakPinError, WrongPinError } from './keyring-errors';
import type { StoredKeyring } from './keyring-record';
import {
  MAX_WRONG_PINS,
  addBiometricUnlock,
  biometricUnlockRequest,
  changePin,
  forgetKeyring,
  isKeyringSetUp,
  keyringStatus,
  recoverWithEscrow,
  rotateEscrow,
  setUpKeyring,
  unlockWithBiometric,
  unlockWithPin,
  type KeyringOptions,
} from './keyring';

// Counts derivations, to show that every PIN attempt derives, whatever the PIN.
const derivations = vi.hoisted(() => ({ count: 0 }));
vi.mock('hash-wasm', async (importOriginal) => {
  const real = await importOriginal<typeof import('hash-wasm')>();
  return {
    ...real,
    argon2id: (...args: Parameters<typeof real.argon2id>) => {
      derivations.count++;
      return real.argon2id(...args);
    },
  };
});

// Tiny Argon2id, so a test can type a hundred PINs; production's cost is PIN_ARGON2.
const TINY: KeyringOptions = { argon2: { memoryKiB: 64, iterations: 1, parallelism: 1 }, now: () => new Date('2026-11-24T15:00:00Z') };
const PIN = '482913';

function escrowSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Shows two keys are the same key: what one seals, the other opens. */
async function sameKey(a: CryptoKey, b: CryptoKey): Promise<boolean> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, a, new TextEncoder().encode('Entorse lombaire'));
  try {
    return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, b, sealed)) === 'Entorse lombaire';
  } catch {
    return false;
  }
}

async function stored(db: Db): Promise<StoredKeyring> {
  return (await getMeta(db, 'keyring')) as StoredKeyring;
}

async function overwrite(db: Db, change: (record: StoredKeyring) => unknown) {
  const record = await stored(db);
  await readwrite(db, ['meta'], (tx) => meta(tx).put('keyring', change(structuredClone(record))));
}

function flipByte(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  bytes[3] = bytes[3]! ^ 0x01;
  return btoa(String.fromCharCode(...bytes));
}

let therapistId: string;
let db: Db;
beforeEach(async () => {
  therapistId = uuidv7();
  db = await openTherapistDb(therapistId);
  derivations.count = 0;
});
afterEach(async () => {
  db.close();
  await deleteTherapistDb(therapistId);
});

describe('setting up', () => {
  it('hands out a non-extractable AES-GCM 256 key for encrypt and decrypt only, stored only wrapped', async () => {
    expect(await isKeyringSetUp(db)).toBe(false);
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();

    const record = await stored(db);
    expect(record).toMatchObject({ failedPins: 0, createdAt: '2026-11-24T15:00:00.000Z', pin: { kdf: 'argon2id', params: TINY.argon2 } });
    expect(record.keyId).toMatch(/^[0-9a-f-]{36}$/);
    // 32 bytes sealed with a 16-byte tag, under a random IV and (for the PIN) a random salt.
    expect(atob(record.pin!.sealed)).toHaveLength(48);
    expect(atob(record.escrow.sealed)).toHaveLength(48);
    expect(atob(record.pin!.salt)).toHaveLength(16);
    expect(await isKeyringSetUp(db)).toBe(true);
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: MAX_WRONG_PINS });
  });

  it('makes a new key, salt and IVs each time', async () => {
    const first = await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    const a = await stored(db);
    await forgetKeyring(db);
    const second = await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    const b = await stored(db);
    expect(await sameKey(first, second)).toBe(false);
    expect(b.keyId).not.toBe(a.keyId);
    expect(b.pin!.salt).not.toBe(a.pin!.salt);
    expect(b.pin!.iv).not.toBe(a.pin!.iv);
  });

  it('refuses to replace an existing key, which would lose every record sealed under it', async () => {
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    await expect(setUpKeyring(db, { pin: '999999', escrowSecret: escrowSecret() }, TINY)).rejects.toBeInstanceOf(KeyringExistsError);
    expect(await sameKey(key, await unlockWithPin(db, PIN))).toBe(true);
  });

  it('refuses a PIN shorter than 6 characters and stores nothing', async () => {
    await expect(setUpKeyring(db, { pin: '12345', escrowSecret: escrowSecret() }, TINY)).rejects.toBeInstanceOf(WeakPinError);
    expect(await isKeyringSetUp(db)).toBe(false);
  });
});

describe('set up at sign-in, before a PIN is chosen', () => {
  it('opens only with the escrow (the password) until a PIN is added, then with that PIN', async () => {
    const secret = escrowSecret();
    const key = await setUpKeyring(db, { escrowSecret: secret }, TINY);
    expect(await keyringStatus(db)).toEqual({ state: 'no-pin' });
    expect((await stored(db)).pin).toBeUndefined();
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(PinLockedOutError);
    // No PIN was tried: the status still says a PIN is to be chosen, not locked out.
    expect(await keyringStatus(db)).toEqual({ state: 'no-pin' });

    const recovered = await recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY);
    expect(await sameKey(key, recovered)).toBe(true);
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: MAX_WRONG_PINS });
    expect(await sameKey(key, await unlockWithPin(db, PIN))).toBe(true);
  });
});

describe('unlocking with the PIN', () => {
  it('opens the same data key, across a reload', async () => {
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    db.close();
    db = await openTherapistDb(therapistId);
    const unlocked = await unlockWithPin(db, PIN);
    expect(unlocked.extractable).toBe(false);
    expect(await sameKey(key, unlocked)).toBe(true);
  });

  it('counts wrong PINs, resets on a right one, and after 10 in a row deletes the PIN wrapping', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    for (let i = 1; i <= 4; i++) await expect(unlockWithPin(db, '000000')).rejects.toEqual(new WrongPinError(MAX_WRONG_PINS - i));
    await unlockWithPin(db, PIN);
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: 10 });

    const left: number[] = [];
    for (let i = 1; i < MAX_WRONG_PINS; i++) {
      const error = await unlockWithPin(db, `00000${i}`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WrongPinError);
      left.push((error as WrongPinError).attemptsLeft);
    }
    expect(left).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    await expect(unlockWithPin(db, '999999')).rejects.toBeInstanceOf(PinLockedOutError);
    expect((await stored(db)).pin).toBeUndefined();
    expect(await keyringStatus(db)).toEqual({ state: 'locked-out' });
    // The right PIN no longer opens it, after a reload too.
    db.close();
    db = await openTherapistDb(therapistId);
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(PinLockedOutError);
    await expect(changePin(db, { currentPin: PIN, newPin: '111111' }, TINY)).rejects.toBeInstanceOf(PinLockedOutError);
  });

  it('keeps the count across a reload', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    for (let i = 0; i < 3; i++) await unlockWithPin(db, '000000').catch(() => undefined);
    db.close();
    db = await openTherapistDb(therapistId);
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: 7 });
    await expect(unlockWithPin(db, '000000')).rejects.toEqual(new WrongPinError(6));
  });

  it('counts an attempt before checking it, so closing the app mid-attempt saves no guess', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, { ...TINY, argon2: { memoryKiB: 16_384, iterations: 2, parallelism: 1 } });
    const unlocking = unlockWithPin(db, PIN);
    // Queued right behind the attempt's own transaction, it runs while Argon2id is still deriving.
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: 9 });
    await unlocking;
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: 10 });
  });

  it('derives for every attempt, whatever the PIN, so a wrong one takes as long as a right one', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    derivations.count = 0;
    for (const guess of ['', '1', 'not a pin', '4829130', PIN]) await unlockWithPin(db, guess).catch(() => undefined);
    expect(derivations.count).toBe(5);
  });

  it('takes the PIN as typed, however the keyboard composed its accents', async () => {
    await setUpKeyring(db, { pin: 'café du coin', escrowSecret: escrowSecret() }, TINY);
    await expect(unlockWithPin(db, 'cafe\u0301 du coin')).resolves.toBeDefined();
  });
});

describe('the escrow', () => {
  it('opens the data key when the PIN is locked out, sets a new PIN and resets the count', async () => {
    const secret = escrowSecret();
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    for (let i = 0; i < MAX_WRONG_PINS; i++) await unlockWithPin(db, '000000').catch(() => undefined);
    expect(await keyringStatus(db)).toEqual({ state: 'locked-out' });

    const recovered = await recoverWithEscrow(db, { escrowSecret: secret, newPin: '7531902' }, TINY);
    expect(recovered.extractable).toBe(false);
    expect(await sameKey(key, recovered)).toBe(true);
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: 10 });
    expect(await sameKey(key, await unlockWithPin(db, '7531902'))).toBe(true);
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(WrongPinError);
  });

  it("refuses another device's secret and changes nothing", async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    const before = await stored(db);
    await expect(recoverWithEscrow(db, { escrowSecret: escrowSecret(), newPin: '7531902' }, TINY)).rejects.toBeInstanceOf(EscrowRefusedError);
    expect(await stored(db)).toEqual(before);
  });

  it('rotates to a new secret without changing the data key; the old secret no longer opens it', async () => {
    const old = escrowSecret();
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: old }, TINY);
    const fresh = escrowSecret();
    await rotateEscrow(db, { pin: PIN, newEscrowSecret: fresh });
    await expect(recoverWithEscrow(db, { escrowSecret: old, newPin: '7531902' }, TINY)).rejects.toBeInstanceOf(EscrowRefusedError);
    expect(await sameKey(key, await recoverWithEscrow(db, { escrowSecret: fresh, newPin: '7531902' }, TINY))).toBe(true);
  });

  it('rotating needs the right PIN, and a wrong one counts', async () => {
    const secret = escrowSecret();
    await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    await expect(rotateEscrow(db, { pin: '000000', newEscrowSecret: escrowSecret() })).rejects.toEqual(new WrongPinError(9));
    await expect(recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY)).resolves.toBeDefined();
  });
});

describe('changing the PIN', () => {
  it('wraps the same data key under the new PIN; the old PIN no longer opens it; the escrow still does', async () => {
    const secret = escrowSecret();
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    const before = await stored(db);
    await changePin(db, { currentPin: PIN, newPin: 'a longer passphrase' }, TINY);
    const after = await stored(db);
    expect(after.keyId).toBe(before.keyId);
    expect(after.escrow).toEqual(before.escrow);
    expect(after.pin!.salt).not.toBe(before.pin!.salt);
    expect(await sameKey(key, await unlockWithPin(db, 'a longer passphrase'))).toBe(true);
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(WrongPinError);
    expect(await sameKey(key, await recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY))).toBe(true);
  });

  it('counts a wrong current PIN, and refuses a short new one before checking anything', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    await expect(changePin(db, { currentPin: '000000', newPin: '111111' }, TINY)).rejects.toEqual(new WrongPinError(9));
    await expect(changePin(db, { currentPin: PIN, newPin: '123' }, TINY)).rejects.toBeInstanceOf(WeakPinError);
    expect(await keyringStatus(db)).toEqual({ state: 'pin', attemptsLeft: 9 });
  });
});

describe('a keyring changed on disk', () => {
  it('refuses a tampered PIN wrapping even with the right PIN (and counts it)', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    await overwrite(db, (record: StoredKeyring) => ({ ...record, pin: { ...record.pin!, sealed: flipByte(record.pin!.sealed) } }));
    await expect(unlockWithPin(db, PIN)).rejects.toEqual(new WrongPinError(9));
  });

  it('refuses a tampered escrow wrapping with the right secret', async () => {
    const secret = escrowSecret();
    await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    await overwrite(db, (record: StoredKeyring) => ({ ...record, escrow: { ...record.escrow, iv: flipByte(record.escrow.iv) } }));
    await expect(recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY)).rejects.toBeInstanceOf(EscrowRefusedError);
  });

  it('refuses a wrapping moved to another key id', async () => {
    const secret = escrowSecret();
    await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    await overwrite(db, (record: StoredKeyring) => ({ ...record, keyId: uuidv7() }));
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(WrongPinError);
    await expect(recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY)).rejects.toBeInstanceOf(EscrowRefusedError);
  });

  it('says a record of the wrong shape is damaged, and never counts it as a PIN', async () => {
    await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    await overwrite(db, (record: StoredKeyring) => ({ ...record, failedPins: -5 }));
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(KeyringDamagedError);
    await expect(keyringStatus(db)).rejects.toBeInstanceOf(KeyringDamagedError);
  });
});

describe('biometric unlock (a passkey\'s PRF output)', () => {
  const bytes = () => crypto.getRandomValues(new Uint8Array(32));

  it('opens the same data key with the PRF output, and refuses any other output', async () => {
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: escrowSecret() }, TINY);
    expect(await biometricUnlockRequest(db)).toBeNull();
    await expect(unlockWithBiometric(db, bytes())).rejects.toBeInstanceOf(BiometricRefusedError);
    const [credentialId, prfSalt, prfOutput] = [bytes(), bytes(), bytes()];
    await addBiometricUnlock(db, { pin: PIN, credentialId, prfSalt, prfOutput });
    expect(await biometricUnlockRequest(db)).toEqual({ credentialId, prfSalt });
    const unlocked = await unlockWithBiometric(db, prfOutput);
    expect(unlocked.extractable).toBe(false);
    expect(await sameKey(key, unlocked)).toBe(true);
    await expect(unlockWithBiometric(db, bytes())).rejects.toBeInstanceOf(BiometricRefusedError);
  });

  it('needs the right PIN to be added, and goes with the PIN after 10 wrong ones', async () => {
    const secret = escrowSecret();
    await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    const prfOutput = bytes();
    await expect(addBiometricUnlock(db, { pin: '000000', credentialId: bytes(), prfSalt: bytes(), prfOutput })).rejects.toEqual(new WrongPinError(9));
    expect((await stored(db)).prf).toBeUndefined();
    await addBiometricUnlock(db, { pin: PIN, credentialId: bytes(), prfSalt: bytes(), prfOutput });
    for (let i = 0; i < MAX_WRONG_PINS; i++) await unlockWithPin(db, '000000').catch(() => undefined);
    expect((await stored(db)).prf).toBeUndefined();
    expect(await biometricUnlockRequest(db)).toBeNull();
    await expect(unlockWithBiometric(db, prfOutput)).rejects.toBeInstanceOf(BiometricRefusedError);
    // Recovery by the escrow sets a new PIN; biometric unlock must be added again.
    await recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY);
    await expect(unlockWithBiometric(db, prfOutput)).rejects.toBeInstanceOf(BiometricRefusedError);
  });
});

describe('forgetting', () => {
  it('deletes the keyring: nothing opens the key any more', async () => {
    const secret = escrowSecret();
    await setUpKeyring(db, { pin: PIN, escrowSecret: secret }, TINY);
    await forgetKeyring(db);
    expect(await getMeta(db, 'keyring')).toBeUndefined();
    expect(await keyringStatus(db)).toEqual({ state: 'absent' });
    await expect(unlockWithPin(db, PIN)).rejects.toBeInstanceOf(NoKeyringError);
    await expect(recoverWithEscrow(db, { escrowSecret: secret, newPin: PIN }, TINY)).rejects.toBeInstanceOf(NoKeyringError);
  });
});
