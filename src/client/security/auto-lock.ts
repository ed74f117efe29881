/**
 * When the app locks itself: after it has been hidden for `hiddenMs` (the
 * therapist switched apps or put the phone in a pocket) or left untouched for
 * `idleMs` while shown. Every key, tap or input counts as activity, so the
 * idle lock can never fall in the middle of typing; what was typed is saved
 * before the key is dropped (the caller's `lock` waits for saves in flight).
 *
 * A hidden page's timers are throttled, sometimes for minutes: the elapsed
 * time is also checked when the page is shown again, so a phone left in a
 * pocket for an hour opens locked even if no timer fired.
 */
export interface LockTimes {
  hiddenMs: number;
  idleMs: number;
}

export const DEFAULT_LOCK_TIMES: LockTimes = { hiddenMs: 5 * 60_000, idleMs: 15 * 60_000 };

export interface AutoLock {
  /** A key, tap or input: the idle time starts again. */
  activity(): void;
  hidden(): void;
  shown(): void;
  /** New times from Settings, counted from the last activity or from when the page was hidden. */
  setTimes(times: LockTimes): void;
  stop(): void;
}

export function createAutoLock(options: { times: LockTimes; lock: () => void; now?: () => number }): AutoLock {
  const now = options.now ?? Date.now;
  let times = options.times;
  let lastActivity = now();
  let hiddenSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const due = () => (hiddenSince !== null ? hiddenSince + times.hiddenMs : lastActivity + times.idleMs);

  function check(): void {
    clearTimeout(timer);
    if (stopped) return;
    const wait = due() - now();
    if (wait <= 0) {
      stopped = true;
      options.lock();
      return;
    }
    timer = setTimeout(check, wait);
  }

  check();
  return {
    activity() {
      if (hiddenSince !== null) return;
      lastActivity = now();
      // Re-arming on every key would churn timers; the timer re-checks when it fires.
    },
    hidden() {
      if (hiddenSince === null) hiddenSince = now();
      check();
    },
    shown() {
      if (hiddenSince === null) return;
      // Locks at once when hidden long enough; otherwise the idle time starts from now.
      if (now() >= hiddenSince + times.hiddenMs) return check();
      hiddenSince = null;
      lastActivity = now();
      check();
    },
    setTimes(next) {
      times = next;
      check();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
