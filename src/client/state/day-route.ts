import { signal } from '@preact/signals';
import type { LatLng, TransportMode } from '../../shared/domain';
import { routeCacheKey, type RoutedDay } from '../road/routed-travel';
import { appConfig } from './app-config';

/** Routed days fetched or read from the cache, by cache key. */
const routed = signal<Record<string, RoutedDay | null>>({});
const asked = new Set<string>();

/**
 * The routing service's answer for the day's homes in this order, or null
 * (not configured, not routable, offline, not back yet): callers fall back to
 * the estimate. Asks the service at most once per day, order and mode.
 */
export function dayRoute(date: string, mode: TransportMode, points: LatLng[]): RoutedDay | null {
  const url = appConfig.value.routingUrl;
  if (!url || points.length < 2) return null;
  const key = routeCacheKey(date, mode, points);
  const known = routed.value[key];
  if (known !== undefined) return known;
  if (!asked.has(key)) {
    asked.add(key);
    void import('../road/routing').then(({ routeDay }) => routeDay(url, date, mode, points)).then((answer) => {
      // A failure offline may succeed later: forget the ask, keep the fallback for now.
      if (!answer) asked.delete(key);
      routed.value = { ...routed.value, [key]: answer };
    });
  }
  return null;
}
