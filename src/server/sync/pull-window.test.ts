import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pullWindow } from './pull-window';

describe('pull window', () => {
  it('is yesterday to two weeks ahead, in Montreal time, not UTC', () => {
    // 02:30 UTC on the 25th is still the evening of the 24th in Montreal.
    expect(pullWindow(new Date('2026-11-25T02:30:00Z'))).toEqual({ from: '2026-11-23', to: '2026-12-08' });
    expect(pullWindow(new Date('2026-11-25T06:00:00Z'))).toEqual({ from: '2026-11-24', to: '2026-12-09' });
  });

  it('crosses a month and a daylight-saving change without losing a day', () => {
    expect(pullWindow(new Date('2026-10-31T15:00:00Z'))).toEqual({ from: '2026-10-30', to: '2026-11-14' });
  });

  it('round-trips cursors and rejects anything else', () => {
    const window = { from: '2026-11-23', to: '2026-12-08' };
    expect(decodeCursor(encodeCursor(42, window))).toEqual({ seq: 42, window });
    for (const bad of ['', '42', 'c1.x.2026-11-23.2026-12-08', 'c2.1.2026-11-23.2026-12-08', 'c1.1.2026-11-23']) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
