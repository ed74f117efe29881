import { KeyEscrowResponseSchema } from '../../shared/api';
import { ENTITY_NAMES } from '../../shared/protocol';
import { readwrite, type Db } from '../data/db';
import { PinLockedOutError, WrongPinError } from '../security/keyring-errors';
import { keyringStatus } from '../security/keyring-status';
import { createAutoLock } from '../security/auto-lock';
import { postJson } from '../sync/api-client';
import { lockTimes } from './lock-settings';
import { lockState, type LockState } from './lock-state';

/*
 * The lock: once the therapist has turned it on (Settings: her password once,
 * and a PIN), the records on this phone are sealed under the device's data key
 * (aes-codec.ts), which exists in memory only while the app is unlocked. This
 * module turns the keyring's state into what the lock screen shows, and the
 * PIN or password into the key. A device without a keyring keeps its records
 * plain and never locks: turning the lock on is still a choice this version
 * leaves to the therapist (README, "Keys on the device").
 */


/** Argon2id and the wrapping, loaded when a PIN or password is typed (precached, so offline too). */
const keyring = () => import('../security/keyring');

/** A signed-in therapist's database, open, whose key is not in memory. */
export interface LockedDevice {
  therapistId: string;
  db: Db;
  deviceId: string;
}

/** The password could not be checked: no connection (it needs the server). */
export class PasswordNeedsNetworkError extends Error {
  constructor() {
    super('The password is checked by the server: connect to the internet to use it.');
    this.name = 'PasswordNeedsNetworkError';
  }
}

function passwordFor(state: 'absent' | 'no-pin' | 'locked-out'): LockState {
  return { mode: 'password', why: state === 'locked-out' ? 'locked-out' : state === 'no-pin' ? 'choose-pin' : 'new-key' };
}

function showLock(state: LockState): void {
  lockState.value = state;
}

/** Shows the lock screen for `device`, from its keyring: the PIN, or the password. */
export async function showLockFor(device: LockedDevice): Promise<void> {
  const status = await keyringStatus(device.db);
  showLock(status.state === 'pin' ? { mode: 'pin', attemptsLeft: status.attemptsLeft } : passwordFor(status.state));
}

/** Opens the key with the PIN; a wrong one updates the attempts left (or the lockout) and throws. */
export async function keyFromPin(device: LockedDevice, pin: string): Promise<CryptoKey> {
  try {
    const { unlockWithPin } = await keyring();
    const key = await unlockWithPin(device.db, pin);
    lockState.value = null;
    return key;
  } catch (error) {
    if (error instanceof WrongPinError) showLock({ mode: 'pin', attemptsLeft: error.attemptsLeft });
    if (error instanceof PinLockedOutError) showLock({ mode: 'password', why: 'locked-out' });
    throw error;
  }
}

/**
 * Opens the key with the password (the server checks it and releases this
 * device's escrow secret) and wraps it under a new PIN; makes the key when
 * the device has none yet. Needs the network.
 */
export async function keyFromPassword(device: LockedDevice, password: string, newPin: string): Promise<CryptoKey> {
  if (!navigator.onLine) throw new PasswordNeedsNetworkError();
  const { secret } = await postJson('/api/auth/key-escrow', { password, deviceId: device.deviceId }, KeyEscrowResponseSchema);
  const status = await keyringStatus(device.db);
  const { recoverWithEscrow, setUpKeyring } = await keyring();
  const key =
    status.state === 'absent'
      ? await setUpKeyring(device.db, { pin: newPin, escrowSecret: secret })
      : await recoverWithEscrow(device.db, { escrowSecret: secret, newPin });
  lockState.value = null;
  return key;
}

/** Turning the lock on was refused: what waits to be sent (or refused changes to review) would be read again plain. */
export class LockNeedsSyncError extends Error {
  constructor() {
    super('Changes wait to be sent or reviewed; send them first.');
    this.name = 'LockNeedsSyncError';
  }
}

/**
 * Turns the lock on (Settings): the password releases this device's escrow
 * secret, a new data key is made and wrapped under it and under the PIN.
 * Records held plain are then dropped with the pull's position, so the next
 * pull brings them all back sealed; that is why it waits until nothing is
 * left to send or review. Resolves with the key.
 */
export async function turnOnLock(device: LockedDevice, password: string, pin: string): Promise<CryptoKey> {
  if (!navigator.onLine) throw new PasswordNeedsNetworkError();
  const pending = await Promise.all([device.db.count('outbox'), device.db.count('rejection')]);
  if (pending.some((count) => count > 0)) throw new LockNeedsSyncError();
  const { secret } = await postJson('/api/auth/key-escrow', { password, deviceId: device.deviceId }, KeyEscrowResponseSchema);
  await readwrite(
    device.db,
    [...ENTITY_NAMES, 'outbox', 'rejection', 'meta'],
    async (tx) => {
      // Checked again inside: an edit may have been queued while the password was being checked.
      if ((await tx.objectStore('outbox').count()) + (await tx.objectStore('rejection').count()) > 0) throw new LockNeedsSyncError();
      const metaStore = tx.objectStore('meta');
      await Promise.all([...ENTITY_NAMES.map((name) => tx.objectStore(name).clear()), metaStore.delete('cursor'), metaStore.delete('resetInProgress')]);
    },
    { durability: 'strict' },
  );
  // Made after the plain records are gone: if anything failed before, the device simply stays plain.
  const { setUpKeyring } = await keyring();
  return setUpKeyring(device.db, { pin, escrowSecret: secret });
}

/** The codec for records sealed under `key`. */
export async function sealedCodec(key: CryptoKey) {
  const { createAesCodec } = await import('../data/aes-codec');
  return createAesCodec(key);
}

/** "Forgot your PIN?": the password and a new PIN instead. */
export function forgotPin(): void {
  showLock({ mode: 'password', why: 'forgot-pin' });
}

/**
 * Locks by itself (auto-lock.ts): after the page was hidden or untouched for
 * the times chosen in Settings. Every key, tap or input counts as use.
 * Returns a function that stops watching.
 */
export function watchForLock(lock: () => void): () => void {
  const auto = createAutoLock({ times: lockTimes.peek(), lock });
  const activity = () => auto.activity();
  const visibility = () => (document.visibilityState === 'hidden' ? auto.hidden() : auto.shown());
  const events = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;
  for (const name of events) document.addEventListener(name, activity, { capture: true, passive: true });
  document.addEventListener('visibilitychange', visibility);
  if (document.visibilityState === 'hidden') auto.hidden();
  const stopTimes = lockTimes.subscribe((times) => auto.setTimes(times));
  return () => {
    auto.stop();
    stopTimes();
    for (const name of events) document.removeEventListener(name, activity, { capture: true });
    document.removeEventListener('visibilitychange', visibility);
  };
}
