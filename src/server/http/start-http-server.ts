import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** How long one client may take, so a slow or stalled one cannot hold a connection. */
export interface HttpLimits {
  /** From the connection (or the end of the previous request) to the last request header. */
  headersTimeoutMs: number;
  /** From the connection to the last byte of the body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
}

/**
 * Node's own defaults are 60 s for headers and 300 s for a request. A sync
 * push is at most about 1 MB: 30 s carries it at under 300 kbit/s, a weak
 * mobile signal; a phone slower than that retries later with its outbox intact.
 */
export const DEFAULT_HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };

export interface StartedHttpServer {
  server: Server;
  port: number;
}

/**
 * Serves `app` on Node's HTTP server with the time limits set. A client that
 * sends its headers or its body too slowly gets 408 and its connection is
 * closed: Node checks every connection each `connectionsCheckingInterval`,
 * which is set well under the limits so that they hold to within a second
 * (Node's default checks only every 30 s).
 */
export function startHttpServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: { port: number; hostname: string; limits?: Partial<HttpLimits> },
): Promise<StartedHttpServer> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(`The headers timeout (${limits.headersTimeoutMs} ms) cannot be longer than the request timeout (${limits.requestTimeoutMs} ms).`);
  }
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: options.port,
        hostname: options.hostname,
        serverOptions: {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.headersTimeoutMs / 4)),
        },
      },
      (info: AddressInfo) => resolve({ server: server as Server, port: info.port }),
    );
    (server as Server).keepAliveTimeout = limits.keepAliveTimeoutMs;
    server.once('error', reject);
  });
}
