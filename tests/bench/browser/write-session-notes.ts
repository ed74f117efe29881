/**
 * Runs in the benchmark's Chromium page, bundled on its own from the app's
 * sources: session-record notes saved through the app's one write path
 * (writeChanges: record, outbox entry, counters and clock in one IndexedDB
 * transaction), one save after the other as the editor's autosave does.
 * The app itself is not running on the page, so nothing is pushed until it
 * opens.
 */
import { openTherapistDb } from '../../../src/client/data/db';
import { ensureDeviceId, tabClock } from '../../../src/client/data/device';
import { writeChanges } from '../../../src/client/data/local-write';
import { createAesCodec } from '../../../src/client/data/aes-codec';
import { plainCodec } from '../../../src/client/data/codec';
import { unlockWithPin } from '../../../src/client/security/keyring';
import type { SessionRecord } from '../../../src/shared/domain';

export interface NoteEdit {
  recordId: string;
  field: 'subjective' | 'objective' | 'assessment' | 'plan' | 'clientResponse' | 'homeCare';
  text: string;
}

async function writeSessionNotes(therapistId: string, edits: NoteEdit[], pin?: string): Promise<{ queued: number }> {
  const db = await openTherapistDb(therapistId);
  try {
    const clock = tabClock(await ensureDeviceId(db));
    // The app's codec: plain while the lock is off; with it on (BENCH_CODEC=aes), the data key the PIN opens.
    const codec = pin ? createAesCodec(await unlockWithPin(db, pin)) : plainCodec;
    for (const edit of edits) {
      const fields: Partial<SessionRecord> = { [edit.field]: edit.text };
      await writeChanges(db, codec, clock, [{ entity: 'sessionRecord', id: edit.recordId, fields }]);
    }
    return { queued: await db.count('outbox') };
  } finally {
    db.close();
  }
}

(globalThis as unknown as { benchWriteSessionNotes: typeof writeSessionNotes }).benchWriteSessionNotes = writeSessionNotes;
