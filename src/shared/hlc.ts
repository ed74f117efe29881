/**
 * Hybrid logical clock (HLC) timestamps as fixed-width strings that sort in
 * causal order with a plain string comparison, so IndexedDB indexes, SQLite
 * columns and `<` all agree on which edit is newer.
 *
 * Format: `2026-11-24T14:03:07.123Z-0000-9f2c4b1d0e6a7788`
 *          physical time (ms, UTC)  counter node id (16 hex)
 */

/** A phone whose clock is further than this from the peer's is refused. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;
const MAX_COUNTER = 0xffff;
const HLC_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;

export interface Hlc {
  millis: number;
  counter: number;
  node: string;
}

export class ClockDriftError extends Error {
  readonly code = 'clock_skew';
  constructor(readonly driftMs: number) {
    super(`Clock differs from the server by ${Math.round(driftMs / 1000)} s`);
    this.name = 'ClockDriftError';
  }
}

export class ClockOverflowError extends Error {
  constructor() {
    super('Too many events in one millisecond for the clock counter');
    this.name = 'ClockOverflowError';
  }
}

export function formatHlc({ millis, counter, node }: Hlc): string {
  return `${new Date(millis).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

export function parseHlc(text: string): Hlc | null {
  const match = HLC_PATTERN.exec(text);
  if (!match) return null;
  const millis = Date.parse(match[1]!);
  if (Number.isNaN(millis)) return null;
  return { millis, counter: parseInt(match[2]!, 16), node: match[3]! };
}

export function isHlc(text: string): boolean {
  return parseHlc(text) !== null;
}

/**
 * The smallest timestamp after `hlc`, issued by `node`: for a field the server
 * itself sets while applying a device's change (a receipt's number), so the
 * device takes the server's value on its next pull.
 */
export function hlcAfter(hlc: string, node: string): string {
  const parsed = parseHlc(hlc);
  if (!parsed) throw new Error(`Invalid HLC timestamp: ${hlc}`);
  return parsed.counter < MAX_COUNTER
    ? formatHlc({ millis: parsed.millis, counter: parsed.counter + 1, node })
    : formatHlc({ millis: parsed.millis + 1, counter: 0, node });
}

/** The smallest possible timestamp: older than any real edit. */
export const HLC_ZERO = formatHlc({ millis: 0, counter: 0, node: '0'.repeat(16) });

/** A node id is 16 lowercase hex characters; derive one from any device id. */
export function hlcNodeFromId(id: string): string {
  const hex = id.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return hex.slice(-16).padStart(16, '0');
}

/**
 * A node id for one running copy of the app on a device: 12 hex characters
 * of the device, 4 of the tab, so two tabs never issue the same timestamp and
 * the server can still tell that two edits came from the same device.
 */
export function deviceTabNode(deviceId: string, tabSalt: number): string {
  return hlcNodeFromId(deviceId).slice(0, 12) + (tabSalt & 0xffff).toString(16).padStart(4, '0');
}

/** True when both timestamps were issued on the same device (any of its tabs). */
export function sameDevice(a: string, b: string): boolean {
  const left = parseHlc(a);
  const right = parseHlc(b);
  return left !== null && right !== null && left.node.slice(0, 12) === right.node.slice(0, 12);
}

export interface HlcClock {
  /** A timestamp for a local event, newer than everything this clock has seen. */
  tick(): string;
  /** Merge a timestamp seen from another node; throws ClockDriftError if it is too far ahead. */
  receive(remote: string): void;
  /** The last timestamp issued or received. */
  last(): string;
}

export function createHlcClock(
  node: string,
  options: { now?: () => number; last?: string; maxDriftMs?: number } = {},
): HlcClock {
  if (!/^[0-9a-f]{16}$/.test(node)) throw new Error(`Invalid HLC node id: ${node}`);
  const now = options.now ?? Date.now;
  const maxDrift = options.maxDriftMs ?? MAX_CLOCK_DRIFT_MS;
  let state: Hlc = (options.last && parseHlc(options.last)) || { millis: 0, counter: 0, node };

  function advance(physical: number, remote?: Hlc): Hlc {
    const millis = Math.max(state.millis, physical, remote?.millis ?? 0);
    let counter: number;
    if (millis === state.millis && remote && millis === remote.millis) {
      counter = Math.max(state.counter, remote.counter) + 1;
    } else if (millis === state.millis) {
      counter = state.counter + 1;
    } else if (remote && millis === remote.millis) {
      counter = remote.counter + 1;
    } else {
      counter = 0;
    }
    if (counter > MAX_COUNTER) throw new ClockOverflowError();
    return { millis, counter, node };
  }

  return {
    tick() {
      state = advance(now());
      return formatHlc(state);
    },
    receive(remoteText) {
      const remote = parseHlc(remoteText);
      if (!remote) throw new Error(`Invalid HLC timestamp: ${remoteText}`);
      const physical = now();
      if (remote.millis - physical > maxDrift) throw new ClockDriftError(remote.millis - physical);
      state = advance(physical, remote);
    },
    last() {
      return formatHlc(state);
    },
  };
}
