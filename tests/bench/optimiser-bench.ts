/**
 * Route optimiser benchmark: for 8, 10, 12 and 20 stops, the time to suggest
 * an order and the minutes of travel it saves over the office's order, on
 * random Montreal/Laval days whose windows are wide enough for several orders.
 */
import { optimiseRoute } from '../../src/shared/route-optimiser';
import { randomDay } from '../../src/shared/testing/random-day';
import { estimateTravelMinutes, routeCost } from '../../src/shared/travel';

const ORIGIN = { lat: 45.5335, lng: -73.6022 };
const travel = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => estimateTravelMinutes(a, b, 'driving');
const DAYS = 20;

console.log(`Route optimiser (driving estimates, ${DAYS} random days each, Node ${process.version}):`);
console.log('  stops   method   median ms   max ms   office min   optimised min   saved');
for (const count of [8, 10, 12, 20]) {
  const times: number[] = [];
  let office = 0;
  let optimised = 0;
  let measured = 0;
  for (let seed = 1; measured < DAYS && seed < 10_000; seed++) {
    // Wide windows, so that the office's order keeps them and there is room to improve;
    // sessions shortened on long days so that every day fits between 7 h and 21 h.
    const stops = randomDay(seed * 97 + count, count).map((stop) => ({
      ...stop,
      windowEnd: stop.windowEnd + 8 * 60,
      durationMin: Math.round((stop.durationMin * Math.min(count, 8)) / count),
    }));
    if (!Number.isFinite(routeCost(stops, ORIGIN, 7 * 60, travel))) continue;
    const started = performance.now();
    const result = optimiseRoute({ stops, origin: ORIGIN, departAt: 7 * 60, travel });
    times.push(performance.now() - started);
    office += result.officeTravelMin;
    optimised += result.travelMin;
    measured += 1;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const method = count <= 10 ? 'exact' : 'local';
  console.log(
    `  ${String(count).padStart(5)}   ${method.padEnd(6)} ${median.toFixed(1).padStart(11)} ${times.at(-1)!.toFixed(1).padStart(8)} ${(office / measured).toFixed(0).padStart(12)} ${(optimised / measured).toFixed(0).padStart(15)}   ${(((office - optimised) / office) * 100).toFixed(0).padStart(3)} %`,
  );
}
