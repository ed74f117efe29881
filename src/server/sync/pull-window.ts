import { calendarDateIn, shiftDate } from '../../shared/calendar';

/** Days a phone holds: yesterday (late notes) to two weeks ahead (planning). */
export const WINDOW_DAYS_BEFORE = 1;
export const WINDOW_DAYS_AFTER = 14;

export interface PullWindow {
  from: string;
  to: string;
}

export function pullWindow(now: Date): PullWindow {
  const today = calendarDateIn(now);
  return { from: shiftDate(today, -WINDOW_DAYS_BEFORE), to: shiftDate(today, WINDOW_DAYS_AFTER) };
}

/**
 * A cursor names a position in the server's sequence AND the window it was
 * computed for. When the day turns, the window moves and the old position no
 * longer describes what the phone holds, so the server starts a fresh snapshot.
 */
const CURSOR_PATTERN = /^c1\.(\d{1,15})\.(\d{4}-\d{2}-\d{2})\.(\d{4}-\d{2}-\d{2})$/;

export function encodeCursor(seq: number, window: PullWindow): string {
  return `c1.${seq}.${window.from}.${window.to}`;
}

export function decodeCursor(cursor: string): { seq: number; window: PullWindow } | null {
  const match = CURSOR_PATTERN.exec(cursor);
  if (!match) return null;
  return { seq: Number(match[1]), window: { from: match[2]!, to: match[3]! } };
}
