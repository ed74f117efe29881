import type * as v from 'valibot';
import type { EntityTypes } from '../../shared/protocol';

/**
 * Entities only the screens after the day view read: session records, amendments,
 * receipts, conflicts (the day view reads visits, clients, the therapist, and
 * intakes for its flag markers: visits-repo.ts, clinical-repo.ts).
 */
export type LaterEntity = 'sessionRecord' | 'amendment' | 'receipt' | 'conflict';

// Their schemas come in one chunk with the first screen that reads them, not in the
// day view's download (they were a thirtieth of it). The service worker
// precaches that chunk like every other, so it loads offline too.
let loading: Promise<typeof import('./later-schemas-table')> | null = null;

/** The schema of a later entity's records, downloaded on first use. */
export async function laterSchema<E extends LaterEntity>(entity: E): Promise<v.GenericSchema<unknown, EntityTypes[E]>> {
  loading ??= import('./later-schemas-table').catch((failure: unknown) => {
    // Offline before the service worker had it: a later read tries again.
    loading = null;
    throw failure;
  });
  return (await loading).LATER_SCHEMAS[entity];
}
