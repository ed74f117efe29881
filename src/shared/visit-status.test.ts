import { describe, expect, it } from 'vitest';
import { VISIT_STATUSES, type VisitStatus } from './domain';
import { canHappenBy, canTransition, isFinal, nextStep } from './visit-status';

describe('the visit status machine', () => {
  it('walks a visit from scheduled to completed, one big button at a time', () => {
    const walked: VisitStatus[] = ['scheduled'];
    for (let step = nextStep('scheduled'); step; step = nextStep(walked.at(-1)!)) walked.push(step);
    expect(walked).toEqual(['scheduled', 'en_route', 'arrived', 'in_session', 'completed']);
  });

  it('allows no move backward, none out of a final status, and none to itself', () => {
    for (const from of VISIT_STATUSES) {
      for (const to of VISIT_STATUSES) {
        const allowed = canTransition(from, to);
        if (from === to || isFinal(from)) expect(allowed, `${from} -> ${to}`).toBe(false);
      }
    }
    expect(canTransition('arrived', 'en_route')).toBe(false);
    expect(canTransition('in_session', 'scheduled')).toBe(false);
    expect(canTransition('completed', 'cancelled')).toBe(false);
    expect(canTransition('no_show', 'arrived')).toBe(false);
  });

  it('allows skipping forward, and cancelling or a no-show from any open visit', () => {
    expect(canTransition('scheduled', 'arrived')).toBe(true);
    for (const from of ['scheduled', 'en_route', 'arrived', 'in_session'] as const) {
      expect(canTransition(from, 'cancelled')).toBe(true);
      expect(canTransition(from, 'no_show')).toBe(true);
    }
  });

  it('has no next step once the visit is over', () => {
    expect(nextStep('completed')).toBeNull();
    expect(nextStep('cancelled')).toBeNull();
    expect(nextStep('no_show')).toBeNull();
  });

  it('says nothing happened on a visit before its day: on my way and a cancellation may come earlier', () => {
    const ahead = VISIT_STATUSES.filter((status) => canHappenBy(status, '2026-11-25', '2026-11-24'));
    expect(ahead).toEqual(['scheduled', 'en_route', 'cancelled']);
    expect(VISIT_STATUSES.every((status) => canHappenBy(status, '2026-11-24', '2026-11-24'))).toBe(true);
  });
});
