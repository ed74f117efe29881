/**
 * `text` cut to at most `max` characters, marked where it was cut. Messages
 * built from what a client sent (valibot quotes a bad string in full) must
 * not grow with it: they are answered, and refusals are kept in the log.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 40)}… (${text.length - max + 40} more characters)`;
}
