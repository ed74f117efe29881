import { describe, expect, it } from 'vitest';
import { optimiseRoute } from './route-optimiser';
import { randomDay } from './testing/random-day';
import { estimateTravelMinutes, routeCost } from './travel';

const ORIGIN = { lat: 45.5335, lng: -73.6022 };
const travel = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => estimateTravelMinutes(a, b, 'driving');

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('route optimiser', () => {
  it('matches brute force on 200 random days of 3 to 7 stops, and keeps every window', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const stops = randomDay(seed, 3 + (seed % 5)).map((stop) => ({ ...stop, windowEnd: stop.windowEnd + 600 }));
      const departAt = 7 * 60;
      const brute = Math.min(...permutations(stops).map((order) => routeCost(order, ORIGIN, departAt, travel)));
      const result = optimiseRoute({ stops, origin: ORIGIN, departAt, travel });
      const chosen = result.order.map((id) => stops.find((stop) => stop.id === id)!);
      expect(result.travelMin, `seed ${seed}`).toBe(brute);
      expect(routeCost(chosen, ORIGIN, departAt, travel), `seed ${seed}`).toBe(result.travelMin);
      expect(result.exact).toBe(true);
    }
  });

  it('with tight windows, is never worse than brute force and never breaks a window', () => {
    for (let seed = 300; seed < 400; seed++) {
      const stops = randomDay(seed, 6);
      const departAt = 7 * 60;
      const brute = Math.min(...permutations(stops).map((order) => routeCost(order, ORIGIN, departAt, travel)));
      const result = optimiseRoute({ stops, origin: ORIGIN, departAt, travel });
      if (!Number.isFinite(brute)) {
        expect(result.feasible, `seed ${seed}`).toBe(false);
        continue;
      }
      expect(result.travelMin, `seed ${seed}`).toBe(brute);
    }
  });

  it('beyond ten stops, is never worse than the office and keeps every window', () => {
    for (let seed = 500; seed < 530; seed++) {
      const stops = randomDay(seed, 12 + (seed % 9)).map((stop) => ({ ...stop, windowEnd: stop.windowEnd + 600 }));
      const departAt = 7 * 60;
      const office = routeCost(stops, ORIGIN, departAt, travel);
      const result = optimiseRoute({ stops, origin: ORIGIN, departAt, travel });
      expect(result.exact).toBe(false);
      expect(result.travelMin).toBeLessThanOrEqual(office);
      const chosen = result.order.map((id) => stops.find((stop) => stop.id === id)!);
      expect(routeCost(chosen, ORIGIN, departAt, travel)).toBe(result.travelMin);
      expect(new Set(result.order).size).toBe(stops.length);
    }
  });

  it('keeps the office order when it is already the best, and reports no saving', () => {
    const stops = randomDay(42, 1);
    const result = optimiseRoute({ stops, origin: ORIGIN, departAt: 420, travel });
    expect(result.order).toEqual([stops[0]!.id]);
    expect(result.savedMin).toBe(0);
  });
});
