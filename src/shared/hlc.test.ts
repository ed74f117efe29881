import { describe, expect, it } from 'vitest';
import { ClockDriftError, HLC_ZERO, MAX_CLOCK_DRIFT_MS, createHlcClock, formatHlc, hlcAfter, hlcNodeFromId, nextHlc, parseHlc, sameNode } from './hlc';

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

  it('moves to the next millisecond rather than wrap when one millisecond holds more events than the counter', () => {
    const clock = createHlcClock(NODE_A, { now: () => 5 });
    let previous = clock.tick();
    for (let i = 0; i < 0x10000 + 1; i++) {
      const next = clock.tick();
      expect(next > previous).toBe(true);
      previous = next;
    }
    expect(parseHlc(previous)!.millis).toBe(6);
  });

  it('never stamps an edit older than the value it replaces, whatever the physical clock says', () => {
    const replaced = formatHlc({ millis: 1_120_000, counter: 4, node: NODE_B });
    const stamp = nextHlc(NODE_A, 1_000_000, { floors: [replaced, undefined] });
    expect(stamp > replaced).toBe(true);
    expect(parseHlc(stamp)).toMatchObject({ millis: 1_120_000, counter: 5, node: NODE_A });
  });

  it('stops following its own stamps once they run more than the allowed drift ahead of the physical clock', () => {
    const now = Date.UTC(2026, 10, 24, 15);
    // Stamped while the phone's clock was an hour ahead; the clock is right again.
    const wrongHourAhead = formatHlc({ millis: now + 3_600_000, counter: 0, node: NODE_A });
    const next = nextHlc(NODE_A, now, { last: wrongHourAhead });
    expect(parseHlc(next)!.millis).toBe(now);
    // Within the drift, `last` is followed as usual.
    const slightlyAhead = formatHlc({ millis: now + 60_000, counter: 2, node: NODE_A });
    expect(nextHlc(NODE_A, now, { last: slightlyAhead }) > slightlyAhead).toBe(true);
    // The same for the stamp of the value being replaced: this phone's own, from when its clock was wrong.
    expect(parseHlc(nextHlc(NODE_A, now, { floors: [wrongHourAhead] }))!.millis).toBe(now);
  });

  it('two devices each within the allowed drift of the server accept each other', () => {
    const server = Date.UTC(2026, 10, 24, 15);
    const fast = createHlcClock(NODE_A, { now: () => server + MAX_CLOCK_DRIFT_MS - 60_000 });
    const slow = createHlcClock(NODE_B, { now: () => server - MAX_CLOCK_DRIFT_MS + 60_000 });
    const fromFast = fast.tick();
    expect(() => slow.receive(fromFast)).not.toThrow();
    expect(slow.tick() > fromFast).toBe(true);
    const fromSlow = slow.tick();
    expect(() => fast.receive(fromSlow)).not.toThrow();
  });

  it('tells one tab from another of the same device', () => {
    const tab1 = formatHlc({ millis: 1, counter: 0, node: 'aaaaaaaaaaaa0001' });
    const tab2 = formatHlc({ millis: 1, counter: 0, node: 'aaaaaaaaaaaa0002' });
    expect(sameNode(tab1, tab1)).toBe(true);
    expect(sameNode(tab1, tab2)).toBe(false);
  });

  it('resumes from the last persisted timestamp', () => {
    const saved = formatHlc({ millis: 1_060_000, counter: 7, node: NODE_A });
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
