import { MAX_CLOCK_DRIFT_MS, parseHlc } from '../../shared/hlc';
import { ApiError } from '../http/api-error';

const minutes = (ms: number) => Math.max(1, Math.round(Math.abs(ms) / 60_000));

/**
 * A phone whose clock is far off would stamp its edits with times that win or
 * lose wrongly forever. Refuse the whole push with a clear error (how far, and
 * which way); the phone keeps every change in its outbox and sends them once
 * its clock is right.
 *
 * The stamps are checked against the server's clock, not the device's: a
 * device may rightly send a stamp ahead of its own clock (it edited a value a
 * peer whose clock runs ahead had stamped; see MAX_PEER_AHEAD_MS), and such a
 * stamp is still within the drift the server allows.
 */
export function requireSaneClock(deviceTime: number, mutations: Record<string, unknown>[], now: Date): void {
  const driftMs = deviceTime - now.getTime();
  if (Math.abs(driftMs) > MAX_CLOCK_DRIFT_MS) {
    throw new ApiError(
      409,
      'clock_skew',
      `This device's clock is ${minutes(driftMs)} min ${driftMs > 0 ? 'ahead of' : 'behind'} the server's. Set the date and time to automatic; your changes are kept on the device until then.`,
      undefined,
      { driftMs },
    );
  }
  const furthestAhead = Math.max(
    ...mutations.map((mutation) => {
      const hlc = typeof mutation.hlc === 'string' ? parseHlc(mutation.hlc) : null;
      return hlc ? hlc.millis - now.getTime() : 0;
    }),
    0,
  );
  if (furthestAhead > MAX_CLOCK_DRIFT_MS) {
    throw new ApiError(
      409,
      'clock_skew',
      `Changes on this device are stamped ${minutes(furthestAhead)} min ahead of the server's clock (this device's clock was ahead when they were made). They are kept on the device and sent once the server's clock reaches them.`,
      undefined,
      { driftMs },
    );
  }
}
