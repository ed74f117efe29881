import { signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { localDateOf } from '../../../../shared/calendar';
import { clientCatalogs } from '../../../i18n/client-messages';
import { formatDayShort } from '../../../i18n/format';
import { locale } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { clientDirectory, searchDirectory, type DirectoryEntry } from './client-directory';
import '../../later-screens.css';
import './client-list.css';

// Kept outside the screen: back from a client's file, the list shows the same search.
const search = signal('');

/** Every client on this device, searched by name, phone or street, each opening the client's file. Works offline: it reads only the device. */
export function ClientList({ workspace }: { workspace: Workspace }) {
  const lang = locale.value;
  const m = clientCatalogs[lang].list;
  const heading = useScreenFocus<HTMLHeadingElement>('clients');
  const data = useLiveQuery(() => workspace.visits.clientsAndVisits(), [workspace], ['client', 'visit']).data.value;
  const today = localDateOf(new Date());
  // Folding names and sorting happen once per load; a keystroke only filters.
  const directory = useMemo(() => (data ? clientDirectory(data.clients, data.visits, today, lang) : null), [data, today, lang]);
  const typed = search.value;
  const found = useMemo(() => (directory ? searchDirectory(directory, typed) : []), [directory, typed]);
  if (!directory) return null;

  const searching = typed.trim() !== '';
  const visitLine = (entry: DirectoryEntry) => {
    if (entry.next === today) return m.today;
    if (entry.next) return m.next(formatDayShort(entry.next, lang));
    if (entry.last) return m.last(formatDayShort(entry.last, lang));
    return null;
  };
  return (
    <section class="client-list" aria-labelledby="clients-title">
      <h1 id="clients-title" ref={heading} tabIndex={-1}>
        {m.title}
      </h1>
      {directory.length === 0 ? (
        <p class="empty">{m.empty}</p>
      ) : (
        <>
          <label class="field client-list__search">
            <span>{m.search}</span>
            <input
              type="search"
              value={typed}
              autocomplete="off"
              autocapitalize="off"
              spellcheck={false}
              enterkeyhint="search"
              onInput={(event) => (search.value = event.currentTarget.value)}
            />
          </label>
          {/* One live region for the count and for "no match", so a screen reader hears each search's outcome. */}
          <p class={found.length === 0 ? 'empty' : 'muted client-list__count'} role="status">
            {!searching ? m.total(directory.length) : found.length === 0 ? m.noMatch(typed.trim()) : m.found(found.length, directory.length)}
          </p>
          {found.length > 0 && (
            <ul class="client-list__items" aria-label={m.listLabel}>
              {found.map((entry) => {
                const when = visitLine(entry);
                return (
                  <li key={entry.client.id}>
                    <Link class="client-row" href={`/clients/${entry.client.id}`}>
                      <strong class="client-row__name">{entry.name}</strong>
                      <span class="client-row__detail">
                        {[when, entry.client.address.neighbourhood].filter(Boolean).join(' · ')}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
