import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../env';
import { clientInfo, parseTrustProxy } from './client-address';
import { securityHeaders } from './security-headers';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A real server on loopback that answers with what the middlewares concluded. */
async function serverTrusting(trustProxy: string | undefined) {
  const app = new Hono<AppEnv>();
  app.use(clientInfo(parseTrustProxy(trustProxy)));
  app.use(securityHeaders({ tileOrigins: [] }));
  app.get('/who', (c) => c.json({ address: c.get('clientAddress'), https: c.get('https') }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/who`;
  return async (headers: Record<string, string> = {}) => {
    const response = await fetch(url, { headers });
    return { ...((await response.json()) as { address: string; https: boolean }), hsts: response.headers.get('strict-transport-security') };
  };
}

describe('client address and scheme behind a proxy (TRUST_PROXY)', () => {
  it('believes nobody by default: the socket address, plain http, and no HSTS', async () => {
    const who = await serverTrusting(undefined);
    expect(await who({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' })).toEqual({ address: '127.0.0.1', https: false, hsts: null });
  });

  it('ignores the headers when the direct peer is not a listed proxy', async () => {
    const who = await serverTrusting('10.0.0.0/8, 192.0.2.1');
    expect(await who({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' })).toEqual({ address: '127.0.0.1', https: false, hsts: null });
  });

  it('from a listed proxy, takes the rightmost address that is not a proxy, and the scheme it saw, with HSTS over https', async () => {
    const who = await serverTrusting('127.0.0.1, 10.0.0.0/8');
    // The client wrote 198.51.100.1 itself; the proxies appended the address they saw (203.0.113.7), then themselves.
    expect(await who({ 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.1.2.3', 'x-forwarded-proto': 'https' })).toEqual({
      address: '203.0.113.7',
      https: true,
      hsts: 'max-age=15552000; includeSubDomains',
    });
    expect(await who({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'http' })).toEqual({ address: '203.0.113.7', https: false, hsts: null });
    // No header, or garbage: the proxy itself is the client.
    expect((await who()).address).toBe('127.0.0.1');
    expect((await who({ 'x-forwarded-for': 'not-an-ip' })).address).toBe('127.0.0.1');
  });

  it('accepts "loopback", and refuses a setting it cannot read instead of trusting it', () => {
    expect(parseTrustProxy('loopback')!.trusts('::ffff:127.0.0.1')).toBe(true);
    expect(parseTrustProxy('loopback')!.trusts('::1')).toBe(true);
    expect(parseTrustProxy('loopback')!.trusts('10.0.0.1')).toBe(false);
    expect(parseTrustProxy('')).toBeNull();
    expect(() => parseTrustProxy('2')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/TRUST_PROXY/);
  });
});
