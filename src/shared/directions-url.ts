import type { DirectionsApp } from './directions';
import type { LatLng, TransportMode } from './domain';

// Apart from directions.ts: only the visit and map screens build these links, and
// what the day view imports from directions.ts travels in its first download.

export interface Destination extends LatLng {
  /** The street address, shown as the pin's label where the app takes one. */
  address: string;
}

const APPLE_FLAG: Record<TransportMode, string> = { driving: 'd', transit: 'r', walking: 'w', bicycling: 'c' };

/**
 * A link that opens turn-by-turn directions in the therapist's app. The
 * coordinates route to the door (an address alone can be geocoded to the
 * wrong building); the address labels the pin where the app allows it.
 * Waze only drives.
 */
export function directionsUrl(app: DirectionsApp, mode: TransportMode, to: Destination): string {
  const ll = `${to.lat.toFixed(6)},${to.lng.toFixed(6)}`;
  const label = encodeURIComponent(to.address);
  switch (app) {
    case 'google':
      return `https://www.google.com/maps/dir/?api=1&destination=${ll}&travelmode=${mode}`;
    case 'apple':
      return `https://maps.apple.com/?daddr=${ll}&dirflg=${APPLE_FLAG[mode]}&q=${label}`;
    case 'waze':
      return `https://waze.com/ul?ll=${ll}&navigate=yes`;
    case 'geo':
      return `geo:${ll}?q=${ll}(${label})`;
  }
}
