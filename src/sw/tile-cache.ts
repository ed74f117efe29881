import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

/** z/x/y tile paths from any tile server (the URL is the office's configuration). */
const TILE_PATH = /\/\d{1,2}\/\d+\/\d+(@2x)?\.(png|jpe?g|webp)$/;

/**
 * Map tiles the phone has seen, kept for a month and at most a few thousand:
 * the map still has streets in a basement. Only real (CORS) 200 responses are
 * kept: opaque ones would each count as megabytes against the storage quota.
 */
export function registerTileCache(): void {
  registerRoute(
    ({ url, sameOrigin }) => !sameOrigin && TILE_PATH.test(url.pathname),
    new CacheFirst({
      cacheName: 'map-tiles',
      plugins: [
        new CacheableResponsePlugin({ statuses: [200] }),
        new ExpirationPlugin({ maxEntries: 3000, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true }),
      ],
    }),
  );
}
