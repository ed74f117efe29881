/** The queue is full: answer 503 with Retry-After rather than pile more work on. */
export class QueueFullError extends Error {
  constructor() {
    super('Too many sign-ins are being checked at once.');
    this.name = 'QueueFullError';
  }
}

interface Job {
  start: () => void;
}

/**
 * Runs password hashing a few at a time. Each scrypt costs ~0.3 s of a core
 * and 128 MiB: 64 at once would take every core and 8 GiB, and each would
 * finish only when all do. Here `concurrency` run, up to `maxWaiting` wait in
 * order, and the rest are refused at once. Sign-ins from a browser known to
 * the account wait in a lane of their own that goes first, so a flood of
 * strangers delays a therapist's own sign-in by at most the hashes under way.
 */
export function createHashQueue({ concurrency = 2, maxWaiting = 8 } = {}) {
  let running = 0;
  const lanes = { first: [] as Job[], normal: [] as Job[] };

  function startNext() {
    while (running < concurrency) {
      const job = lanes.first.shift() ?? lanes.normal.shift();
      if (!job) return;
      running += 1;
      job.start();
    }
  }

  return {
    /** Runs `task` when a slot frees up; throws QueueFullError at once when its lane is full. */
    run<T>(task: () => Promise<T>, options: { first?: boolean } = {}): Promise<T> {
      const lane = options.first ? lanes.first : lanes.normal;
      if (running >= concurrency && lane.length >= maxWaiting) return Promise.reject(new QueueFullError());
      return new Promise<T>((resolve, reject) => {
        lane.push({
          start: () =>
            void task()
              .then(resolve, reject)
              .finally(() => {
                running -= 1;
                startNext();
              }),
        });
        startNext();
      });
    },
    /** How many run and how many wait, for tests and logs. */
    load() {
      return { running, waiting: lanes.first.length + lanes.normal.length };
    },
  };
}
export type HashQueue = ReturnType<typeof createHashQueue>;
