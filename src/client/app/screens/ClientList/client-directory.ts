import { clientFullName, type CalendarDate, type Client, type Locale, type Visit } from '../../../../shared/domain';
import { clientSearchKey, matchesClient, parseClientQuery, type ClientSearchKey } from './client-search';

/** One line of the client list. */
export interface DirectoryEntry {
  client: Client;
  name: string;
  key: ClientSearchKey;
  /** The first visit from today on, if the device holds one. */
  next: CalendarDate | null;
  /** The latest visit before today, if the device holds one. */
  last: CalendarDate | null;
}

// A cancelled visit or a no-show is neither where the therapist is going nor where they last treated the client.
const NOT_GIVEN = new Set<Visit['status']>(['cancelled', 'no_show']);

/**
 * Every client on the device with its next and last visit, sorted by last name
 * then first name as the therapist's language collates them (Côté with the C,
 * Émilie with the E), ready to search.
 */
export function clientDirectory(clients: Client[], visits: Visit[], today: CalendarDate, locale: Locale): DirectoryEntry[] {
  const dates = new Map<string, { next: CalendarDate | null; last: CalendarDate | null }>();
  for (const visit of visits) {
    if (NOT_GIVEN.has(visit.status)) continue;
    const seen = dates.get(visit.clientId) ?? { next: null, last: null };
    if (visit.date >= today) {
      if (seen.next === null || visit.date < seen.next) seen.next = visit.date;
    } else if (seen.last === null || visit.date > seen.last) {
      seen.last = visit.date;
    }
    dates.set(visit.clientId, seen);
  }
  const collator = new Intl.Collator(locale === 'fr' ? 'fr-CA' : 'en-CA', { sensitivity: 'base', numeric: true });
  return clients
    .map((client) => ({ client, name: clientFullName(client), key: clientSearchKey(client), next: null, last: null, ...dates.get(client.id) }))
    .sort((a, b) => collator.compare(a.client.lastName, b.client.lastName) || collator.compare(a.client.firstName, b.client.firstName) || a.client.id.localeCompare(b.client.id));
}

/** The entries a search finds, in the directory's order. */
export function searchDirectory(entries: DirectoryEntry[], search: string): DirectoryEntry[] {
  const query = parseClientQuery(search);
  if (query.words.length === 0 && query.digits === null) return entries;
  return entries.filter((entry) => matchesClient(entry.key, query));
}
