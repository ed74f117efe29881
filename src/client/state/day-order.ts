import { signal } from '@preact/signals';
import type { DayVisit } from '../data/visits-repo';

/**
 * The therapist's own order for a day, when they accepted a suggested one.
 * Kept on this device only: the office's order stays the plan everyone else
 * sees, and the default.
 */
const key = (date: string) => `tournee.order.${date}`;
const changed = signal(0);

export function ownOrder(date: string): string[] | null {
  void changed.value;
  try {
    const ids = JSON.parse(localStorage.getItem(key(date)) ?? 'null') as unknown;
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : null;
  } catch {
    return null;
  }
}

export function setOwnOrder(date: string, ids: string[] | null): void {
  if (ids) localStorage.setItem(key(date), JSON.stringify(ids));
  else localStorage.removeItem(key(date));
  changed.value++;
}

/** The day's visits in the therapist's order if they chose one, else the office's. */
export function inDayOrder(visits: DayVisit[], order: string[] | null): DayVisit[] {
  if (!order) return visits;
  const rank = new Map(order.map((id, index) => [id, index]));
  return [...visits].sort((a, b) => (rank.get(a.visit.id) ?? Infinity) - (rank.get(b.visit.id) ?? Infinity));
}
