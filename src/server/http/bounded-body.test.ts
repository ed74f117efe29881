import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

/** How bodies are read: whole and bounded, before any answer; see bounded-body.ts. */
let server: TestServer;
const unexpected: unknown[] = [];

beforeAll(async () => {
  server = await startTestServer({ onUnexpectedError: (error) => unexpected.push(error) });
});
afterAll(() => server.close());

describe('a body that never arrives whole', () => {
  it.each([
    ['chunked', 'Transfer-Encoding: chunked\r\n\r\nffff\r\n{"email":'],
    ['with a Content-Length', 'Content-Length: 1000\r\n\r\n{"email":'],
  ])('a body the client abandons half-way (%s) ends as a 4xx, not as an error of the server', async (_framing, rest) => {
    unexpected.length = 0;
    const { port, hostname } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${rest}`);
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unexpected).toEqual([]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
