import type { LatLng } from './domain/common';
import { routeCost, type RouteStop, type TravelTime } from './travel';

export interface OptimiseInput {
  /** In the office's order. */
  stops: RouteStop[];
  origin: LatLng;
  /** Minutes after midnight. */
  departAt: number;
  travel: TravelTime;
}

export interface OptimiseResult {
  order: string[];
  travelMin: number;
  /** Minutes on the road in the office's order; Infinity if that order misses a window. */
  officeTravelMin: number;
  savedMin: number;
  /** Proven best (exact search), or the best the heuristic found. */
  exact: boolean;
  /** False when no order found keeps every window. */
  feasible: boolean;
}

/** Up to this many stops the search is exact; beyond it, local search. */
export const EXACT_LIMIT = 10;

/**
 * Suggests the order of the day's homes that spends the least time on the
 * road while arriving within every window (early is fine: the therapist
 * waits). It never suggests an order worse than the office's.
 */
export function optimiseRoute(input: OptimiseInput, exactLimit = EXACT_LIMIT): OptimiseResult {
  const { stops, origin, departAt, travel } = input;
  const officeTravelMin = routeCost(stops, origin, departAt, travel);
  const n = stops.length;
  // matrix[i][j]: from point i to stop j, where point 0 is the origin and point k+1 is stop k.
  const points: LatLng[] = [origin, ...stops];
  const matrix = points.map((from) => stops.map((to) => travel(from, to)));

  const best = n <= exactLimit ? exactSearch(stops, matrix, departAt) : localSearch(stops, matrix, departAt);
  const useOffice = !best || best.cost >= officeTravelMin;
  const order = useOffice ? stops.map((stop) => stop.id) : best.order.map((index) => stops[index]!.id);
  const travelMin = useOffice ? officeTravelMin : best.cost;
  return {
    order,
    travelMin,
    officeTravelMin,
    savedMin: Number.isFinite(officeTravelMin) && Number.isFinite(travelMin) ? officeTravelMin - travelMin : 0,
    exact: n <= exactLimit,
    feasible: Number.isFinite(travelMin),
  };
}

type Matrix = number[][];

/** Cost of visiting stops in `order` (indexes); Infinity if a window is missed. */
function costOf(order: number[], stops: RouteStop[], matrix: Matrix, departAt: number): number {
  let point = 0;
  let clock = departAt;
  let cost = 0;
  for (const index of order) {
    const leg = matrix[point]![index]!;
    const arrival = clock + leg;
    const stop = stops[index]!;
    if (arrival > stop.windowEnd) return Infinity;
    cost += leg;
    clock = Math.max(arrival, stop.windowStart) + stop.durationMin;
    point = index + 1;
  }
  return cost;
}

/**
 * Depth-first search over orders with two prunings: a lower bound on the
 * travel still to come, and dominance (a state that reached the same stops,
 * ending at the same one, no later and no costlier, makes this one useless).
 */
function exactSearch(stops: RouteStop[], matrix: Matrix, departAt: number): { order: number[]; cost: number } | null {
  const n = stops.length;
  const cheapestInto = stops.map((_, j) => Math.min(...matrix.map((row, i) => (i === j + 1 ? Infinity : row[j]!))));
  const seen = new Map<number, { time: number; cost: number }[]>();
  let bestCost = Infinity;
  let bestOrder: number[] | null = null;
  const order: number[] = [];

  function visit(mask: number, point: number, clock: number, cost: number, remainingBound: number) {
    if (order.length === n) {
      if (cost < bestCost) {
        bestCost = cost;
        bestOrder = [...order];
      }
      return;
    }
    if (cost + remainingBound >= bestCost) return;
    const key = mask * 32 + point;
    const front = seen.get(key) ?? [];
    if (front.some((state) => state.time <= clock && state.cost <= cost)) return;
    seen.set(key, [...front.filter((state) => !(state.time >= clock && state.cost >= cost)), { time: clock, cost }]);

    for (let next = 0; next < n; next++) {
      if (mask & (1 << next)) continue;
      const stop = stops[next]!;
      const leg = matrix[point]![next]!;
      const arrival = clock + leg;
      if (arrival > stop.windowEnd) continue;
      order.push(next);
      visit(mask | (1 << next), next + 1, Math.max(arrival, stop.windowStart) + stop.durationMin, cost + leg, remainingBound - cheapestInto[next]!);
      order.pop();
    }
  }

  visit(0, 0, departAt, 0, cheapestInto.reduce((sum, value) => sum + value, 0));
  return bestOrder ? { order: bestOrder, cost: bestCost } : null;
}

/**
 * Beyond the exact limit: start from the office's order (or, if that misses a
 * window, from the stops sorted by window), then move single stops and
 * reverse segments while that shortens the road and keeps every window.
 */
function localSearch(stops: RouteStop[], matrix: Matrix, departAt: number): { order: number[]; cost: number } | null {
  const n = stops.length;
  let order = stops.map((_, index) => index);
  let cost = costOf(order, stops, matrix, departAt);
  if (!Number.isFinite(cost)) {
    order = [...order].sort((a, b) => stops[a]!.windowStart - stops[b]!.windowStart || stops[a]!.windowEnd - stops[b]!.windowEnd);
    cost = costOf(order, stops, matrix, departAt);
    if (!Number.isFinite(cost)) return null;
  }
  let improved = true;
  while (improved) {
    improved = false;
    for (let from = 0; from < n && !improved; from++) {
      for (let to = 0; to < n && !improved; to++) {
        if (from === to) continue;
        const moved = [...order];
        const [stop] = moved.splice(from, 1);
        moved.splice(to, 0, stop!);
        const movedCost = costOf(moved, stops, matrix, departAt);
        if (movedCost < cost) [order, cost, improved] = [moved, movedCost, true];
      }
    }
    for (let i = 0; i < n - 1 && !improved; i++) {
      for (let j = i + 1; j < n && !improved; j++) {
        const reversed = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
        const reversedCost = costOf(reversed, stops, matrix, departAt);
        if (reversedCost < cost) [order, cost, improved] = [reversed, reversedCost, true];
      }
    }
  }
  return { order, cost };
}
