import { signal } from '@preact/signals';

/*
 * What the lock screen shows, apart from device-lock.ts (the keyring, the
 * auto-lock), which loads only on a device whose lock is on.
 */

/** What the lock screen asks for: the PIN, or the password and a new PIN. */
export type LockState =
  | { mode: 'pin'; attemptsLeft: number }
  | { mode: 'password'; why: 'choose-pin' | 'locked-out' | 'forgot-pin' | 'new-key' };

/** Null while unlocked, or while no therapist is signed in. */
export const lockState = signal<LockState | null>(null);
