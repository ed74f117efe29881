import * as v from 'valibot';

/**
 * The keyring as IndexedDB keeps it, in the `meta` store under `keyring`:
 * the data key never appears in clear, only wrapped (AES-GCM of its 32 raw
 * bytes) under each way of opening it. Binary values are base64 strings.
 */

/** Bump when this record's shape changes; an older record is then migrated when read. */
export const KEYRING_FORMAT = 1;

const Base64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'));

/** Argon2id's cost, kept with each PIN wrapping so it can rise later without breaking older ones. */
export const Argon2ParamsSchema = v.object({
  memoryKiB: v.pipe(v.number(), v.integer(), v.minValue(8)),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(1)),
  parallelism: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type Argon2Params = v.InferOutput<typeof Argon2ParamsSchema>;

const SealedKeySchema = v.object({
  /** 12 random bytes, new for every wrapping. */
  iv: Base64,
  /** The data key's raw bytes sealed with AES-GCM (ciphertext and tag). */
  sealed: Base64,
});
export type SealedKey = v.InferOutput<typeof SealedKeySchema>;

const PinWrappingSchema = v.object({
  ...SealedKeySchema.entries,
  kdf: v.literal('argon2id'),
  /** 16 random bytes, new for every wrapping. */
  salt: Base64,
  params: Argon2ParamsSchema,
});
export type PinWrapping = v.InferOutput<typeof PinWrappingSchema>;

const PrfWrappingSchema = v.object({
  ...SealedKeySchema.entries,
  /** The passkey whose PRF output is the wrapping key, and the PRF input (32 random bytes) it was evaluated on. */
  credentialId: Base64,
  prfSalt: Base64,
});
export type PrfWrapping = v.InferOutput<typeof PrfWrappingSchema>;

export const KeyringSchema = v.object({
  format: v.literal(KEYRING_FORMAT),
  /**
   * Names the data key. Records sealed under it can name it too, so that a
   * later rotation of the data key itself (every record re-sealed) can tell
   * old from new; a changed PIN or escrow keeps the same id.
   */
  keyId: v.pipe(v.string(), v.minLength(1)),
  createdAt: v.string(),
  /** Wrong PINs in a row, written before each attempt is checked, so closing the app mid-attempt still counts it. */
  failedPins: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Gone after too many wrong PINs: then only the escrow opens the key. */
  pin: v.optional(PinWrappingSchema),
  /** Biometric unlock where the platform offers a passkey with PRF; gone with the PIN's after too many wrong PINs. */
  prf: v.optional(PrfWrappingSchema),
  /** Wrapped under the server's escrow secret for this device, which the device never keeps. */
  escrow: SealedKeySchema,
});
export type StoredKeyring = v.InferOutput<typeof KeyringSchema>;
