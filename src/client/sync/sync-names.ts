/** One tab, or the service worker, syncs at a time. */
export const SYNC_LOCK_NAME = 'tournee-sync';
/** Background Sync tags name the therapist whose outbox to send: the service worker has no other way to know. */
export const BACKGROUND_SYNC_TAG_PREFIX = 'tournee-push:';
