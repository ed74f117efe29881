import type { Bytes } from './seal-key';

/**
 * A passkey's PRF output (WebAuthn's `prf` extension) as a 32-byte wrapping
 * key for biometric unlock (keyring.ts addBiometricUnlock and
 * unlockWithBiometric). The authenticator checks the fingerprint or face and
 * computes HMAC(secret it never reveals, prfSalt): the same 32 bytes each time
 * for the same passkey and salt, and nothing without the authenticator. No
 * server sees the assertion: the challenge is random and the output stays on
 * the device. Where the platform has no PRF, these return null and the PIN
 * is the only way in.
 */

export interface PrfPasskey {
  credentialId: Bytes;
  prfSalt: Bytes;
  prfOutput: Bytes;
}

/** The first PRF output, when the authenticator gave one. */
function prfOutput(credential: PublicKeyCredential): Bytes | null {
  const first = credential.getClientExtensionResults().prf?.results?.first;
  if (!first) return null;
  return new Uint8Array(ArrayBuffer.isView(first) ? first.buffer.slice(first.byteOffset, first.byteOffset + first.byteLength) : first) as Bytes;
}

/**
 * Makes a platform passkey with user verification and evaluates its PRF on a
 * new random salt. Null when the platform or the authenticator has no PRF.
 * Rejects as WebAuthn does when the therapist cancels.
 */
export async function createPrfPasskey(user: { id: Bytes; name: string; displayName: string }, appName: string): Promise<PrfPasskey | null> {
  if (typeof PublicKeyCredential === 'undefined') return null;
  const prfSalt = crypto.getRandomValues(new Uint8Array(32));
  const created = (await navigator.credentials.create({
    publicKey: {
      rp: { name: appName },
      user,
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required', residentKey: 'preferred' },
      extensions: { prf: { eval: { first: prfSalt } } },
    },
  })) as PublicKeyCredential | null;
  if (!created || !created.getClientExtensionResults().prf?.enabled) return null;
  const credentialId = new Uint8Array(created.rawId);
  // Some authenticators evaluate the PRF at creation; the others need an assertion.
  const output = prfOutput(created) ?? (await evaluatePrf(credentialId, prfSalt));
  return output ? { credentialId, prfSalt, prfOutput: output } : null;
}

/** The passkey's PRF output for `prfSalt`, after the authenticator has verified the therapist; null without PRF. */
export async function evaluatePrf(credentialId: Bytes, prfSalt: Bytes): Promise<Bytes | null> {
  const assertion = (await navigator.credentials.get({
    publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      allowCredentials: [{ type: 'public-key', id: credentialId }],
      userVerification: 'required',
      extensions: { prf: { eval: { first: prfSalt } } },
    },
  })) as PublicKeyCredential | null;
  return assertion ? prfOutput(assertion) : null;
}
