import { describe, expect, it } from 'vitest';
import { localClockTime, localDay, shiftDate } from './calendar';

describe('calendar days and clock times', () => {
  it('reads a day as its local midnight and a time on a fixed day, as date-fns formats them', () => {
    const day = localDay('2026-03-08');
    expect([day.getFullYear(), day.getMonth(), day.getDate(), day.getHours()]).toEqual([2026, 2, 8, 0]);
    const time = localClockTime('08:05');
    expect([time.getHours(), time.getMinutes()]).toEqual([8, 5]);
  });

  it('shifts days across month ends, leap days and daylight-saving changes', () => {
    expect(shiftDate('2026-03-07', 1)).toBe('2026-03-08');
    expect(shiftDate('2026-03-08', 1)).toBe('2026-03-09');
    expect(shiftDate('2026-11-01', -1)).toBe('2026-10-31');
    expect(shiftDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDate('2026-12-31', 14)).toBe('2027-01-14');
  });
});
