import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers for every response. The CSP allows no inline script at all; images
 * may also come from the map tile server, which is configuration.
 */
export function securityHeaders(options: { tileOrigins: string[]; connectOrigins?: string[] }) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
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
  });
}
