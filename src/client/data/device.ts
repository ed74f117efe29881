import { createHlcClock, deviceTabNode, type HlcClock } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import type { Db } from './db';

/** This device's identity in the sync protocol, made once and kept in the therapist's database. */
export async function ensureDeviceId(db: Db): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  let deviceId = (await tx.store.get('deviceId')) as string | undefined;
  if (!deviceId) {
    deviceId = uuidv7();
    await tx.store.put(deviceId, 'deviceId');
  }
  await tx.done;
  return deviceId;
}

/** This tab's clock, resuming after the newest timestamp the device has recorded. */
export async function openDeviceClock(db: Db, deviceId: string): Promise<HlcClock> {
  const last = (await db.get('meta', 'lastHlc')) as string | undefined;
  const tabSalt = crypto.getRandomValues(new Uint16Array(1))[0]!;
  return createHlcClock(deviceTabNode(deviceId, tabSalt), { last });
}
