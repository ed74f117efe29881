/** Web Mercator tile arithmetic, as Leaflet and every slippy map use it. */
export interface TileId {
  z: number;
  x: number;
  y: number;
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export function tileOf(lat: number, lng: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** The tiles covering `bounds` at each zoom, coarse zooms first, stopping at `cap` tiles. */
export function tilesForBounds(bounds: Bounds, zooms: number[], cap: number): TileId[] {
  const tiles: TileId[] = [];
  for (const z of [...zooms].sort((a, b) => a - b)) {
    const topLeft = tileOf(bounds.north, bounds.west, z);
    const bottomRight = tileOf(bounds.south, bounds.east, z);
    for (let x = topLeft.x; x <= bottomRight.x; x++) {
      for (let y = topLeft.y; y <= bottomRight.y; y++) {
        if (tiles.length >= cap) return tiles;
        tiles.push({ z, x, y });
      }
    }
  }
  return tiles;
}

/** Fills a Leaflet-style URL template ({s}, {z}, {x}, {y}, {r}). */
export function tileUrl(template: string, { z, x, y }: TileId): string {
  return template
    .replace('{s}', 'a')
    .replace('{z}', String(z))
    .replace('{x}', String(x))
    .replace('{y}', String(y))
    .replace('{r}', '');
}

/** The stops' bounding box, padded so the streets around each home are included. */
export function paddedBounds(points: { lat: number; lng: number }[], padDegrees = 0.01): Bounds | null {
  if (points.length === 0) return null;
  const lats = points.map((point) => point.lat);
  const lngs = points.map((point) => point.lng);
  return {
    south: Math.min(...lats) - padDegrees,
    north: Math.max(...lats) + padDegrees,
    west: Math.min(...lngs) - padDegrees,
    east: Math.max(...lngs) + padDegrees,
  };
}
