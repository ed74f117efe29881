/**
 * Checks on a JSON body that valibot cannot make: how deep it nests, and
 * whether it names a key that reaches an object's prototype.
 */

/**
 * Deepest nesting of objects and arrays a body may have. The protocol's
 * deepest record (a push, its mutation, its fields, a consent) is 5 deep;
 * an unbounded depth overflows the stack of the recursive code that walks a
 * value (JSON.stringify, valibot), which would be a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach an object's prototype when a value is copied or merged carelessly. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when `text` nests objects or arrays deeper than `max`. One pass over
 * the text before anything is parsed, jumping over strings with indexOf (a
 * push is mostly long strings): refusing a million nested brackets costs one
 * linear scan, not a parse, and a 1 MB push costs about what parsing it does.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false; // an unterminated string: JSON.parse says so
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Where the string opened at `open` ends: the next quote not escaped by an odd run of backslashes; -1 if none. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/**
 * The path (`a.b.0.c`) of the first key named like a prototype in a parsed
 * JSON value, or null. JSON.parse makes `__proto__` an ordinary own key, but
 * any later spread or merge could treat it as the prototype; valibot skips
 * such keys silently, so a value could pass validation with a hidden payload.
 * Call it on a value whose depth is already bounded (it recurses).
 */
export function findPrototypeKey(value: unknown): string | null {
  const path = prototypeKeyPath(value);
  return path ? path.join('.') : null;
}

/** The path is built only on the way back from a find, so a clean body allocates nothing. */
function prototypeKeyPath(value: unknown): string[] | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = prototypeKeyPath(value[i]);
      if (found) return [String(i), ...found];
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return [key];
    const found = prototypeKeyPath((value as Record<string, unknown>)[key]);
    if (found) return [key, ...found];
  }
  return null;
}
