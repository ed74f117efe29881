import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../shared/api';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type PullResponse } from '../shared/protocol';
import { aClient, aTherapist, aVisit, testClock } from '../shared/testing/fixtures';
import { startTestServer, testPasswordHash, type TestServer } from './testing/test-server';

const NOW = new Date('2026-11-24T15:00:00Z');
const clock = testClock();
let server: TestServer;
let staticDir: string;
const camille = aTherapist({ email: 'camille@example.com' });
const other = aTherapist({ email: 'other@example.com' });
const client = aClient({ firstName: 'Marie-Ève' });
const othersClient = aClient({ firstName: 'Secret' });

async function post(path: string, body: unknown, init: { cookie?: string; raw?: string; contentType?: string } = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}) },
    body: init.raw ?? JSON.stringify(body),
  });
}

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'tournee-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Tournée</title>' + ' '.repeat(2000));
  await writeFile(join(staticDir, 'assets', 'index-abc123.js'), 'console.log("hello");'.repeat(200) + '\n//# sourceMappingURL=index-abc123.js.map');
  await writeFile(join(staticDir, 'assets', 'index-abc123.js.map'), '{"version":3,"sources":["../../src/client/main.tsx"],"sourcesContent":["secret"]}');
  await writeFile(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(join(staticDir, 'manifest.webmanifest'), '{"name":"Tournée"}');

  server = await startTestServer({ now: () => NOW, staticDir });
  const hash = await testPasswordHash();
  await server.store.createTherapist(camille, hash, clock.tick());
  await server.store.createTherapist(other, hash, clock.tick());
  await server.store.putClient(client, clock.tick());
  await server.store.putClient(othersClient, clock.tick());
  for (let i = 1; i <= 6; i++) await server.store.putVisit(aVisit(camille.id, client.id, { routePosition: i }), clock.tick());
  await server.store.putVisit(aVisit(other.id, othersClient.id), clock.tick());
});

afterAll(async () => {
  await server.close();
  await rm(staticDir, { recursive: true, force: true });
});

describe('health', () => {
  it('answers 200 with JSON and no session', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', protocolVersion: PROTOCOL_VERSION });
  });
});

