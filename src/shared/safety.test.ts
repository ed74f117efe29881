import { describe, expect, it } from 'vitest';
import { aVisit } from './testing/fixtures';
import { minutesOverdue } from './safety';

const visit = aVisit('0190a6e4-5b1c-7d2e-8f3a-000000000001', '0190a6e4-5b1c-7d2e-8f3a-000000000002', { durationMin: 60 });

describe('safety check-in', () => {
  it('asks only once a session is past its end by the margin', () => {
    const inSession = { ...visit, status: 'in_session' as const, statusTimes: { in_session: '2026-11-24T15:00:00.000Z' } };
    expect(minutesOverdue(inSession, new Date('2026-11-24T16:14:00Z'), 15)).toBe(0);
    expect(minutesOverdue(inSession, new Date('2026-11-24T16:20:00Z'), 15)).toBe(5);
  });

  it('gives an arrived visit time to set up, and ignores visits not under way', () => {
    const arrived = { ...visit, status: 'arrived' as const, statusTimes: { arrived: '2026-11-24T15:00:00.000Z' } };
    expect(minutesOverdue(arrived, new Date('2026-11-24T16:29:00Z'), 15)).toBe(0);
    expect(minutesOverdue(arrived, new Date('2026-11-24T16:40:00Z'), 15)).toBe(10);
    expect(minutesOverdue({ ...visit, status: 'completed' }, new Date('2026-11-25T00:00:00Z'), 15)).toBe(0);
  });
});
