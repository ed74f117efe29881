import { computed, signal } from '@preact/signals';

export type Route =
  | { name: 'day'; date: string | null }
  | { name: 'visit'; id: string }
  | { name: 'record'; visitId: string }
  | { name: 'receipt'; visitId: string }
  | { name: 'clients' }
  /** `fromVisit`: the client file was opened from that visit, and its back link returns there. */
  | { name: 'client'; clientId: string; fromVisit: string | null }
  | { name: 'intake'; clientId: string; fromVisit: string | null }
  | { name: 'settings' }
  | { name: 'map'; date: string | null }
  | { name: 'not-found' };

const url = signal(new URL(location.href));

export function parseRoute(target: URL): Route {
  const path = target.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') {
    const date = target.searchParams.get('date');
    return { name: 'day', date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null };
  }
  const visit = /^\/visits\/([0-9a-f-]{36})$/.exec(path);
  if (visit) return { name: 'visit', id: visit[1]! };
  const record = /^\/visits\/([0-9a-f-]{36})\/record$/.exec(path);
  if (record) return { name: 'record', visitId: record[1]! };
  const receipt = /^\/visits\/([0-9a-f-]{36})\/receipt$/.exec(path);
  if (receipt) return { name: 'receipt', visitId: receipt[1]! };
  if (path === '/clients') return { name: 'clients' };
  const client = /^\/clients\/([0-9a-f-]{36})(\/intake)?$/.exec(path);
  if (client) {
    const visit = target.searchParams.get('visit');
    const fromVisit = visit && /^[0-9a-f-]{36}$/.test(visit) ? visit : null;
    return { name: client[2] ? 'intake' : 'client', clientId: client[1]!, fromVisit };
  }
  if (path === '/settings') return { name: 'settings' };
  if (path === '/map') {
    const date = target.searchParams.get('date');
    return { name: 'map', date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null };
  }
  return { name: 'not-found' };
}

/** The screen the address bar names. History is the source of truth, so back and forward just work. */
export const route = computed(() => parseRoute(url.value));

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const target = new URL(href, location.href);
  if (options.replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  url.value = target;
}

addEventListener('popstate', () => {
  url.value = new URL(location.href);
});

export function dayHref(date: string | null): string {
  return date ? `/?date=${date}` : '/';
}

export function mapHref(date: string | null): string {
  return date ? `/map?date=${date}` : '/map';
}

/** A client's file, or its intake; opened from a visit, the file's back link returns to that visit. */
export function clientHref(clientId: string, fromVisit: string | null, page: 'file' | 'intake' = 'file'): string {
  const path = page === 'intake' ? `/clients/${clientId}/intake` : `/clients/${clientId}`;
  return fromVisit ? `${path}?visit=${fromVisit}` : path;
}