describe('without a session', () => {
  it.each([
    ['GET', '/api/me'],
    ['POST', '/api/sync/pull'],
    ['GET', '/api/clients'],
    ['DELETE', '/api/anything/else'],
  ])('%s %s is 401 with a message', async (method, path) => {
    const response = await fetch(`${server.url}${path}`, { method });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthenticated', message: expect.stringMatching(/sign in/i) });
  });

  it('a forged or expired cookie is 401 too', async () => {
    const response = await fetch(`${server.url}/api/me`, { headers: { cookie: 'session=not-a-real-token' } });
    expect(response.status).toBe(401);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the profile', async () => {
    const response = await post('/api/auth/login', { email: ' Camille@Example.com ', password: 'correct horse' });
    expect(response.status).toBe(200);
    expect((await response.json()).therapist).toEqual(camille);
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('a wrong password or an unknown email is the same 401', async () => {
    for (const body of [
      { email: 'camille@example.com', password: 'wrong' },
      { email: 'nobody@example.com', password: 'correct horse' },
    ]) {
      const response = await post('/api/auth/login', body);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_credentials', message: 'The email or the password is wrong.' });
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('sign-out ends the session on the server', async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(200);
    const out = await post('/api/auth/logout', {}, { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/session=;/);
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('malformed requests get a 4xx with a message, never a 500', () => {
  it('malformed JSON is 400', async () => {
    const response = await post('/api/auth/login', null, { raw: '{"email": "camille@' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('bad_json');
    expect(body.message).toMatch(/not valid JSON/);
  });

  it('wrong types are 422 and name each field', async () => {
    const response = await post('/api/auth/login', { email: 42 });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toBe('invalid_request');
    expect(body.issues).toEqual([
      { path: 'email', message: 'email is required' },
      { path: 'password', message: 'is required' },
    ]);
  });

  it('a body that is not JSON at all is 415', async () => {
    const response = await post('/api/auth/login', null, { raw: 'email=a', contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect((await response.json()).error).toBe('unsupported_media_type');
  });

  it('an oversized body is 413', async () => {
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(MAX_BODY_BYTES) });
    const response = await post('/api/auth/login', null, { raw: huge });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe('payload_too_large');
  });

  it('a pull from an app older than the server supports is 426 and says to update', async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    const response = await post('/api/sync/pull', { protocolVersion: MIN_PROTOCOL_VERSION - 1 }, { cookie });
    expect(response.status).toBe(426);
    expect((await response.json()).message).toMatch(/Update the app/);
    const bad = await post('/api/sync/pull', { protocolVersion: 'one', limit: -3 }, { cookie });
    expect(bad.status).toBe(422);
  });
});

describe('pull', () => {
  async function pull(cookie: string, cursor: string | null, limit?: number): Promise<PullResponse> {
    const response = await post('/api/sync/pull', { protocolVersion: PROTOCOL_VERSION, cursor, limit }, { cookie });
    expect(response.status).toBe(200);
    return response.json();
  }

  it("delivers only the signed-in therapist's profile, visits and clients, with a window around today", async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    const page = await pull(cookie, null);
    expect(page.reset).toBe(true);
    expect(page.hasMore).toBe(false);
    expect(page.window).toEqual({ from: '2026-11-23', to: '2026-12-08' });
    const kinds = page.records.map((record) => record.entity);
    expect(kinds.filter((kind) => kind === 'visit')).toHaveLength(6);
    expect(kinds.filter((kind) => kind === 'therapist')).toHaveLength(1);
    const ids = page.records.map((record) => record.id);
    expect(ids).toContain(client.id);
    expect(ids).not.toContain(othersClient.id);
    expect(ids).not.toContain(other.id);
    expect(JSON.stringify(page)).not.toContain('Secret');
  });

  it('pages with a cursor, then has nothing new, and resets on an unknown cursor', async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    const first = await pull(cookie, null, 3);
    expect(first.records).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const second = await pull(cookie, first.cursor, 100);
    expect(second.reset).toBe(false);
    expect(second.records).toHaveLength(5);
    expect(second.hasMore).toBe(false);
    const third = await pull(cookie, second.cursor);
    expect(third.records).toEqual([]);
    expect(third.reset).toBe(false);

    for (const unknown of ['garbage', 'c1.999999.2026-11-23.2026-12-08', 'c1.1.2026-01-01.2026-01-15']) {
      const reset = await pull(cookie, unknown);
      expect(reset.reset).toBe(true);
      expect(reset.records).toHaveLength(8);
    }
  });

  it('sends an edit made after the cursor, and nothing of another therapist', async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    const { cursor } = await pull(cookie, null);
    await server.store.putVisit(aVisit(other.id, othersClient.id, { routePosition: 2 }), clock.tick());
    expect((await pull(cookie, cursor)).records).toEqual([]);
    const moved = aVisit(camille.id, client.id, { routePosition: 9, officeNotes: 'Nouveau' });
    await server.store.putVisit(moved, clock.tick());
    const next = await pull(cookie, cursor);
    expect(next.records.map((record) => record.id)).toEqual([moved.id, client.id]);
  });
});

describe('static files', () => {
  it('serves hashed assets for a year, immutable, compressed', async () => {
    const response = await fetch(`${server.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    // fetch decodes gzip itself; the header proves the server compressed it.
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('console.log("hello")');
  });

  it('revalidates index.html, sw.js and the manifest every time, with 304 on an unchanged ETag', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const etag = response.headers.get('etag')!;
      const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    expect((await fetch(`${server.url}/manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json');
  });

  it('answers app routes with the shell, and unknown files with 404', async () => {
    const route = await fetch(`${server.url}/visits/0190a6e4-5b1c-7d2e-8f3a-1b2c3d4e5f60`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Tournée</title>');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('does not publish source maps', async () => {
    const response = await fetch(`${server.url}/assets/index-abc123.js.map`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('sourcesContent');
  });

  it('sends the security headers: a strict CSP without inline script, nosniff, no framing', async () => {
    const response = await fetch(`${server.url}/`);
    const csp = response.headers.get('content-security-policy')!;
    // WebAssembly may compile (Argon2id for the PIN), and that is all: no 'unsafe-eval', no inline script.
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // Plain http, and no trusted proxy to say otherwise: no HSTS (client-address.test.ts covers https behind a proxy).
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const claimed = await fetch(`${server.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });

  it('compresses API answers', async () => {
    const cookie = await server.signIn('camille@example.com', 'correct horse');
    const response = await fetch(`${server.url}/api/sync/pull`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION }),
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await response.json()).records.length).toBeGreaterThan(0);

    // Brotli where the client takes it (Chromium does, even on http://localhost).
    const brotli = await fetch(`${server.url}/api/sync/pull`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br, zstd' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION }),
    });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toContain('Accept-Encoding');
    expect((await brotli.json()).records.length).toBeGreaterThan(0);
  });
});
