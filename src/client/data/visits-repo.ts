import { compareVisits, type Client, type Therapist, type Visit } from '../../shared/domain';
import type { RecordCodec } from './codec';
import type { Db } from './db';

export interface DayVisit {
  visit: Visit;
  /** Null only if the client's record has not arrived yet. */
  client: Client | null;
}

/** Read side of the day: what the screens show, opened through the codec. */
export function createVisitsRepo(db: Db, codec: RecordCodec) {
  async function withClients(visits: Visit[]): Promise<DayVisit[]> {
    const tx = db.transaction('client');
    const stored = await Promise.all(visits.map((visit) => tx.store.get(visit.clientId)));
    await tx.done;
    const clients = await Promise.all(stored.map((record) => (record ? codec.open('client', record.fields) : null)));
    return visits.map((visit, index) => ({ visit, client: clients[index] ?? null }));
  }

  return {
    /** The visits of one day, in the office's route order. */
    async visitsOn(date: string): Promise<DayVisit[]> {
      const stored = await db.getAllFromIndex('visit', 'by-date', date);
      const visits = await Promise.all(stored.map((record) => codec.open('visit', record.fields)));
      return withClients(visits.sort(compareVisits));
    },

    async visitById(id: string): Promise<DayVisit | null> {
      const stored = await db.get('visit', id);
      if (!stored) return null;
      const [found] = await withClients([await codec.open('visit', stored.fields)]);
      return found ?? null;
    },

    async clientById(id: string): Promise<Client | null> {
      const stored = await db.get('client', id);
      return stored ? codec.open('client', stored.fields) : null;
    },

    async therapist(id: string): Promise<Therapist | null> {
      const stored = await db.get('therapist', id);
      return stored ? codec.open('therapist', stored.fields) : null;
    },
  };
}
export type VisitsRepo = ReturnType<typeof createVisitsRepo>;
