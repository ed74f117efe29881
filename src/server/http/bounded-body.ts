import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES } from '../../shared/api';
import { ApiError } from './api-error';
import { payloadTooLarge } from './read-json';

/**
 * Every request body is read here, whole and bounded, before anything else
 * runs; routes read it from hono's cache afterwards.
 *
 * Bounded: hono's bodyLimit reads a body chunk by chunk and stops at
 * MAX_BODY_BYTES, chunked or not (a Content-Length over it is refused
 * unread), so the server never holds more than that of one request; what
 * the client still sends is drained briefly by @hono/node-server, then its
 * connection is closed.
 *
 * Whole, in one place: a body the client abandons half-way (it went away,
 * or the request time limit cut it off) ends here as a 4xx, wherever the
 * request was going, instead of failing inside a route as a 500.
 */
export function boundedBody(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // The rest of the body stays unread, so this connection cannot carry another request:
      // say so, or a client reusing it would lose its next request to the close.
      c.header('Connection', 'close');
      return Promise.reject(payloadTooLarge());
    },
  });
  return async (c, next) => {
    try {
      await limit(c, async () => {
        if (c.req.raw.body) await c.req.arrayBuffer();
      });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // The client went away, or was cut off by the request time limit: nobody is left to
      // read an answer, but the request ends as a 4xx, not as an error of the server's.
      throw new ApiError(400, 'invalid_request', `The body could not be read to its end: ${error instanceof Error ? error.message : String(error)}`);
    }
    await next();
  };
}
