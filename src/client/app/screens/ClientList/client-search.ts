import type { Client } from '../../../../shared/domain';

/** What the search reads of one client, worked out once per load so that a keystroke only compares strings. */
export interface ClientSearchKey {
  /** Name, street and neighbourhood, folded (see foldText). */
  text: string;
  /** The phone number's digits, without the North American country code. */
  phoneDigits: string;
}

/** A search as typed, worked out once per keystroke. */
export interface ClientQuery {
  /** Folded words; a client matches when every one appears in its text. */
  words: string[];
  /** The digits, when the search reads as (part of) a phone number; else null. */
  digits: string | null;
}

// Letters that Unicode does not decompose into a base letter and an accent.
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/**
 * Text as a search compares it: lower case, accents dropped, apostrophes
 * dropped (O’Brien, obrien), other punctuation as spaces (Marie-Ève, marie eve).
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[œæßøłđ]/g, (letter) => LIGATURES[letter] ?? letter)
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** 1 514 555-0142 and 514-555-0142 are the same number. */
function phoneDigitsOf(text: string): string {
  const digits = text.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

// A search made of digits and what people put between them: "514 555", "(514) 555-01", "+1 514".
const PHONE_LIKE = /^[\d\s().+-]+$/;
// Fewer digits than this would find a phone number in nearly everyone; they still match street numbers.
const MIN_PHONE_DIGITS = 3;

export function clientSearchKey(client: Pick<Client, 'firstName' | 'lastName' | 'phone' | 'address'>): ClientSearchKey {
  return {
    text: foldText(`${client.firstName} ${client.lastName} ${client.address.street} ${client.address.neighbourhood}`),
    phoneDigits: phoneDigitsOf(client.phone),
  };
}

export function parseClientQuery(search: string): ClientQuery {
  const trimmed = search.trim();
  const digits = PHONE_LIKE.test(trimmed) ? phoneDigitsOf(trimmed) : '';
  return { words: foldText(trimmed).split(' ').filter(Boolean), digits: digits.length >= MIN_PHONE_DIGITS ? digits : null };
}

/**
 * Whether a client answers a search: every word found in the name, street or
 * neighbourhood (accents and case forgiven, in any order), or the digits found
 * in the phone number whatever its formatting. An empty search matches everyone.
 */
export function matchesClient(key: ClientSearchKey, query: ClientQuery): boolean {
  if (query.digits !== null && key.phoneDigits.includes(query.digits)) return true;
  return query.words.every((word) => key.text.includes(word));
}
