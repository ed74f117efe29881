/**
 * Hybrid logical clock (HLC) timestamps as fixed-width strings that sort in
 * causal order with a plain string comparison, so IndexedDB indexes, SQLite
 * columns and `<` all agree on which edit is newer.
 *
 * Format: `2026-11-24T14:03:07.123Z-0000-9f2c4b1d0e6a7788`
 *          physical time (ms, UTC)  counter node id (16 hex)
 */

/** The server refuses a push from a device whose clock is further than this from its own. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;
/**
 * How far ahead of this device's clock a timestamp may be and still be taken
 * as a peer's: two devices each within MAX_CLOCK_DRIFT_MS of the server can be
 * twice that apart, and must never refuse each other's stamps.
 */
export const MAX_PEER_AHEAD_MS = 2 * MAX_CLOCK_DRIFT_MS;
const MAX_COUNTER = 0xffff;
const HLC_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;

export interface Hlc {
  millis: number;
  counter: number;
  node: string;
}

/**
 * A timestamp from elsewhere is further ahead of this device's clock than any
 * peer within the allowed drift could be: this device's clock is behind.
 * `driftMs` is how far behind (positive).
 */
export class ClockDriftError extends Error {
  readonly code = 'clock_skew';
  constructor(readonly driftMs: number) {
    super(`This device's clock is ${Math.round(driftMs / 60_000)} min behind the server's`);
    this.name = 'ClockDriftError';
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

/**
 * True when both timestamps were issued by the same running copy of the app
 * (one tab, one editor's lifetime). Two tabs of one phone are two nodes: a
 * stale editor in one tab must not silently overwrite what the other wrote.
 */
export function sameNode(a: string, b: string): boolean {
  const left = parseHlc(a);
  const right = parseHlc(b);
  return left !== null && right !== null && left.node === right.node;
}

function newest(stamps: Iterable<Hlc>): Hlc | null {
  let best: Hlc | null = null;
  for (const stamp of stamps) if (!best || formatHlc(stamp) > formatHlc(best)) best = stamp;
  return best;
}

/**
 * The next timestamp `node` issues at physical time `physical`:
 * - later than every `floor` (the stamps of the values the edit replaces),
 *   so an edit is never stamped older than what it replaces;
 * - later than `last`, the newest stamp this device issued or saw.
 * Except: a `last` or `floor` more than `maxAheadMs` ahead of the physical
 * clock is further ahead than any peer within the allowed drift could stamp,
 * so it can only be this device's own, made while its clock was wrong (and
 * refused by the server, which never takes stamps that far ahead). Following
 * it would stamp every new edit in the future too. Like Actual's
 * `Timestamp.send()`, the clock never runs further than the allowed drift
 * ahead of the physical clock.
 * A counter that would overflow moves to the next millisecond.
 */
export function nextHlc(
  node: string,
  physical: number,
  options: { last?: string | null; floors?: Iterable<string | undefined>; maxAheadMs?: number } = {},
): string {
  const maxAhead = options.maxAheadMs ?? MAX_PEER_AHEAD_MS;
  const known: Hlc[] = [];
  const last = options.last ? parseHlc(options.last) : null;
  if (last && last.millis - physical <= maxAhead) known.push(last);
  for (const floor of options.floors ?? []) {
    const parsed = floor ? parseHlc(floor) : null;
    if (parsed && parsed.millis - physical <= maxAhead) known.push(parsed);
  }
  const base = newest(known);
  if (!base || physical > base.millis) return formatHlc({ millis: physical, counter: 0, node });
  return base.counter < MAX_COUNTER
    ? formatHlc({ millis: base.millis, counter: base.counter + 1, node })
    : formatHlc({ millis: base.millis + 1, counter: 0, node });
}

export interface HlcClock {
  /** A timestamp for a local event, newer than everything this clock has seen (within the drift guard). */
  tick(): string;
  /** Merge a timestamp seen from another node; throws ClockDriftError if it is too far ahead. */
  receive(remote: string): void;
  /** The last timestamp issued or received. */
  last(): string;
}

/**
 * An in-memory clock, for the server's own writes and for tests. Devices do
 * not keep one: their clock lives in IndexedDB and is read and advanced
 * inside each write transaction (see client/data/local-write.ts).
 */
export function createHlcClock(
  node: string,
  options: { now?: () => number; last?: string; maxDriftMs?: number } = {},
): HlcClock {
  if (!/^[0-9a-f]{16}$/.test(node)) throw new Error(`Invalid HLC node id: ${node}`);
  const now = options.now ?? Date.now;
  const maxDrift = options.maxDriftMs ?? MAX_PEER_AHEAD_MS;
  let state = options.last && parseHlc(options.last) ? options.last : formatHlc({ millis: 0, counter: 0, node });

  return {
    tick() {
      state = nextHlc(node, now(), { last: state, maxAheadMs: maxDrift });
      return state;
    },
    receive(remoteText) {
      const remote = parseHlc(remoteText);
      if (!remote) throw new Error(`Invalid HLC timestamp: ${remoteText}`);
      const ahead = remote.millis - now();
      if (ahead > maxDrift) throw new ClockDriftError(ahead);
      if (remoteText > state) state = remoteText;
    },
    last() {
      return state;
    },
  };
}
