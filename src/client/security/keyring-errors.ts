/** The PIN was wrong; `attemptsLeft` more wrong ones in a row and only the password (escrow) opens the data. */
export class WrongPinError extends Error {
  override readonly name = 'WrongPinError';
  constructor(readonly attemptsLeft: number) {
    super(`Wrong PIN: ${attemptsLeft} attempts left`);
  }
}

/** Too many wrong PINs: the PIN no longer opens the data key; a password sign-in (the escrow) must. */
export class PinLockedOutError extends Error {
  override readonly name = 'PinLockedOutError';
  constructor() {
    super('Too many wrong PINs: sign in with the password to unlock');
  }
}

/** The escrow secret did not open the data key: not this device's, or the keyring was changed on disk. */
export class EscrowRefusedError extends Error {
  override readonly name = 'EscrowRefusedError';
  constructor() {
    super('The escrow secret does not open this device’s data key');
  }
}

/** No biometric unlock on this device (never added, or removed after too many wrong PINs), or its passkey's output did not open the key. */
export class BiometricRefusedError extends Error {
  override readonly name = 'BiometricRefusedError';
  constructor() {
    super('Biometric unlock is not available: use the PIN');
  }
}

/** A new PIN shorter than MIN_PIN_LENGTH. */
export class WeakPinError extends Error {
  override readonly name = 'WeakPinError';
  constructor(readonly minLength: number) {
    super(`A PIN needs at least ${minLength} characters`);
  }
}

/** No keyring on this device yet (setUpKeyring), or it was forgotten. */
export class NoKeyringError extends Error {
  override readonly name = 'NoKeyringError';
  constructor() {
    super('This device has no data key yet');
  }
}

/** setUpKeyring on a device that already has one: replacing it would lose every record sealed under it. */
export class KeyringExistsError extends Error {
  override readonly name = 'KeyringExistsError';
  constructor() {
    super('This device already has a data key');
  }
}

/** The stored keyring does not have the expected shape (damaged, or written by a newer app). */
export class KeyringDamagedError extends Error {
  override readonly name = 'KeyringDamagedError';
  constructor(detail: string) {
    super(`The stored keyring is unreadable: ${detail}`);
  }
}
