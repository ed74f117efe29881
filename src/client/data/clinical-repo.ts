import type { Amendment, Intake, Receipt, SessionRecord } from '../../shared/domain';
import type { RecordCodec } from './codec';
import type { Db } from './db';

/** Read side of a client's file: intakes (versioned), session records, amendments. */
export function createClinicalRepo(db: Db, codec: RecordCodec) {
  return {
    async intakesOf(clientId: string): Promise<Intake[]> {
      const stored = await db.getAllFromIndex('intake', 'by-client', clientId);
      const intakes = await Promise.all(stored.map((record) => codec.open('intake', record.fields)));
      return intakes.sort((a, b) => a.version - b.version);
    },

    async recordForVisit(visitId: string): Promise<SessionRecord | null> {
      const [stored] = await db.getAllFromIndex('sessionRecord', 'by-visit', visitId);
      return stored ? codec.open('sessionRecord', stored.fields) : null;
    },

    /** The client's session records, newest first. */
    async recordsOf(clientId: string): Promise<SessionRecord[]> {
      const stored = await db.getAllFromIndex('sessionRecord', 'by-client', clientId);
      const records = await Promise.all(stored.map((record) => codec.open('sessionRecord', record.fields)));
      return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    async receiptForVisit(visitId: string): Promise<Receipt | null> {
      const [stored] = await db.getAllFromIndex('receipt', 'by-visit', visitId);
      return stored ? codec.open('receipt', stored.fields) : null;
    },

    async amendmentsOf(recordId: string): Promise<Amendment[]> {
      const stored = await db.getAllFromIndex('amendment', 'by-record', recordId);
      const amendments = await Promise.all(stored.map((record) => codec.open('amendment', record.fields)));
      return amendments.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  };
}
export type ClinicalRepo = ReturnType<typeof createClinicalRepo>;
