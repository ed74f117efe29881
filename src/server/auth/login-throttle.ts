import type { Store } from '../store/store';

/** How one counter of failed sign-ins slows further attempts. */
export interface BackoffPolicy {
  /** Failures allowed before any delay. */
  free: number;
  /** The delay after the first failure beyond `free`; it doubles with each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface SignInLimits {
  /** Everything tried from one client address, whatever the account. */
  address: BackoffPolicy;
  /** Everything tried on one email, from anywhere, except by the right password from a known device. */
  account: BackoffPolicy;
  /** Wrong passwords from a known device: past `free`, it is treated as a stranger until its delay runs out. */
  knownDevice: BackoffPolicy;
  /** Failures are forgotten after this long without a new one. */
  forgetAfterMs: number;
}

const FIFTEEN_MINUTES = 15 * 60_000;

export const SIGN_IN_LIMITS: SignInLimits = {
  address: { free: 10, baseDelayMs: 1_000, maxDelayMs: FIFTEEN_MINUTES },
  account: { free: 5, baseDelayMs: 1_000, maxDelayMs: FIFTEEN_MINUTES },
  knownDevice: { free: 5, baseDelayMs: 1_000, maxDelayMs: FIFTEEN_MINUTES },
  forgetAfterMs: 24 * 60 * 60_000,
};

/** One thing failures are counted against. */
export interface Counter {
  key: string;
  policy: keyof Omit<SignInLimits, 'forgetAfterMs'>;
}

export const counters = {
  address: (address: string): Counter => ({ key: `address:${address}`, policy: 'address' }),
  account: (email: string): Counter => ({ key: `account:${email.toLowerCase()}`, policy: 'account' }),
  knownDevice: (deviceHash: string, therapistId: string): Counter => ({ key: `device:${deviceHash}:${therapistId}`, policy: 'knownDevice' }),
};

/** How long after the last failure the next attempt must wait: nothing up to `free`, then doubling. */
export function backoffDelayMs(policy: BackoffPolicy, failures: number): number {
  if (failures <= policy.free) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.free - 1));
}

/**
 * Slows password guessing with exponential backoff on several counters at
 * once, kept in the store so that a restart forgets nothing. Which counters
 * apply is the sign-in route's choice (auth-routes.ts): per address always,
 * per account unless the right password comes from a browser known to that
 * account, so that guessing from anywhere cannot lock the therapist out.
 */
export function createLoginThrottle({ store, now, limits = SIGN_IN_LIMITS }: { store: Store; now: () => Date; limits?: SignInLimits }) {
  const forgetBefore = () => new Date(now().getTime() - limits.forgetAfterMs);
  return {
    /** Milliseconds before every counter accepts another attempt; 0 when they all do. */
    async waitMs(list: Counter[]): Promise<number> {
      let wait = 0;
      for (const counter of list) {
        const seen = await store.loginFailures(counter.key, forgetBefore());
        if (!seen) continue;
        const until = seen.lastFailureAt.getTime() + backoffDelayMs(limits[counter.policy], seen.failures);
        wait = Math.max(wait, until - now().getTime());
      }
      return wait;
    },
    async failed(list: Counter[]): Promise<void> {
      for (const counter of list) await store.recordLoginFailure(counter.key, now(), forgetBefore());
    },
    async succeeded(list: Counter[]): Promise<void> {
      for (const counter of list) await store.clearLoginFailures(counter.key);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
