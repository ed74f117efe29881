import { ClientSchema, TherapistSchema, VisitSchema } from '../../shared/domain';
import { compareVisits, type Client, type Therapist, type Visit } from '../../shared/domain';
import type { RecordCodec } from './codec';
import type { Db } from './db';
import { openRecord, openRecords } from './read-record';

export interface DayVisit {
  visit: Visit;
  /** Per field of the visit, the HLC of the value shown: an editor's edits start from it. */
  clocks: Record<string, string>;
  /** Null only if the client's record has not arrived yet. */
  client: Client | null;
}

/** Read side of the day: what the screens show, opened through the codec and checked against the schemas. */
export function createVisitsRepo(db: Db, codec: RecordCodec) {
  async function withClients(visits: { visit: Visit; clocks: Record<string, string> }[]): Promise<DayVisit[]> {
    const tx = db.transaction('client');
    const stored = await Promise.all(visits.map(({ visit }) => tx.store.get(visit.clientId)));
    await tx.done;
    const clients = await Promise.all(stored.map((record) => (record ? openRecord(codec, 'client', record, ClientSchema) : null)));
    return visits.map((entry, index) => ({ ...entry, client: clients[index] ?? null }));
  }

  return {
    /** The visits of one day, in the office's route order. */
    async visitsOn(date: string): Promise<DayVisit[]> {
      const stored = await db.getAllFromIndex('visit', 'by-date', date);
      const clocks = new Map(stored.map((record) => [record.id, record.hlc]));
      const visits = (await openRecords(codec, 'visit', stored, VisitSchema)).sort(compareVisits);
      return withClients(visits.map((visit) => ({ visit, clocks: clocks.get(visit.id) ?? {} })));
    },

    async visitById(id: string): Promise<DayVisit | null> {
      const stored = await db.get('visit', id);
      const visit = stored ? await openRecord(codec, 'visit', stored, VisitSchema) : null;
      if (!stored || !visit) return null;
      const [found] = await withClients([{ visit, clocks: stored.hlc }]);
      return found ?? null;
    },

    async clientById(id: string): Promise<Client | null> {
      const stored = await db.get('client', id);
      return stored ? openRecord(codec, 'client', stored, ClientSchema) : null;
    },

    /** Every client on this device and every visit it holds (the client list reads them all, then searches in memory). */
    async clientsAndVisits(): Promise<{ clients: Client[]; visits: Visit[] }> {
      const [clients, visits] = await Promise.all([db.getAll('client'), db.getAll('visit')]);
      const [openedClients, openedVisits] = await Promise.all([openRecords(codec, 'client', clients, ClientSchema), openRecords(codec, 'visit', visits, VisitSchema)]);
      return { clients: openedClients, visits: openedVisits };
    },

    async therapist(id: string): Promise<Therapist | null> {
      const stored = await db.get('therapist', id);
      return stored ? openRecord(codec, 'therapist', stored, TherapistSchema) : null;
    },
  };
}
export type VisitsRepo = ReturnType<typeof createVisitsRepo>;
