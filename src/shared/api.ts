import * as v from 'valibot';

/** Every error the API answers with has this shape; `message` is for people. */
export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
  /** With `clock_skew`: the device's clock minus the server's, in ms. */
  driftMs?: number;
  /** With `protocol_version`: the sync protocol versions this server speaks. */
  supported?: { min: number; max: number };
}

export type ApiErrorCode =
  | 'bad_json'
  | 'invalid_request'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'forbidden'
  | 'not_found'
  | 'protocol_version'
  | 'clock_skew'
  | 'internal';

export const LoginRequestSchema = v.object({
  email: v.pipe(v.string('email is required'), v.trim(), v.toLowerCase(), v.email('email is not a valid address'), v.maxLength(254)),
  password: v.pipe(v.string('password is required'), v.minLength(1, 'password is required'), v.maxLength(1024)),
});
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>;

/** Largest JSON body the API reads; sync pushes are batched well under it. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
