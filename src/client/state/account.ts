import { signal } from '@preact/signals';
import * as v from 'valibot';

/**
 * Who is signed in on this device. Kept in localStorage so that an offline
 * reload knows whose database to open before any network answers: an id and
 * a token that can only end this session, nothing personal (the therapist's
 * name and email are in her database, with the rest).
 */
export interface Account {
  therapistId: string;
  /** Ends this device's session on the server, and nothing else; sent after a sign-out made offline (pending-sign-out.ts). */
  signOutToken?: string;
}

const STORAGE_KEY = 'tournee.account';
const AccountSchema = v.object({ therapistId: v.string(), signOutToken: v.optional(v.string()) });

function readAccount(): Account | null {
  try {
    const result = v.safeParse(AccountSchema, JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

export const account = signal<Account | null>(readAccount());

/** Remembers who signed in on this device (sign-in.ts). */
export function rememberAccount(next: Account): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  account.value = next;
}

/** Forgets the account on this device; the caller has already closed and removed its data. */
export function forgetAccount(): void {
  localStorage.removeItem(STORAGE_KEY);
  account.value = null;
}
