import { signal } from '@preact/signals';
import type { SessionRecord } from '../../../../shared/domain';

/** The fields "Start from the last session" copies; the rest start empty or from the visit. */
export const COPIED_FIELDS = ['objective', 'assessment', 'plan', 'techniques', 'pressure', 'products', 'homeCare', 'bodyChart'] as const;
export type CopiedField = (typeof COPIED_FIELDS)[number];

/** The fields a copy actually filled: an empty field in the last session copies nothing to read. */
export function filledBy(from: SessionRecord): CopiedField[] {
  return COPIED_FIELDS.filter((field) => {
    const value = from[field];
    if (value === null) return false;
    if (typeof value === 'string') return value.trim() !== '';
    if (Array.isArray(value)) return value.length > 0;
    return Object.keys(value).length > 0;
  });
}

/** The copied fields still unread once `field` was edited or confirmed. */
export function withConfirmed(unread: readonly CopiedField[], field: string): CopiedField[] {
  return unread.filter((entry) => entry !== field);
}

/**
 * Which copied fields of a record are not yet read, on this device. Kept in
 * localStorage: it is the therapist's reading on this phone, not part of the
 * record, and it survives a reload so that a copied note is never signed
 * unread after the app was closed.
 */
const key = (recordId: string) => `tournee.copied.${recordId}`;
const changed = signal(0);

export function unreadCopies(recordId: string): CopiedField[] {
  void changed.value;
  try {
    const fields = JSON.parse(localStorage.getItem(key(recordId)) ?? '[]') as unknown;
    return Array.isArray(fields) ? (fields.filter((field) => (COPIED_FIELDS as readonly unknown[]).includes(field)) as CopiedField[]) : [];
  } catch {
    return [];
  }
}

export function setUnreadCopies(recordId: string, fields: readonly CopiedField[]): void {
  if (fields.length > 0) localStorage.setItem(key(recordId), JSON.stringify(fields));
  else localStorage.removeItem(key(recordId));
  changed.value++;
}

/** Marks a copied field read: it was edited, or the therapist confirmed it. */
export function confirmCopy(recordId: string, field: string): void {
  const unread = unreadCopies(recordId);
  if (unread.includes(field as CopiedField)) setUnreadCopies(recordId, withConfirmed(unread, field));
}
