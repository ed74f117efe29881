import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * A client that sends its request a byte at a time holds a connection (and,
 * for a body, a handler) as long as it likes, unless the server sets limits.
 * Short limits here; the defaults are 10 s for headers and 30 s for a request.
 */
const limits = { headersTimeoutMs: 600, requestTimeoutMs: 1200, keepAliveTimeoutMs: 500 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ limits });
});
afterAll(() => server.close());

interface Outcome {
  /** What the server wrote back before closing. */
  answer: string;
  /** From the connection to its close, in ms. */
  closedAfterMs: number;
}

/** Opens a raw connection, writes `first`, then one byte of `rest` every `everyMs` until the server closes it. */
function trickle(first: string, rest: string, everyMs: number): Promise<Outcome> {
  const { port, hostname } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    // A server with no limit would hold this open for minutes.
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 10 s; received: ${answer}`));
    }, 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => {}); // a write racing the close; the close below settles it
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    socket.on('connect', () => {
      socket.write(first);
      timer = setInterval(() => {
        if (sent < rest.length) socket.write(rest[sent++]!);
      }, everyMs);
    });
  });
}

describe('slow clients', () => {
  it('headers sent a byte at a time get 408 and the connection closed once the headers limit passes', async () => {
    const headers = 'X-Slow: ' + 'a'.repeat(200) + '\r\n\r\n';
    const outcome = await trickle('GET /api/health HTTP/1.1\r\nHost: localhost\r\n', headers, 50);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(limits.headersTimeoutMs - 50);
    // The limit, plus Node's check interval, plus a margin for a busy machine.
    expect(outcome.closedAfterMs).toBeLessThan(limits.headersTimeoutMs + 1000);
  });

  it('a body sent a byte at a time gets 408 and the connection closed once the request limit passes', async () => {
    const body = JSON.stringify({ email: 'camille@example.com', password: 'x'.repeat(200) });
    const head =
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const outcome = await trickle(head, body, 50);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(limits.requestTimeoutMs - 50);
    expect(outcome.closedAfterMs).toBeLessThan(limits.requestTimeoutMs + 1000);
  });

  it('a client that sends in time is served as usual', async () => {
    const outcome = await trickle('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', '', 50);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 200/);
    expect(outcome.closedAfterMs).toBeLessThan(limits.headersTimeoutMs);
  });
});
