import { describe, expect, it } from 'vitest';
import { demoProgressAt } from './demo-day';

describe('the demo round at DEMO_NOW', () => {
  // 10:30 in Montreal on a Tuesday in November (UTC−5).
  const at = new Date('2026-11-24T15:30:00Z');

  it('completes the visits finished by then, with the times of each step', () => {
    expect(demoProgressAt('2026-11-24', { start: '08:30', durationMin: 60 }, at)).toEqual({
      status: 'completed',
      statusTimes: {
        en_route: '2026-11-24T13:05:00.000Z',
        arrived: '2026-11-24T13:35:00.000Z',
        in_session: '2026-11-24T13:40:00.000Z',
        completed: '2026-11-24T14:40:00.000Z',
      },
    });
  });

  it('puts the visit under way on the table, and leaves later ones and other days scheduled', () => {
    expect(demoProgressAt('2026-11-24', { start: '10:15', durationMin: 75 }, at)).toEqual({
      status: 'in_session',
      statusTimes: { en_route: '2026-11-24T14:50:00.000Z', arrived: '2026-11-24T15:20:00.000Z', in_session: '2026-11-24T15:25:00.000Z' },
    });
    expect(demoProgressAt('2026-11-24', { start: '12:30', durationMin: 60 }, at)).toBeNull();
    expect(demoProgressAt('2026-11-23', { start: '08:30', durationMin: 60 }, at)).toBeNull();
  });
});
