import { signal } from '@preact/signals';

/** What the browser believes. The sync engine's last result says whether the server was reached. */
export const browserOnline = signal(navigator.onLine);
addEventListener('online', () => (browserOnline.value = true));
addEventListener('offline', () => (browserOnline.value = false));
