/**
 * Setup for the `year-ahead` unit project: every `Date` in the process (the
 * server's clock, the devices' HLCs, fixtures) runs 365 days ahead of the real
 * time and keeps ticking. A test that pins one side to a fixed date and lets
 * the other read the real clock passes today and fails here, so such a test
 * can never land again. Timers are left alone: only the wall clock moves.
 */
const OFFSET_MS = 365 * 24 * 60 * 60 * 1000;
const RealDate = Date;

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + OFFSET_MS);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + OFFSET_MS;
  }
}

globalThis.Date = ShiftedDate as DateConstructor;
