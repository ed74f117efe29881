import * as v from 'valibot';
import { IdSchema, TherapistSchema } from './domain';

/** Every error the API answers with has this shape; `message` is for people. */
export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
  /** With `clock_skew`: the device's clock minus the server's, in ms. */
  driftMs?: number;
  /** With `protocol_version`: the sync protocol versions this server speaks. */
  supported?: { min: number; max: number };
  /** With `wipe_device`: why this device must delete its data now. */
  wipe?: WipeReason;
}

export type ApiErrorCode =
  | 'bad_json'
  | 'invalid_request'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'busy'
  | 'forbidden'
  | 'not_found'
  | 'protocol_version'
  | 'clock_skew'
  | 'wipe_device'
  | 'internal';

/**
 * Why a device must delete its data at its next contact (remote wipe):
 * the office deactivated the account, or the therapist signed out every other
 * device. The device first pushes what it has, then wipes.
 */
export const WIPE_REASONS = ['deactivated', 'signed_out_elsewhere'] as const;
export type WipeReason = (typeof WIPE_REASONS)[number];

export const LoginRequestSchema = v.object({
  email: v.pipe(v.string('email is required'), v.trim(), v.toLowerCase(), v.email('email is not a valid address'), v.maxLength(254)),
  password: v.pipe(v.string('password is required'), v.minLength(1, 'password is required'), v.maxLength(1024)),
  /** The device signing in: its escrow secret comes back with the session (the password was just checked). */
  deviceId: v.optional(IdSchema),
});
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>;

const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'is not a sign-out token'));

/**
 * The escrow secret that wraps a device's data key (client/security/keyring.ts):
 * 32 random bytes, base64url; the device wraps or unwraps with it, then drops it.
 */
export const KeyEscrowResponseSchema = v.object({ deviceId: v.string(), secret: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)) });
export type KeyEscrowResponse = v.InferOutput<typeof KeyEscrowResponseSchema>;

/**
 * `signOutToken` ends this session and nothing else: the device keeps it (the
 * session cookie is HttpOnly) to revoke the session after a sign-out made offline.
 */
export const LoginResponseSchema = v.object({
  therapist: TherapistSchema,
  signOutToken: v.optional(v.string()),
  /** When the sign-in named its device: the escrow secret of that device's data key (see below). */
  escrow: v.optional(KeyEscrowResponseSchema),
});

/** The session to end: the cookie's, and the one `signOutToken` names when given. */
export const LogoutRequestSchema = v.object({ signOutToken: v.optional(TokenSchema) });

/**
 * The escrow secret that wraps this device's data key (client/security/keyring.ts),
 * released only against the account's password. `rotate` replaces it with a new one.
 */
export const KeyEscrowRequestSchema = v.object({
  password: LoginRequestSchema.entries.password,
  deviceId: IdSchema,
  rotate: v.optional(v.boolean()),
});

/** A device the therapist is signed in on, as Settings lists it. */
export const SignedInDeviceSchema = v.object({
  id: v.string(),
  browser: v.nullable(v.string()),
  os: v.nullable(v.string()),
  createdAt: v.string(),
  lastSeenAt: v.string(),
  current: v.boolean(),
});
export type SignedInDevice = v.InferOutput<typeof SignedInDeviceSchema>;
export const SignedInDevicesSchema = v.object({ sessions: v.array(SignedInDeviceSchema) });

/** How often a session's "last seen" is written: a session is used every minute, the list needs hours. */
export const LAST_SEEN_RESOLUTION_MS = 60 * 60_000;

/** Largest JSON body the API reads; sync pushes are batched well under it. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Whom to contact about personal information (Law 25), from the server's configuration; shown in Settings. */
export const PrivacyOfficerContactSchema = v.object({ name: v.string(), email: v.string(), phone: v.string() });
export type PrivacyOfficerContact = v.InferOutput<typeof PrivacyOfficerContactSchema>;
