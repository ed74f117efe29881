/**
 * A refused change is logged with a copy of what was sent, so the office can
 * see what was refused and why. The refusal itself (its answer and reason)
 * is never dropped; the copy is bounded, or one device could fill the disk
 * with megabytes of refused changes:
 * - each copy keeps at most REFUSED_COPY_MAX_BYTES: a larger change keeps its
 *   beginning and its full size;
 * - only a therapist's latest REFUSED_COPIES_KEEP refusals keep their copy.
 *   Counted per therapist, not per device: a device id is whatever a client
 *   sends, so a per-device count would bound nothing.
 * So at most about 400 KB of copies per therapist, however much is refused;
 * enough to see what a phone has been sending lately.
 */
export const REFUSED_COPY_MAX_BYTES = 4 * 1024;
export const REFUSED_COPIES_KEEP = 100;

/** The copy of a refused change the log keeps: its JSON, or `{truncated, bytes, start}` when over REFUSED_COPY_MAX_BYTES. */
export function refusedCopy(mutation: unknown): string {
  const json = JSON.stringify(mutation) ?? 'null';
  const bytes = Buffer.byteLength(json);
  if (bytes <= REFUSED_COPY_MAX_BYTES) return json;
  // Escapes and multi-byte characters can make the quoted start longer than its slice: halve until it fits.
  for (let keep = REFUSED_COPY_MAX_BYTES - 100; ; keep = Math.floor(keep / 2)) {
    const copy = JSON.stringify({ truncated: true, bytes, start: json.slice(0, keep) });
    if (Buffer.byteLength(copy) <= REFUSED_COPY_MAX_BYTES) return copy;
  }
}
