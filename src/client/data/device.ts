import { deviceTabNode } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { meta, readwrite, type Db } from './db';
import type { DeviceClock } from './local-write';

/** This device's identity in the sync protocol, made once and kept in the therapist's database. */
export async function ensureDeviceId(db: Db, proposed?: string): Promise<string> {
  const made = proposed ?? uuidv7();
  return readwrite(db, ['meta'], async (tx) => {
    const existing = await meta(tx).get('deviceId');
    if (existing) return existing;
    await meta(tx).put('deviceId', made);
    return made;
  });
}

/**
 * This running copy's clock: its own HLC node (12 hex of the device, 4 of
 * this tab), the physical clock, and nothing else. The device's newest stamp
 * lives in IndexedDB and is read and advanced inside each write transaction,
 * so tabs, the service worker and a restarted app share one clock.
 */
export function tabClock(deviceId: string, now: () => number = Date.now): DeviceClock {
  const tabSalt = crypto.getRandomValues(new Uint16Array(1))[0]!;
  return { node: deviceTabNode(deviceId, tabSalt), now };
}
