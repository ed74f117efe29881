import { describe, expect, it } from 'vitest';
import { paddedBounds, tileOf, tilesForBounds, tileUrl } from './tiles';

describe('map tiles', () => {
  it('finds the tile whose bounds contain the point, at every zoom', () => {
    // The inverse: a tile's north-west corner, as the OSM wiki gives it.
    const corner = (x: number, y: number, z: number) => ({
      lng: (x / 2 ** z) * 360 - 180,
      lat: (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI,
    });
    for (const [lat, lng] of [[45.5236, -73.5838], [45.4609, -73.5693], [45.5604, -73.7112]] as const) {
      for (const z of [1, 8, 12, 15, 18]) {
        const { x, y } = tileOf(lat, lng, z);
        const northWest = corner(x, y, z);
        const southEast = corner(x + 1, y + 1, z);
        expect(lng).toBeGreaterThanOrEqual(northWest.lng);
        expect(lng).toBeLessThan(southEast.lng);
        expect(lat).toBeLessThanOrEqual(northWest.lat);
        expect(lat).toBeGreaterThan(southEast.lat);
      }
    }
    expect(tileOf(0, 0, 1)).toEqual({ x: 1, y: 1 });
  });

  it('covers a day across the island at a few zooms, within a cap', () => {
    const bounds = paddedBounds([
      { lat: 45.4609, lng: -73.5693 },
      { lat: 45.5604, lng: -73.7112 },
    ])!;
    const all = tilesForBounds(bounds, [12, 13, 14], 10_000);
    expect(all.filter((tile) => tile.z === 12).length).toBeGreaterThan(0);
    expect(all.filter((tile) => tile.z === 14).length).toBeGreaterThan(all.filter((tile) => tile.z === 13).length);
    const capped = tilesForBounds(bounds, [14, 12, 13], 10);
    expect(capped).toHaveLength(10);
    expect(capped[0]!.z).toBe(12);
  });

  it('fills the URL template', () => {
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}{r}.png', { z: 12, x: 1210, y: 1466 })).toBe('https://a.tile.example/12/1210/1466.png');
  });
});
