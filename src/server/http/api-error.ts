import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api';

/** Thrown anywhere in a request; the app's error handler turns it into JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorBody['issues'],
    /** What a client needs to act on this error beyond its code (clock drift, supported versions). */
    readonly details?: Pick<ApiErrorBody, 'driftMs' | 'supported' | 'wipe'>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function sendError(c: Context, error: ApiError): Response {
  const body: ApiErrorBody = { error: error.code, message: error.message, ...error.details };
  if (error.issues) body.issues = error.issues;
  return c.json(body, error.status);
}
