import { signal } from '@preact/signals';
import type { Workbox } from 'workbox-window';

/** True when a new version is installed and waiting for the therapist's tap. */
export const updateWaiting = signal(false);
let workbox: Workbox | undefined;

/**
 * Registers the service worker. A new version never takes over by itself: it
 * waits until the therapist taps "update", then the page reloads once, under it.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  // After the first paint, and out of the day view's first download.
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => (updateWaiting.value = true));
  void workbox.register();
  // Check for a new version when the app comes back to the foreground.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox?.update();
  });
}

export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => location.reload());
  workbox.messageSkipWaiting();
}
