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
import { workspaceCodec } from '../../../src/client/state/device-codec';
import type { SessionRecord } from '../../../src/shared/domain';

export interface NoteEdit {
  recordId: string;
  field: 'subjective' | 'objective' | 'assessment' | 'plan' | 'clientResponse' | 'homeCare';
  text: string;
}

async function writeSessionNotes(therapistId: string, edits: NoteEdit[]): Promise<{ queued: number }> {
  const db = await openTherapistDb(therapistId);
  try {
    const clock = tabClock(await ensureDeviceId(db));
    // The app's codec: plain, or AES-GCM with the key BENCH_CODEC=aes handed to every page.
    const codec = await workspaceCodec();
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
