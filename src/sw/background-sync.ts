import { announceChange } from '../client/data/changes';
import { lockedCodec, plainCodec } from '../client/data/codec';
import { getMeta, openTherapistDb } from '../client/data/db';
import { ensureDeviceId } from '../client/data/device';
import { wipeTherapistData } from '../client/data/wipe-data';
import { BACKGROUND_SYNC_TAG_PREFIX, SYNC_LOCK_NAME, pushAll } from '../client/sync/push';

/**
 * Sends a therapist's outbox from the service worker, with the same code the
 * page uses, so changes leave the phone even if the app was closed in a
 * basement. Not Workbox's request queue: it drops entries after 7 days and
 * treats a 500 as done. A throw tells the browser to try again later.
 */
export async function drainOutbox(tag: string, locks: LockManager | undefined): Promise<void> {
  if (!tag.startsWith(BACKGROUND_SYNC_TAG_PREFIX)) return;
  const therapistId = tag.slice(BACKGROUND_SYNC_TAG_PREFIX.length);
  const db = await openTherapistDb(therapistId);
  let wipe = false;
  try {
    const deviceId = await ensureDeviceId(db);
    // The worker never has the data key: with the lock on, it sends what is sealed to the server
    // and writes nothing back that would need the key (push.ts leaves such restores to the page).
    const codec = (await getMeta(db, 'keyring')) ? lockedCodec : plainCodec;
    const send = async () => {
      const summary = await pushAll(db, codec, deviceId);
      if (summary.applied + summary.rejected > 0) announceChange({ entities: summary.entities, outbox: 'drained' });
      // Remote wipe: everything was sent (pushAll drains the outbox or throws), so the data can go now,
      // even if the app is never opened again. The page signs out and says why at its next start.
      wipe = summary.wipe !== undefined && (await db.count('outbox')) === 0;
    };
    // Wait for a tab that is syncing rather than race it.
    if (locks) await locks.request(SYNC_LOCK_NAME, send);
    else await send();
  } finally {
    db.close();
  }
  if (wipe) await wipeTherapistData(therapistId);
}
