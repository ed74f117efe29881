import { IntakeSchema } from '../../shared/domain/intake';
import type { Amendment, Intake, Receipt, SessionRecord } from '../../shared/domain';
import type { RecordCodec } from './codec';
import type { Db } from './db';
import { laterSchema } from './later-schemas';
import { openRecord, openRecords } from './read-record';

/** Read side of a client's file: intakes (versioned), session records, amendments. */
export function createClinicalRepo(db: Db, codec: RecordCodec) {
  return {
    async intakesOf(clientId: string): Promise<Intake[]> {
      const intakes = await openRecords(codec, 'intake', await db.getAllFromIndex('intake', 'by-client', clientId), IntakeSchema);
      return intakes.sort((a, b) => a.version - b.version);
    },

    /** The visit's session record with, per field, the HLC of the value shown (an editor's base). */
    async recordForVisit(visitId: string): Promise<{ record: SessionRecord; clocks: Record<string, string> } | null> {
      const [stored] = await db.getAllFromIndex('sessionRecord', 'by-visit', visitId);
      const record = stored ? await openRecord(codec, 'sessionRecord', stored, await laterSchema('sessionRecord')) : null;
      return stored && record ? { record, clocks: stored.hlc } : null;
    },

    /** The client's session records, newest first. */
    async recordsOf(clientId: string): Promise<SessionRecord[]> {
      const records = await openRecords(codec, 'sessionRecord', await db.getAllFromIndex('sessionRecord', 'by-client', clientId), await laterSchema('sessionRecord'));
      return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    async receiptForVisit(visitId: string): Promise<Receipt | null> {
      const [stored] = await db.getAllFromIndex('receipt', 'by-visit', visitId);
      return stored ? openRecord(codec, 'receipt', stored, await laterSchema('receipt')) : null;
    },

    async amendmentsOf(recordId: string): Promise<Amendment[]> {
      const amendments = await openRecords(codec, 'amendment', await db.getAllFromIndex('amendment', 'by-record', recordId), await laterSchema('amendment'));
      return amendments.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  };
}
export type ClinicalRepo = ReturnType<typeof createClinicalRepo>;
