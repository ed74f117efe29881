import type { LatLng } from './domain/common';
import type { TransportMode } from './domain/therapist';

/**
 * Travel between homes with no network: straight-line distance, stretched
 * by a detour factor for the street grid, at a typical door-to-door speed for
 * the mode, plus a fixed overhead (parking for a car, waiting for transit).
 * The numbers are Montreal averages; a routing service replaces them when one
 * is configured and reachable.
 */
export const TRAVEL_MODEL: Record<TransportMode, { speedKmh: number; detour: number; overheadMin: number }> = {
  driving: { speedKmh: 24, detour: 1.35, overheadMin: 5 },
  transit: { speedKmh: 16, detour: 1.3, overheadMin: 10 },
  bicycling: { speedKmh: 15, detour: 1.25, overheadMin: 2 },
  walking: { speedKmh: 4.8, detour: 1.25, overheadMin: 0 },
};

const EARTH_RADIUS_KM = 6371.0088;

export function haversineKm(a: LatLng, b: LatLng): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whole minutes from `a` to `b`; zero for the same place. */
export function estimateTravelMinutes(a: LatLng, b: LatLng, mode: TransportMode): number {
  const km = haversineKm(a, b);
  if (km < 0.05) return 0;
  const model = TRAVEL_MODEL[mode];
  return Math.round(model.overheadMin + ((km * model.detour) / model.speedKmh) * 60);
}

export type TravelTime = (from: LatLng, to: LatLng) => number;

/** `HH:mm` to minutes after midnight, and back. */
export function toMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}
export function fromMinutes(total: number): string {
  const minutes = Math.round(total);
  return `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface RouteStop extends LatLng {
  id: string;
  /** Arrival window, minutes after midnight. */
  windowStart: number;
  windowEnd: number;
  durationMin: number;
}

export interface PlannedStop {
  id: string;
  travelMin: number;
  /** When the therapist gets there, minutes after midnight. */
  arrival: number;
  /** When the session starts: on arrival, or at the window's start if early. */
  start: number;
  end: number;
  waitMin: number;
  /** Arrives after the window closes. */
  late: boolean;
}

/**
 * Walks the stops in the given order from `origin`, leaving at `departAt`:
 * the ETA at each home, waiting when early, late when past the window.
 */
export function planRoute(stops: RouteStop[], origin: LatLng, departAt: number, travel: TravelTime): PlannedStop[] {
  let here: LatLng = origin;
  let clock = departAt;
  return stops.map((stop) => {
    const travelMin = travel(here, stop);
    const arrival = clock + travelMin;
    const start = Math.max(arrival, stop.windowStart);
    const end = start + stop.durationMin;
    here = stop;
    clock = end;
    return { id: stop.id, travelMin, arrival, start, end, waitMin: start - arrival, late: arrival > stop.windowEnd };
  });
}

/** Total minutes on the road for an order; Infinity if any window is missed. */
export function routeCost(stops: RouteStop[], origin: LatLng, departAt: number, travel: TravelTime): number {
  const plan = planRoute(stops, origin, departAt, travel);
  if (plan.some((stop) => stop.late)) return Infinity;
  return plan.reduce((sum, stop) => sum + stop.travelMin, 0);
}
