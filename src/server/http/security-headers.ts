import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../env';

/** Six months, subdomains included: hono's default, sent only where it means something. */
const HSTS = 'max-age=15552000; includeSubDomains';

/**
 * Headers for every response. The CSP allows no inline script and no eval at all; images
 * may also come from the map tile server, which is configuration.
 * Strict-Transport-Security only over https (directly or through a trusted
 * proxy, see client-address.ts): over plain http it is ignored by browsers at
 * best, and on a LAN deployment reached by IP it would pin a name to https.
 */
export function securityHeaders(options: { tileOrigins: string[]; connectOrigins?: string[] }): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // WebAssembly (hash-wasm's Argon2id, which derives the key of the PIN) compiles only with this; it allows no eval of script.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...options.tileOrigins],
      // The service worker fetches tiles to cache them; routing goes to its own service.
      connectSrc: ["'self'", ...options.tileOrigins, ...(options.connectOrigins ?? [])],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    permissionsPolicy: { geolocation: ['self'], camera: [], microphone: [] },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
  return async (c, next) => {
    await headers(c, next);
    const own = c.get('documentCsp');
    if (own) c.header('Content-Security-Policy', own);
    if (c.get('https')) c.header('Strict-Transport-Security', HSTS);
  };
}
