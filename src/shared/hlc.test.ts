import { describe, expect, it } from 'vitest';
import { ClockDriftError, ClockOverflowError, HLC_ZERO, createHlcClock, formatHlc, hlcAfter, hlcNodeFromId, parseHlc } from './hlc';

const NODE_A = 'aaaaaaaaaaaaaaaa';
const NODE_B = 'bbbbbbbbbbbbbbbb';

describe('HLC', () => {
  it('formats and parses back to the same parts', () => {
    const parts = { millis: Date.UTC(2026, 10, 24, 14, 3, 7, 123), counter: 0x2a, node: NODE_A };
    const text = formatHlc(parts);
    expect(text).toBe('2026-11-24T14:03:07.123Z-002a-aaaaaaaaaaaaaaaa');
    expect(parseHlc(text)).toEqual(parts);
    expect(parseHlc('yesterday')).toBeNull();
  });

  it('issues strictly increasing timestamps even when the wall clock stands still or goes back', () => {
    let now = 1_000_000;
    const clock = createHlcClock(NODE_A, { now: () => now });
    const first = clock.tick();
    const second = clock.tick();
    now -= 60_000; // the phone's clock is set back a minute
    const third = clock.tick();
    expect(first < second).toBe(true);
    expect(second < third).toBe(true);
    expect(first > HLC_ZERO).toBe(true);
  });

  it('orders an event after a received one from a node whose clock is ahead', () => {
    let now = 1_000_000;
    const a = createHlcClock(NODE_A, { now: () => now });
    const b = createHlcClock(NODE_B, { now: () => now + 30_000 });
    const fromB = b.tick();
    a.receive(fromB);
    const next = a.tick();
    expect(next > fromB).toBe(true);
    now += 1;
    expect(a.tick() > next).toBe(true);
  });

  it('refuses a timestamp too far in the future with a clock_skew error, and keeps its state', () => {
    const now = 1_000_000;
    const clock = createHlcClock(NODE_A, { now: () => now, maxDriftMs: 60_000 });
    const before = clock.tick();
    const farAhead = formatHlc({ millis: now + 10 * 60_000, counter: 0, node: NODE_B });
    expect(() => clock.receive(farAhead)).toThrow(ClockDriftError);
    try {
      clock.receive(farAhead);
    } catch (error) {
      expect((error as ClockDriftError).code).toBe('clock_skew');
    }
    expect(clock.last()).toBe(before);
  });

  it('throws rather than wrap when one millisecond holds more events than the counter', () => {
    const clock = createHlcClock(NODE_A, { now: () => 5 });
    expect(() => {
      for (let i = 0; i < 0x10000 + 1; i++) clock.tick();
    }).toThrow(ClockOverflowError);
  });

  it('resumes from the last persisted timestamp', () => {
    const saved = formatHlc({ millis: 2_000_000, counter: 7, node: NODE_A });
    const clock = createHlcClock(NODE_A, { now: () => 1_000_000, last: saved });
    expect(clock.tick() > saved).toBe(true);
  });

  it('gives the server a timestamp just after a device’s, for the fields it sets itself', () => {
    const device = formatHlc({ millis: 1_000_000, counter: 3, node: NODE_A });
    expect(hlcAfter(device, NODE_B) > device).toBe(true);
    const full = formatHlc({ millis: 1_000_000, counter: 0xffff, node: NODE_A });
    expect(hlcAfter(full, NODE_B) > full).toBe(true);
  });

  it('derives a valid node id from a UUID', () => {
    expect(hlcNodeFromId('0190a6e4-5b1c-7d2e-8f3a-1b2c3d4e5f60')).toMatch(/^[0-9a-f]{16}$/);
  });
});
