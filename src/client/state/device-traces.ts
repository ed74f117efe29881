import { signal } from '@preact/signals';
import { WIPE_REASONS, type WipeReason } from '../../shared/api';
import { PENDING_SIGN_OUTS_KEY } from './pending-sign-out';

/**
 * What the app keeps outside IndexedDB and survives a sign-out or a remote
 * wipe: this phone's preferences (language, theme, text size, road settings,
 * the map's configuration) and the sign-outs still to send. Nothing in it is
 * about a client or a session's content.
 */
const KEPT_KEYS = new Set(['tournee.locale', 'tournee.theme', 'tournee.textSize', 'tournee.road', 'tournee.config', PENDING_SIGN_OUTS_KEY]);

/** Why this device's data was last removed by the server's order; shown on the sign-in screen until the next sign-in. */
const WIPE_NOTICE_KEY = 'tournee.wiped';

function readNotice(): WipeReason | null {
  const stored = localStorage.getItem(WIPE_NOTICE_KEY);
  return (WIPE_REASONS as readonly string[]).includes(stored ?? '') ? (stored as WipeReason) : null;
}

export const wipeNotice = signal<WipeReason | null>(readNotice());

/** Records why the data was removed, for the sign-in screen. */
export function noteWipe(reason: WipeReason): void {
  localStorage.setItem(WIPE_NOTICE_KEY, reason);
  wipeNotice.value = reason;
}

/** The therapist signed in again: the notice has been read. */
export function clearWipeNotice(): void {
  localStorage.removeItem(WIPE_NOTICE_KEY);
  wipeNotice.value = null;
}

/**
 * Removes what a signed-in therapist leaves in the page's storage: the app's
 * localStorage entries (but the preferences above) and its sessionStorage.
 * Cache Storage and the database go with wipeTherapistData (data/wipe-data.ts).
 */
export function clearDeviceTraces(): void {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('tournee.') && !KEPT_KEYS.has(key) && key !== WIPE_NOTICE_KEY) localStorage.removeItem(key);
  }
  sessionStorage.clear();
}
