import { signal } from '@preact/signals';

/** The current time, refreshed every 30 s: ETAs and the safety check follow it. */
export const now = signal(new Date());
setInterval(() => (now.value = new Date()), 30_000);
