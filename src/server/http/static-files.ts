import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { acceptedLanguages, preferredLocale } from '../../shared/preferred-locale';
import { appShells, type ShellKey } from './language-shell';

interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
  etag: string;
  type: string;
  cacheControl: string;
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg\+xml)/;

/**
 * Files under Vite's `assets/` carry a content hash in their name and never
 * change: cache them for a year. Everything else (index.html, sw.js, the
 * manifest, icons) must be revalidated so a deploy is seen at once.
 */
function cacheControlFor(path: string): string {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** One file as served: its type, caching, a strong ETag, and compressed once if worth it. */
function staticFile(path: string, body: Buffer): StaticFile {
  const type = getMimeType(path) ?? 'application/octet-stream';
  const file: StaticFile = {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type,
    cacheControl: cacheControlFor(path),
  };
  if (COMPRESSIBLE.test(type) && body.length > 1024) {
    file.gzip = gzipSync(body, { level: 9 });
    file.brotli = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
  }
  return file;
}

/**
 * Loads the built app once, compressed once (it is a few hundred KB and does
 * not change while the server runs), and serves it with strong ETags.
 */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return files;
  // Source maps stay on the server's disk for debugging; published, they would hand out the unminified source.
  for (const full of listFiles(root).filter((file) => !file.endsWith('.map'))) {
    const path = '/' + relative(root, full).split(sep).join('/');
    files.set(path, staticFile(path, readFileSync(full)));
  }
  return files;
}

/**
 * Serves the built app. `signedIn` tells whether a request comes with a
 * session, for the app shell to name the sign-in screen's code or not
 * (language-shell.ts).
 */
export function serveStaticFiles(files: Map<string, StaticFile>, options: { signedIn?: (c: Context) => boolean } = {}): MiddlewareHandler {
  const index = files.get('/index.html');
  const html = index && appShells(index.body.toString('utf8'), files.keys());
  const shells = html && (Object.fromEntries(Object.entries(html).map(([key, text]) => [key, staticFile('/index.html', Buffer.from(text))])) as Record<ShellKey, StaticFile>);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path;
    let file = files.get(path === '/' ? '/index.html' : path);
    // App routes (/visits/..., /settings) are client-side: answer with the shell.
    if (!file && index && extname(path) === '' && !path.startsWith('/api/')) file = index;
    if (!file) return next();
    const shell = file === index && shells;
    if (shell) {
      const locale = preferredLocale(acceptedLanguages(c.req.header('accept-language')));
      const key: ShellKey = options.signedIn?.(c) === false ? `${locale}+sign-in` : locale;
      file = shell[key];
    }

    c.header('Content-Type', file.type);
    c.header('Cache-Control', file.cacheControl);
    c.header('ETag', file.etag);
    // Not `Vary: Accept-Language, Cookie` for the shell's variants: the service worker's precache
    // (Cache API) honours Vary, and offline its lookup would then miss the shell. Each variant has
    // its own ETag and the shell is never reused unrevalidated (no-cache), so no cache serves a wrong one.
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);

    const accepts = c.req.header('accept-encoding') ?? '';
    let body = file.body;
    if (file.brotli && /\bbr\b/.test(accepts)) {
      body = file.brotli;
      c.header('Content-Encoding', 'br');
    } else if (file.gzip && /\bgzip\b/.test(accepts)) {
      body = file.gzip;
      c.header('Content-Encoding', 'gzip');
    }
    c.header('Content-Length', String(body.length));
    if (c.req.method === 'HEAD') return c.body(null, 200);
    return c.body(new Uint8Array(body), 200);
  };
}
