import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../shared/protocol';
import { ApiRequestError } from './api-client';

/**
 * The sync protocol version this app speaks to its server. It starts at the
 * newest; a server that answers 426 and speaks an older version that this app
 * still knows (a server rolled back, or not yet updated) gets that version,
 * instead of the therapist being told to update an app that is newer than
 * the server. Only a server newer than anything this app speaks means
 * "update the app".
 */
let spoken = PROTOCOL_VERSION;

/** After a 426: true if a lower version this app speaks is worth trying. */
function stepDown(error: unknown): boolean {
  if (!(error instanceof ApiRequestError) || error.status !== 426) return false;
  const serverMax = error.details.supported?.max ?? spoken - 1;
  if (serverMax >= spoken || serverMax < MIN_PROTOCOL_VERSION) return false;
  spoken = serverMax;
  return true;
}

/** Runs a request with the spoken version, once more with an older one if the server asks for it. */
export async function withProtocol<T>(request: (version: number) => Promise<T>): Promise<T> {
  try {
    return await request(spoken);
  } catch (error) {
    if (!stepDown(error)) throw error;
    return request(spoken);
  }
}

/** For tests: start again from the newest version. */
export function resetProtocolVersion(): void {
  spoken = PROTOCOL_VERSION;
}
