import type { RouteStop } from '../travel';

/** mulberry32: a small seeded generator, so every random case can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Homes across Montreal and Laval; windows loose or tight at random; the office's order is by window. */
export function randomDay(seed: number, count: number): RouteStop[] {
  const random = seededRandom(seed);
  const stops = Array.from({ length: count }, (_, i) => {
    const start = 8 * 60 + Math.floor(random() * 9 * 60);
    const width = random() < 0.3 ? 30 : 60 + Math.floor(random() * 240);
    return {
      id: `s${i}`,
      lat: 45.42 + random() * 0.2,
      lng: -73.8 + random() * 0.3,
      windowStart: start,
      windowEnd: start + width,
      durationMin: [60, 75, 90][Math.floor(random() * 3)]!,
    };
  });
  return stops.sort((a, b) => a.windowStart - b.windowStart);
}
