import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LOCK_TIMES, createAutoLock } from './auto-lock';

const MINUTE = 60_000;

describe('auto-lock', () => {
  // Fake timers fake Date.now too: one clock for the timers and the elapsed-time checks.
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-25T15:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  function started(times = DEFAULT_LOCK_TIMES) {
    const lock = vi.fn();
    return { lock, auto: createAutoLock({ times, lock }) };
  }

  it('locks after 15 minutes untouched, and only once', () => {
    const { lock } = started();
    vi.advanceTimersByTime(15 * MINUTE - 1);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(lock).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('never locks while the therapist keeps typing, however long the note', () => {
    const { lock, auto } = started();
    // A key every 20 seconds for an hour.
    for (let second = 0; second < 3600; second += 20) {
      vi.advanceTimersByTime(20_000);
      auto.activity();
    }
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(15 * MINUTE);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('locks after 5 minutes hidden, even when the hidden page got no timer', () => {
    const { lock, auto } = started();
    auto.hidden();
    vi.advanceTimersByTime(4 * MINUTE);
    auto.shown();
    expect(lock).not.toHaveBeenCalled();

    auto.hidden();
    // A background tab's timers can be held back: move the clock without running them.
    vi.setSystemTime(Date.now() + 6 * MINUTE);
    auto.shown();
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('a short trip to another app starts the idle time again', () => {
    const { lock, auto } = started();
    vi.advanceTimersByTime(14 * MINUTE);
    auto.hidden();
    vi.advanceTimersByTime(2 * MINUTE);
    auto.shown();
    vi.advanceTimersByTime(14 * MINUTE);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MINUTE);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('input while hidden does not count (a page hidden is not being used)', () => {
    const { lock, auto } = started();
    auto.hidden();
    vi.advanceTimersByTime(3 * MINUTE);
    auto.activity();
    vi.advanceTimersByTime(2 * MINUTE);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('new times from Settings apply at once, counted from the last activity', () => {
    const { lock, auto } = started();
    vi.advanceTimersByTime(6 * MINUTE);
    auto.setTimes({ hiddenMs: MINUTE, idleMs: 5 * MINUTE });
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('stops: a signed-out app does not lock', () => {
    const { lock, auto } = started();
    auto.stop();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(lock).not.toHaveBeenCalled();
  });
});
