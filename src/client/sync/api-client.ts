import * as v from 'valibot';
import type { ApiErrorBody } from '../../shared/api';

/** The server answered, but not with 2xx. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What else the error body said (the clock's drift, the protocol versions spoken). */
    readonly details: Partial<ApiErrorBody> = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** The request never got an answer: offline, DNS, server down. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

/**
 * How requests reach the server: `fetch` on the page and in the service
 * worker; the real server app in-process in the randomized sync tests.
 */
export type Transport = (path: string, init: RequestInit) => Promise<Response>;

/** Straight to the server, with the session cookie. */
export const directTransport: Transport = (path, init) => fetch(path, { ...init, credentials: 'same-origin' });

let requestGate: (() => Promise<void>) | null = null;

/**
 * Sets what must happen before any request the page sends: a sign-out made
 * offline is revoked on the server before anything else goes out
 * (state/pending-sign-out.ts). A gate that throws fails the request as a
 * network error. The service worker sets none.
 */
export function gateRequests(gate: () => Promise<void>): void {
  requestGate = gate;
}

export const sameOriginTransport: Transport = async (path, init) => {
  if (requestGate) await requestGate();
  return directTransport(path, init);
};

/**
 * POSTs JSON and returns the validated answer. Any non-2xx is an
 * ApiRequestError; a body that does not match the schema is one too, so a
 * half-understood answer is never written to the device.
 */
export async function postJson<S extends v.GenericSchema>(
  path: string,
  body: unknown,
  schema: S,
  transport: Transport = sameOriginTransport,
): Promise<v.InferOutput<S>> {
  let response: Response;
  try {
    response = await transport(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw await toApiError(response);
  const json: unknown = await response.json().catch(() => undefined);
  const result = v.safeParse(schema, json);
  if (!result.success) {
    throw new ApiRequestError(response.status, 'bad_response', `Unexpected answer from ${path}: ${v.summarize(result.issues)}`);
  }
  return result.output;
}

async function toApiError(response: Response): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  return new ApiRequestError(
    response.status,
    body?.error ?? 'http_error',
    body?.message ?? `The server answered ${response.status} ${response.statusText}`,
    body ?? {},
  );
}

/** GETs JSON and returns the validated answer, with the same errors as postJson. */
export async function getJson<S extends v.GenericSchema>(path: string, schema: S, transport: Transport = sameOriginTransport): Promise<v.InferOutput<S>> {
  let response: Response;
  try {
    response = await transport(path, { method: 'GET', headers: { accept: 'application/json' } });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw await toApiError(response);
  const result = v.safeParse(schema, await response.json().catch(() => undefined));
  if (!result.success) throw new ApiRequestError(response.status, 'bad_response', `Unexpected answer from ${path}: ${v.summarize(result.issues)}`);
  return result.output;
}
