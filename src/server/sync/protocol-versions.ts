import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, REJECTION_CODES_V1, type PushResult } from '../../shared/protocol';
import { ApiError } from '../http/api-error';

/**
 * The server speaks every protocol from MIN_PROTOCOL_VERSION to
 * PROTOCOL_VERSION, so a phone that has not updated yet keeps syncing. Any
 * other version is refused, and the message says which side is behind: only
 * an older app is told to update; a newer app (the server was rolled back)
 * keeps its changes until the server catches up.
 */
export function requireProtocol(version: number): void {
  if (version >= MIN_PROTOCOL_VERSION && version <= PROTOCOL_VERSION) return;
  const supported = { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION };
  const range = `${MIN_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}`;
  const message =
    version < MIN_PROTOCOL_VERSION
      ? `This app is older than the server: it speaks sync protocol ${version}, the server ${range}. Update the app; your changes are kept on this device until then.`
      : `The server is older than this app: the app speaks sync protocol ${version}, the server ${range}. Your changes are kept on this device until the server is updated; tell the office.`;
  throw new ApiError(426, 'protocol_version', message, undefined, { supported });
}

/**
 * Results in the terms of the client's protocol. A protocol-1 app knows only
 * the first four refusal codes and would reject the whole answer on another:
 * it hears `invalid`, with the reason unchanged for the therapist to read.
 */
export function resultsForProtocol(version: number, results: PushResult[]): PushResult[] {
  if (version >= 2) return results;
  return results.map((result) =>
    result.status === 'rejected' && !REJECTION_CODES_V1.includes(result.code) ? { ...result, code: 'invalid' } : result,
  );
}
