import { paddedBounds, tilesForBounds, tileUrl } from './tiles';

/** Zooms that show the neighbourhood and the street: enough to find a door offline. */
export const PREPARE_ZOOMS = [12, 13, 14, 15];
/** At most this many tiles (a few MB), to stay light on the phone and on the tile server. */
export const PREPARE_CAP = 400;

/**
 * Fetches the tiles around the day's homes while online. The service worker
 * answers tile requests from its cache first and keeps what the network
 * returns, so these fetches are what fills it.
 */
export async function prepareMap(
  template: string,
  points: { lat: number; lng: number }[],
  onProgress: (done: number, total: number) => void,
  concurrency = 4,
): Promise<{ fetched: number; failed: number; total: number }> {
  const bounds = paddedBounds(points);
  if (!bounds) return { fetched: 0, failed: 0, total: 0 };
  const queue = tilesForBounds(bounds, PREPARE_ZOOMS, PREPARE_CAP).map((tile) => tileUrl(template, tile));
  const total = queue.length;
  let fetched = 0;
  let failed = 0;
  async function worker() {
    for (let url = queue.shift(); url; url = queue.shift()) {
      try {
        const response = await fetch(url, { mode: 'cors', credentials: 'omit' });
        if (response.ok) fetched += 1;
        else failed += 1;
      } catch {
        failed += 1;
      }
      onProgress(fetched + failed, total);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { fetched, failed, total };
}
