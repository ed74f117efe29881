import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { aClient, aTherapist, aVisit } from '../../shared/testing/fixtures';
import { applyPullPage } from '../data/apply-pull';
import { plainCodec } from '../data/codec';
import { deleteTherapistDb, openTherapistDb, type Db } from '../data/db';
import { ensureDeviceId } from '../data/device';
import { writeChanges } from '../data/local-write';
import { keyringStatus } from '../security/keyring-status';
import { LockNeedsSyncError, turnOnLock } from './device-lock';

const therapist = aTherapist();
const visit = aVisit(therapist.id, aClient().id);
const OFFICE_HLC = '2026-01-05T10:00:00.000Z-0000-5e7e700000000000';
let db: Db;

beforeEach(async () => {
  db = await openTherapistDb(therapist.id);
  const hlc = Object.fromEntries(Object.keys(visit).map((key) => [key, OFFICE_HLC]));
  await applyPullPage(
    db,
    {
      protocolVersion: PROTOCOL_VERSION,
      reset: true,
      records: [{ entity: 'visit', id: visit.id, seq: 1, deleted: false, data: visit, hlc }],
      cursor: 'c1',
      hasMore: false,
      window: { from: visit.date, to: visit.date },
    },
    plainCodec,
  );
  vi.stubGlobal('navigator', { onLine: true });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  db.close();
  await deleteTherapistDb(therapist.id);
});

describe('turning the lock on', () => {
  it('is refused while a change waits to be sent, before the password goes anywhere, and changes nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const deviceId = await ensureDeviceId(db);
    await writeChanges(db, plainCodec, { node: 'aaaaaaaaaaaa0001', now: () => Date.parse(`${visit.date}T14:00:00Z`) }, [
      { entity: 'visit', id: visit.id, fields: { therapistNote: 'Typed offline' } },
    ]);

    await expect(turnOnLock({ therapistId: therapist.id, db, deviceId }, 'massage-demo', '482913')).rejects.toBeInstanceOf(LockNeedsSyncError);
    expect(fetch).not.toHaveBeenCalled();
    // Nothing dropped, no key made: the records stay as they were, with what waits to be sent.
    expect(await keyringStatus(db)).toEqual({ state: 'absent' });
    expect(await db.count('visit')).toBe(1);
    expect(await db.count('outbox')).toBe(1);
  });
});
