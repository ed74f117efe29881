/**
 * Runs in the test's Chromium page, bundled on its own from the app's
 * sources (the keyring is not wired into the app yet): set-up, biometric
 * unlock through a real WebAuthn passkey with PRF, and the lockout.
 */
import { openTherapistDb } from '../../../src/client/data/db';
import { addBiometricUnlock, biometricUnlockRequest, setUpKeyring, unlockWithBiometric, unlockWithPin } from '../../../src/client/security/keyring';
import { BiometricRefusedError, PinLockedOutError } from '../../../src/client/security/keyring-errors';
import { createPrfPasskey, evaluatePrf } from '../../../src/client/security/passkey-prf';

const PIN = '482913';

async function sameKey(a: CryptoKey, b: CryptoKey): Promise<boolean> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, a, new TextEncoder().encode('Apixaban'));
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, b, sealed)) === 'Apixaban';
}

const user = () => ({ id: crypto.getRandomValues(new Uint8Array(16)), name: 'camille@example.com', displayName: 'Camille' });

/** Without PRF on the platform: no passkey for unlocking, the PIN stays the way in. */
async function passkeyWithoutPrf(): Promise<{ passkey: boolean }> {
  return { passkey: (await createPrfPasskey(user(), 'Tournée')) !== null };
}

async function biometricRoundTrip(therapistId: string) {
  const db = await openTherapistDb(therapistId);
  try {
    const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const key = await setUpKeyring(db, { pin: PIN, escrowSecret: secret });
    const passkey = await createPrfPasskey(user(), 'Tournée');
    if (!passkey) return { passkey: false };
    await addBiometricUnlock(db, { pin: PIN, ...passkey });
    const request = await biometricUnlockRequest(db);
    const output = await evaluatePrf(request!.credentialId, request!.prfSalt);
    const unlocked = await unlockWithBiometric(db, output!);
    const sameOutput = output!.every((byte, i) => byte === passkey.prfOutput[i]);
    // Another salt, another output: it opens nothing.
    const other = await evaluatePrf(request!.credentialId, crypto.getRandomValues(new Uint8Array(32)));
    const otherRefused = await unlockWithBiometric(db, other!).then(() => false, (error: unknown) => error instanceof BiometricRefusedError);

    for (let i = 0; i < 10; i++) await unlockWithPin(db, '000000').catch(() => undefined);
    const lockedOut = await unlockWithPin(db, PIN).then(() => false, (error: unknown) => error instanceof PinLockedOutError);
    const afterLockout = await unlockWithBiometric(db, output!).then(() => 'opened', (error: unknown) => (error as Error).name);
    return {
      passkey: true,
      outputBytes: output!.length,
      sameOutput,
      sameKey: await sameKey(key, unlocked),
      extractable: unlocked.extractable,
      otherRefused,
      lockedOut,
      afterLockout,
      requestAfterLockout: await biometricUnlockRequest(db),
    };
  } finally {
    db.close();
  }
}

Object.assign(globalThis, { biometricRoundTrip, passkeyWithoutPrf });
