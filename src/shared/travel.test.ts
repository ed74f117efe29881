import { describe, expect, it } from 'vitest';
import { estimateTravelMinutes, fromMinutes, haversineKm, planRoute, routeCost, toMinutes, TRAVEL_MODEL, type RouteStop } from './travel';

const ROSEMONT = { lat: 45.5476, lng: -73.5753 };
const PLATEAU = { lat: 45.5236, lng: -73.5838 };
const LAVAL = { lat: 45.5604, lng: -73.7112 };

describe('travel estimates', () => {
  it('measures great-circle distance', () => {
    expect(haversineKm(ROSEMONT, PLATEAU)).toBeCloseTo(2.76, 1);
    expect(haversineKm(ROSEMONT, ROSEMONT)).toBe(0);
  });

  it('stretches distance by the street grid and adds the overhead, per mode', () => {
    const km = haversineKm(ROSEMONT, LAVAL);
    const { speedKmh, detour, overheadMin } = TRAVEL_MODEL.driving;
    expect(estimateTravelMinutes(ROSEMONT, LAVAL, 'driving')).toBe(Math.round(overheadMin + ((km * detour) / speedKmh) * 60));
    const walking = estimateTravelMinutes(ROSEMONT, PLATEAU, 'walking');
    const cycling = estimateTravelMinutes(ROSEMONT, PLATEAU, 'bicycling');
    expect(walking).toBeGreaterThan(cycling);
    expect(walking).toBe(Math.round((2.76 * 1.25) / 4.8 * 60));
    expect(estimateTravelMinutes(PLATEAU, PLATEAU, 'transit')).toBe(0);
  });

  it('converts clock times', () => {
    expect(toMinutes('08:30')).toBe(510);
    expect(fromMinutes(510)).toBe('08:30');
    expect(fromMinutes(1439.6)).toBe('00:00');
  });
});

describe('planning a route', () => {
  const stops: RouteStop[] = [
    { id: 'a', ...PLATEAU, windowStart: toMinutes('09:00'), windowEnd: toMinutes('09:30'), durationMin: 60 },
    { id: 'b', ...LAVAL, windowStart: toMinutes('10:00'), windowEnd: toMinutes('10:15'), durationMin: 60 },
  ];
  const fixed = () => 20;

  it('waits when early, chains sessions, and flags a late arrival', () => {
    const plan = planRoute(stops, ROSEMONT, toMinutes('08:00'), fixed);
    expect(plan[0]).toMatchObject({ arrival: toMinutes('08:20'), start: toMinutes('09:00'), waitMin: 40, end: toMinutes('10:00'), late: false });
    expect(plan[1]).toMatchObject({ arrival: toMinutes('10:20'), late: true });
    expect(routeCost(stops, ROSEMONT, toMinutes('08:00'), fixed)).toBe(Infinity);
    expect(routeCost(stops.slice(0, 1), ROSEMONT, toMinutes('08:00'), fixed)).toBe(20);
  });
});
