/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one email
 * from one address within `windowMs`, further attempts are refused until the
 * oldest failure ages out. Keyed by email AND address, so nobody can lock a
 * therapist out from elsewhere. In memory: a restart forgets, which is fine
 * for a throttle (scrypt already makes each guess cost ~0.3 s).
 */
export function createLoginThrottle({ maxFailures = 10, windowMs = 15 * 60_000, now = () => Date.now(), maxKeys = 10_000 } = {}) {
  const failures = new Map<string, number[]>();

  function recent(key: string): number[] {
    const cutoff = now() - windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > cutoff);
    if (kept.length > 0) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  }

  return {
    /** Seconds to wait before trying again, or 0 when allowed. */
    retryAfter(key: string): number {
      const kept = recent(key);
      if (kept.length < maxFailures) return 0;
      return Math.max(1, Math.ceil((kept[0]! + windowMs - now()) / 1000));
    },
    failed(key: string): void {
      if (failures.size >= maxKeys && !failures.has(key)) failures.delete(failures.keys().next().value!);
      failures.set(key, [...recent(key), now()]);
    },
    succeeded(key: string): void {
      failures.delete(key);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
