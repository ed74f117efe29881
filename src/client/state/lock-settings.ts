import { signal } from '@preact/signals';
import { DEFAULT_LOCK_TIMES, type LockTimes } from '../security/auto-lock';

/*
 * How soon the app locks on this device: a preference of the device (a phone
 * carried all day and a tablet left at the office differ), kept in
 * localStorage, never synced, and nothing personal.
 */

/** Minutes offered in Settings; the defaults are the 5 hidden and 15 idle. */
export const HIDDEN_MINUTES = [1, 5, 15] as const;
export const IDLE_MINUTES = [5, 15, 30] as const;

const KEY = 'tournee.lockTimes';

function read(): LockTimes {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { hidden?: unknown; idle?: unknown } | null;
    const hidden = HIDDEN_MINUTES.find((minutes) => minutes === stored?.hidden);
    const idle = IDLE_MINUTES.find((minutes) => minutes === stored?.idle);
    return {
      hiddenMs: hidden ? hidden * 60_000 : DEFAULT_LOCK_TIMES.hiddenMs,
      idleMs: idle ? idle * 60_000 : DEFAULT_LOCK_TIMES.idleMs,
    };
  } catch {
    return DEFAULT_LOCK_TIMES;
  }
}

export const lockTimes = signal<LockTimes>(read());

export function chooseLockTimes(minutes: { hidden: number; idle: number }): void {
  localStorage.setItem(KEY, JSON.stringify(minutes));
  lockTimes.value = read();
}
