import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/sqlite-store';
import { SIGN_IN_LIMITS, backoffDelayMs, counters, createLoginThrottle } from './login-throttle';

describe('sign-in backoff', () => {
  it('lets the free failures through, then doubles the delay up to its ceiling', () => {
    const policy = { free: 3, baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 100].map((failures) => backoffDelayMs(policy, failures))).toEqual([
      0, 0, 0, 0, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('keeps its counts in the store: a reopened store on the same file still makes the address wait, until the failures are forgotten', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tournee-throttle-'));
    const file = join(dir, 'store.sqlite');
    let now = new Date('2026-11-24T15:00:00Z');
    const clock = () => now;
    const limits = { ...SIGN_IN_LIMITS, address: { free: 2, baseDelayMs: 60_000, maxDelayMs: 600_000 } };
    const address = counters.address('203.0.113.9');

    const store = openSqliteStore(file);
    const throttle = createLoginThrottle({ store, now: clock, limits });
    for (let i = 0; i < 4; i++) await throttle.failed([address]);
    expect(await throttle.waitMs([address])).toBe(120_000);
    await store.close();

    const reopened = openSqliteStore(file);
    const again = createLoginThrottle({ store: reopened, now: clock, limits });
    expect(await again.waitMs([address])).toBe(120_000);
    expect(await again.waitMs([counters.address('198.51.100.1')])).toBe(0);
    now = new Date(now.getTime() + 120_000);
    expect(await again.waitMs([address])).toBe(0);
    // One more failure after the wait: the count goes on, so the next wait doubles.
    await again.failed([address]);
    expect(await again.waitMs([address])).toBe(240_000);
    // A day without failures forgets them.
    now = new Date(now.getTime() + SIGN_IN_LIMITS.forgetAfterMs);
    expect(await again.waitMs([address])).toBe(0);
    await again.failed([address]);
    expect(await again.waitMs([address])).toBe(0);
    await reopened.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts an account by its email in any case, and forgets it on success', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tournee-throttle-'));
    const store = openSqliteStore(join(dir, 'store.sqlite'));
    const now = new Date('2026-11-24T15:00:00Z');
    const throttle = createLoginThrottle({ store, now: () => now, limits: { ...SIGN_IN_LIMITS, account: { free: 1, baseDelayMs: 5_000, maxDelayMs: 5_000 } } });
    await throttle.failed([counters.account('Camille@Example.com')]);
    await throttle.failed([counters.account('camille@example.com')]);
    expect(await throttle.waitMs([counters.account('CAMILLE@example.com')])).toBe(5_000);
    await throttle.succeeded([counters.account('camille@example.com')]);
    expect(await throttle.waitMs([counters.account('camille@example.com')])).toBe(0);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
