import { describe, expect, it } from 'vitest';
import { routeDay, routedTravel } from './routing';

const A = { lat: 45.5476, lng: -73.5753 };
const B = { lat: 45.5457, lng: -73.6178 };
const C = { lat: 45.5604, lng: -73.7112 };

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

const osrmAnswer = {
  code: 'Ok',
  routes: [{ legs: [{ duration: 540 }, { duration: 1020 }], geometry: { type: 'LineString', coordinates: [[-73.5753, 45.5476], [-73.6, 45.55], [-73.7112, 45.5604]] } }],
};

describe('routing service', () => {
  it('asks an OSRM-compatible service once for the day, then answers from the cache', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify(osrmAnswer), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const storage = memoryStorage();
    const first = await routeDay('https://osrm.example/', '2026-11-24', 'driving', [A, B, C], fakeFetch, storage);
    expect(calls).toEqual(['https://osrm.example/route/v1/driving/-73.5753,45.5476;-73.6178,45.5457;-73.7112,45.5604?overview=full&geometries=geojson&steps=false']);
    expect(first).toEqual({ legsMin: [9, 17], shape: [[45.5476, -73.5753], [45.55, -73.6], [45.5604, -73.7112]] });
    expect(await routeDay('https://osrm.example/', '2026-11-24', 'driving', [A, B, C], fakeFetch, storage)).toEqual(first);
    expect(calls).toHaveLength(1);
  });

  it('falls back to the estimate when the service fails, answers badly, or cannot route the mode', async () => {
    const storage = memoryStorage();
    const failing = (async () => new Response('down', { status: 503 })) as typeof fetch;
    const garbage = (async () => new Response(JSON.stringify({ code: 'NoRoute' }))) as typeof fetch;
    const offline = (async () => Promise.reject(new TypeError('offline'))) as typeof fetch;
    for (const fakeFetch of [failing, garbage, offline]) {
      expect(await routeDay('https://osrm.example', '2026-11-24', 'driving', [A, B], fakeFetch, storage)).toBeNull();
    }
    expect(await routeDay('https://osrm.example', '2026-11-24', 'transit', [A, B], failing, storage)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('uses routed legs between consecutive homes and the estimate anywhere else', () => {
    const travel = routedTravel([A, B, C], { legsMin: [9, 17], shape: [] }, () => 99);
    expect(travel(A, B)).toBe(9);
    expect(travel(B, C)).toBe(17);
    expect(travel(A, C)).toBe(99);
    expect(travel(C, B)).toBe(99);
  });
});
