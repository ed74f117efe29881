import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle';

describe('login throttle', () => {
  it('refuses after too many failures, until the oldest one ages out', () => {
    let now = 0;
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('a@example.com|1.2.3.4')).toBe(0);
      throttle.failed('a@example.com|1.2.3.4');
      now += 1000;
    }
    expect(throttle.retryAfter('a@example.com|1.2.3.4')).toBe(57);
    expect(throttle.retryAfter('a@example.com|5.6.7.8')).toBe(0);
    now = 60_001;
    expect(throttle.retryAfter('a@example.com|1.2.3.4')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = createLoginThrottle({ maxFailures: 2 });
    throttle.failed('k');
    throttle.succeeded('k');
    throttle.failed('k');
    expect(throttle.retryAfter('k')).toBe(0);
  });
});
