import { signal } from '@preact/signals';
import type { LatLng } from '../../shared/domain';

/** The therapist's last known position, once they have agreed to share it. */
export const position = signal<(LatLng & { at: number }) | null>(null);
export const positionError = signal<string | null>(null);
let watchId: number | null = null;

/** Starts following the position; asked only after the therapist taps a button, never on load. */
export function followPosition(): void {
  if (watchId !== null || !('geolocation' in navigator)) return;
  watchId = navigator.geolocation.watchPosition(
    (fix) => {
      position.value = { lat: fix.coords.latitude, lng: fix.coords.longitude, at: fix.timestamp };
      positionError.value = null;
    },
    (error) => (positionError.value = error.message),
    { enableHighAccuracy: false, maximumAge: 60_000, timeout: 20_000 },
  );
}

/** If permission was already given on an earlier day, follow without asking again. */
export async function resumePositionIfAllowed(): Promise<void> {
  const status = await navigator.permissions?.query({ name: 'geolocation' }).catch(() => null);
  if (status?.state === 'granted') followPosition();
}
