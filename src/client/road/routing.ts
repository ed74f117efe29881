import * as v from 'valibot';
import type { LatLng, TransportMode } from '../../shared/domain';
import { routeCacheKey, type RoutedDay } from './routed-travel';

// What the day view needs at once is in routed-travel.ts; this asks the service, loaded when there is one.
export { routeCacheKey, routedTravel, type RoutedDay } from './routed-travel';

/** OSRM profile names; transit is not something OSRM routes. */
const PROFILES: Partial<Record<TransportMode, string>> = { driving: 'driving', bicycling: 'cycling', walking: 'walking' };

const OsrmRouteSchema = v.object({
  code: v.literal('Ok'),
  routes: v.pipe(
    v.array(
      v.object({
        legs: v.array(v.object({ duration: v.number() })),
        geometry: v.object({ type: v.literal('LineString'), coordinates: v.array(v.tuple([v.number(), v.number()])) }),
      }),
    ),
    v.minLength(1),
  ),
});

/**
 * Routed days of this page's life. Not localStorage: a route's key and shape
 * are the clients' home coordinates, and nothing about clients is kept in
 * clear outside IndexedDB. After a reload offline, the estimate stands in.
 */
const dayRoutes = (() => {
  const kept = new Map<string, string>();
  return { getItem: (key: string) => kept.get(key) ?? null, setItem: (key: string, value: string) => void kept.set(key, value) };
})();

/**
 * Real durations and the road's shape through `points` in order, from an
 * OSRM-compatible service, kept for the page's life (the same homes in the
 * same order do not need asking twice). Null when the mode is not
 * routable or the service fails: the estimate stands in.
 */
export async function routeDay(
  routingUrl: string,
  date: string,
  mode: TransportMode,
  points: LatLng[],
  fetchImpl: typeof fetch = fetch,
  storage: Pick<Storage, 'getItem' | 'setItem'> = dayRoutes,
): Promise<RoutedDay | null> {
  const profile = PROFILES[mode];
  if (!profile || points.length < 2) return null;
  const key = routeCacheKey(date, mode, points);
  const cached = storage.getItem(key);
  if (cached) return JSON.parse(cached) as RoutedDay;

  const coordinates = points.map((point) => `${point.lng},${point.lat}`).join(';');
  const url = `${routingUrl.replace(/\/+$/, '')}/route/v1/${profile}/${coordinates}?overview=full&geometries=geojson&steps=false`;
  try {
    const response = await fetchImpl(url);
    if (!response.ok) return null;
    const parsed = v.safeParse(OsrmRouteSchema, await response.json());
    if (!parsed.success) return null;
    const route = parsed.output.routes[0]!;
    const routed: RoutedDay = {
      legsMin: route.legs.map((leg) => Math.round(leg.duration / 60)),
      shape: route.geometry.coordinates.map(([lng, lat]) => [lat, lng]),
    };
    storage.setItem(key, JSON.stringify(routed));
    return routed;
  } catch {
    return null;
  }
}
