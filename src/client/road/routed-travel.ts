import type { LatLng, TransportMode } from '../../shared/domain';
import type { TravelTime } from '../../shared/travel';

/*
 * Travel times from a routed day, and its cache key: with the day view. The
 * routing service itself (routing.ts, and the check of its answers) loads
 * only when one is configured.
 */

export interface RoutedDay {
  /** Minutes between consecutive points, from the routing service. */
  legsMin: number[];
  /** The road to follow, as [lat, lng] pairs. */
  shape: [number, number][];
}

const round = (value: number) => value.toFixed(5);
const pointKey = (point: LatLng) => `${round(point.lat)},${round(point.lng)}`;

export function routeCacheKey(date: string, mode: TransportMode, points: LatLng[]): string {
  return `tournee.route.${date}.${mode}.${points.map(pointKey).join(';')}`;
}

/** A travel-time function that uses routed legs between consecutive points, and `fallback` elsewhere. */
export function routedTravel(points: LatLng[], routed: RoutedDay | null, fallback: TravelTime): TravelTime {
  if (!routed) return fallback;
  const legs = new Map<string, number>();
  points.slice(1).forEach((point, index) => legs.set(`${pointKey(points[index]!)}>${pointKey(point)}`, routed.legsMin[index]!));
  return (from, to) => legs.get(`${pointKey(from)}>${pointKey(to)}`) ?? fallback(from, to);
}
