import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStaticFiles, serveStaticFiles } from './static-files';

const root = mkdtempSync(join(tmpdir(), 'tournee-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>Tournée</title></head><body><div id="app"></div></body></html>');
writeFileSync(join(root, 'assets', 'messages-fr-Ab12_cd.js'), 'export const fr = {};');
writeFileSync(join(root, 'assets', 'messages-en-Zz9-x.js'), 'export const en = {};');
writeFileSync(join(root, 'assets', 'SignIn-Qw3.js'), 'export function SignIn() {}');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// As app.ts decides it: a session cookie means signed in.
const app = new Hono().use(serveStaticFiles(loadStaticFiles(root), { signedIn: (c) => (c.req.header('cookie') ?? '').includes('session=') }));
const shell = (path: string, language?: string, cookie = 'session=abc') =>
  app.request(path, { headers: { cookie, ...(language ? { 'accept-language': language } : {}) } });

describe('the app shell', () => {
  it('names the catalog of the browser’s language for preloading, and only that one', async () => {
    const french = await (await shell('/', 'fr-CA,fr;q=0.9,en;q=0.8')).text();
    expect(french).toContain('<link rel="modulepreload" crossorigin href="/assets/messages-fr-Ab12_cd.js">');
    expect(french).not.toContain('messages-en');

    const english = await (await shell('/visits/0190f0f0-0000-7000-8000-000000000000', 'de-DE, en;q=0.5')).text();
    expect(english).toContain('href="/assets/messages-en-Zz9-x.js"');
    expect(english).not.toContain('messages-fr');
    // No language the app speaks: English, as the app itself decides.
    expect(await (await shell('/settings')).text()).toContain('messages-en');
  });

  it('names the sign-in screen too when the browser comes without a session, and not otherwise', async () => {
    const signedOut = await (await shell('/', 'fr-CA', '')).text();
    expect(signedOut).toContain('href="/assets/messages-fr-Ab12_cd.js"');
    expect(signedOut).toContain('<link rel="modulepreload" crossorigin href="/assets/SignIn-Qw3.js">');
    expect(await (await shell('/', 'fr-CA')).text()).not.toContain('SignIn');
  });

  it('gives each variant its own ETag, so a cache revalidating one never gets another as unchanged', async () => {
    const french = await shell('/', 'fr');
    const english = await shell('/', 'en');
    // No Vary on the language or the cookie: the service worker's precache would then miss the shell offline.
    expect(french.headers.get('vary')).toBe('Accept-Encoding');
    expect(french.headers.get('etag')).not.toBe(english.headers.get('etag'));
    const again = await app.request('/', { headers: { cookie: 'session=abc', 'accept-language': 'fr', 'if-none-match': french.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await app.request('/', { headers: { cookie: 'session=abc', 'accept-language': 'en', 'if-none-match': french.headers.get('etag')! } })).status).toBe(200);
  });
});
