import { deleteTherapistDb } from './db';

/**
 * Deletes a therapist's data from this device: the IndexedDB database (its
 * records, outbox, device clock and any key kept there) and every Cache
 * Storage cache but Workbox's precache of the app shell, which holds no
 * personal data (map tiles centred on the day's homes say where clients
 * live). DOM-free: the service worker runs it too, on a remote wipe.
 */
export async function wipeTherapistData(therapistId: string): Promise<void> {
  await deleteTherapistDb(therapistId);
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => !name.startsWith('workbox-precache')).map((name) => caches.delete(name)));
}
