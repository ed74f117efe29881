import type { LatLng, TransportMode } from '../../shared/domain';
import { isFinal } from '../../shared/visit-status';
import { estimateTravelMinutes, planRoute, toMinutes, type PlannedStop, type RouteStop, type TravelTime } from '../../shared/travel';
import type { DayVisit } from '../data/visits-repo';

export function toRouteStop({ visit, client }: DayVisit): RouteStop | null {
  if (!client) return null;
  return {
    id: visit.id,
    lat: client.address.lat,
    lng: client.address.lng,
    windowStart: toMinutes(visit.windowStart),
    windowEnd: toMinutes(visit.windowEnd),
    durationMin: visit.durationMin,
  };
}

export interface DayPlanInput {
  visits: DayVisit[];
  mode: TransportMode;
  homeBase: LatLng;
  /** Minutes after midnight now, for today; null for another day. */
  nowMinutes: number | null;
  /** Where the therapist is, if known. */
  here: LatLng | null;
  /** Travel times from a routing service where known; the estimate elsewhere. */
  travel?: TravelTime;
}

/**
 * ETAs for the visits still to do. Today: from where the therapist is (or the
 * last home visited, or home base), leaving now. Another day: from home base,
 * leaving in time for the first window.
 */
export function planDay({ visits, mode, homeBase, nowMinutes, here, travel: routed }: DayPlanInput): Map<string, PlannedStop> {
  const travel = routed ?? ((a: LatLng, b: LatLng) => estimateTravelMinutes(a, b, mode));
  const open = visits.filter((entry) => !isFinal(entry.visit.status));
  const stops = open.map(toRouteStop).filter((stop): stop is RouteStop => stop !== null);
  if (stops.length === 0) return new Map();

  // A visit under way is where the therapist is; the plan starts when it ends.
  const current = open.find((entry) => entry.visit.status === 'arrived' || entry.visit.status === 'in_session');
  let origin: LatLng;
  let departAt: number;
  if (nowMinutes === null) {
    origin = homeBase;
    departAt = stops[0]!.windowStart - travel(homeBase, stops[0]!);
  } else {
    const lastDone = [...visits].reverse().find((entry) => isFinal(entry.visit.status) && entry.client);
    origin = here ?? (lastDone?.client ? { lat: lastDone.client.address.lat, lng: lastDone.client.address.lng } : homeBase);
    departAt = nowMinutes;
  }
  const plan = planRoute(stops, origin, departAt, travel);
  if (current && nowMinutes !== null) {
    // The session under way ends at its planned length from its start, not "now".
    const startedAt = current.visit.statusTimes.in_session ?? current.visit.statusTimes.arrived;
    const started = startedAt ? minutesOfDay(new Date(startedAt)) : nowMinutes;
    const first = plan[0];
    if (first && first.id === current.visit.id) {
      const end = Math.max(nowMinutes, started + current.visit.durationMin);
      const rest = planRoute(stops.slice(1), stops[0]!, end, travel);
      return new Map([[first.id, { ...first, arrival: started, start: started, end, travelMin: 0, waitMin: 0, late: false }], ...rest.map((stop) => [stop.id, stop] as const)]);
    }
  }
  return new Map(plan.map((stop) => [stop.id, stop]));
}

export function minutesOfDay(date: Date): number {
  return date.getHours() * 60 + date.getMinutes();
}
