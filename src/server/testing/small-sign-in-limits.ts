import { SIGN_IN_LIMITS, type SignInLimits } from '../auth/login-throttle';

/** Small numbers, so a guessing run in a test is a handful of requests: 3 free failures, then a minute, doubling. */
export const SMALL_SIGN_IN_LIMITS: SignInLimits = {
  address: { free: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 },
  account: { free: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 },
  knownDevice: { free: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 },
  forgetAfterMs: SIGN_IN_LIMITS.forgetAfterMs,
};
