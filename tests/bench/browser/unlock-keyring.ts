/**
 * Runs in the benchmark's Chromium page, bundled on its own from the app's
 * sources: the keyring with its production Argon2id cost, on the app's
 * origin (under its Content-Security-Policy) and in its IndexedDB.
 */
import { openTherapistDb } from '../../../src/client/data/db';
import { WrongPinError } from '../../../src/client/security/keyring-errors';
import { setUpKeyring, unlockWithPin } from '../../../src/client/security/keyring';
import { PIN_ARGON2 } from '../../../src/client/security/pin-key';

const PIN = '482913';

async function benchSetUp(therapistId: string): Promise<{ ms: number; params: typeof PIN_ARGON2 }> {
  const db = await openTherapistDb(therapistId);
  try {
    const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const started = performance.now();
    await setUpKeyring(db, { pin: PIN, escrowSecret: secret });
    return { ms: performance.now() - started, params: PIN_ARGON2 };
  } finally {
    db.close();
  }
}

/** `runs` unlocks with the right PIN (the first on a fresh page: WebAssembly compiled then), then `wrong` wrong PINs and a right one to reset the count. */
async function benchUnlock(therapistId: string, runs: number, wrong: number): Promise<{ right: number[]; wrong: number[]; extractable: boolean }> {
  const db = await openTherapistDb(therapistId);
  try {
    const right: number[] = [];
    let extractable = true;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const key = await unlockWithPin(db, PIN);
      right.push(performance.now() - started);
      extractable = key.extractable;
    }
    const failed: number[] = [];
    for (let i = 0; i < wrong; i++) {
      const started = performance.now();
      const error = await unlockWithPin(db, '000000').catch((caught: unknown) => caught);
      if (!(error instanceof WrongPinError)) throw new Error(`a wrong PIN gave ${String(error)}`);
      failed.push(performance.now() - started);
    }
    await unlockWithPin(db, PIN);
    return { right, wrong: failed, extractable };
  } finally {
    db.close();
  }
}

Object.assign(globalThis, { benchSetUp, benchUnlock });
