import { describe, expect, it } from 'vitest';
import type { Visit } from '../../shared/domain';
import { formatHlc } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { aVisit } from '../../shared/testing/fixtures';
import { decideMutation, type CurrentRecord, type Decision } from './decide-mutation';

const PHONE = 'aaaaaaaaaaaa0001';
const TABLET = 'bbbbbbbbbbbb0001';
const OFFICE = '5e7e700000000000';
/** Minutes after 10:00 UTC (05:00 in Montreal) on 24 November 2026. */
const at = (minute: number, node: string) => formatHlc({ millis: Date.UTC(2026, 10, 24, 10, minute), counter: 0, node });
const iso = (hour: number, minute = 0, day = 24) => new Date(Date.UTC(2026, 10, day, hour, minute)).toISOString();
/** Noon in Montreal on the visit's day. */
const NOON = new Date(Date.UTC(2026, 10, 24, 17, 0));

const owner = '0190a6e4-5b1c-7d2e-8f3a-000000000001';
const client = '0190a6e4-5b1c-7d2e-8f3a-000000000002';

/** A visit on the server, every field last written by the office at minute 0, then `stamps`. */
function onServer(overrides: Partial<Visit> = {}, stamps: Record<string, string> = {}): CurrentRecord {
  const visit = aVisit(owner, client, { date: '2026-11-24', ...overrides });
  return { ownerId: owner, data: { ...visit }, hlc: { ...Object.fromEntries(Object.keys(visit).map((key) => [key, at(0, OFFICE)])), ...stamps } };
}
function move(current: CurrentRecord, fields: Record<string, unknown>, hlc: string): Mutation {
  return { mutationId: 1, entity: 'visit', id: String(current.data.id), op: 'update', fields, hlc, base: {} };
}
const decide = (mutation: Mutation, current: CurrentRecord, receivedAt = NOON): Decision =>
  decideMutation(mutation, { therapistId: owner, protocolVersion: 2, current, receivedAt });
const applied = (decision: Decision) => {
  if (decision.kind !== 'applied') throw new Error(`refused: ${decision.reason}`);
  return decision;
};

describe('a visit status on the server', () => {
  it('moves forward along the flow, skipping steps if need be, with its times', () => {
    const visit = onServer();
    const decision = applied(decide(move(visit, { status: 'arrived', statusTimes: { arrived: iso(14) } }, at(5, PHONE)), visit));
    expect(decision.data).toMatchObject({ status: 'arrived', statusTimes: { arrived: iso(14) } });
    expect(decision.hlc).toMatchObject({ status: at(5, PHONE), statusTimes: at(5, PHONE) });
  });

  it('refuses a stale step backward, with the server copy for the device to put back', () => {
    const visit = onServer({ status: 'in_session', statusTimes: { arrived: iso(14), in_session: iso(14, 10) } }, { status: at(8, TABLET), statusTimes: at(8, TABLET) });
    // The phone's "arrived" is newer by its clock, yet the visit is already in session.
    expect(decide(move(visit, { status: 'arrived', statusTimes: { arrived: iso(14, 20) } }, at(9, PHONE)), visit)).toMatchObject({
      kind: 'rejected',
      code: 'invalid',
      showCurrent: true,
      reason: expect.stringMatching(/already in_session .* cannot go back to arrived/),
    });
  });

  it('never leaves a final status: completed, cancelled and no-show stay', () => {
    const reason = { statusReason: 'Client not home' };
    for (const [from, to] of [
      ['completed', 'in_session'],
      ['completed', 'no_show'],
      ['no_show', 'completed'],
      ['cancelled', 'en_route'],
      ['no_show', 'cancelled'],
    ] as const) {
      const visit = onServer({ status: from, ...(from === 'completed' ? {} : reason) });
      expect(decide(move(visit, { status: to, ...reason }, at(9, PHONE)), visit), `${from} → ${to}`).toMatchObject({
        kind: 'rejected',
        code: 'invalid',
        showCurrent: true,
        reason: expect.stringMatching(/can no longer become/),
      });
    }
  });

  it('accepts a later forward step that carries an older stamp, and stamps it after the server’s so every device adopts it', () => {
    // Device A said "on my way" at minute 9; device B, offline, started the session at minute 5 by its clock.
    const visit = onServer({ status: 'en_route', statusTimes: { en_route: iso(13) } }, { status: at(9, PHONE), statusTimes: at(9, PHONE) });
    const decision = applied(decide(move(visit, { status: 'in_session', statusTimes: { in_session: iso(14) } }, at(5, TABLET)), visit));
    expect(decision.data).toMatchObject({ status: 'in_session', statusTimes: { en_route: iso(13), in_session: iso(14) } });
    expect(decision.hlc.status! > at(9, PHONE)).toBe(true);
    expect(decision.hlc.statusTimes! > at(9, PHONE)).toBe(true);
  });

  it('takes the same status again as no move: the newer stamp is kept, nothing else changes', () => {
    const visit = onServer({ status: 'arrived', statusTimes: { arrived: iso(14) } }, { status: at(5, PHONE), statusTimes: at(5, PHONE) });
    const later = applied(decide(move(visit, { status: 'arrived' }, at(9, TABLET)), visit));
    expect(later).toMatchObject({ data: { status: 'arrived' }, hlc: { status: at(9, TABLET) } });
    const earlier = applied(decide(move(visit, { status: 'arrived' }, at(3, TABLET)), visit));
    expect(earlier).toMatchObject({ changed: false, hlc: { status: at(5, PHONE) } });
  });

  it('cancels or records a no-show from a visit not yet over, keeping the steps made before', () => {
    const visit = onServer({ status: 'arrived', statusTimes: { en_route: iso(13), arrived: iso(14) } });
    const decision = applied(
      decide(move(visit, { status: 'no_show', statusReason: 'Nobody answered', statusTimes: { en_route: iso(13), arrived: iso(14), no_show: iso(14, 15) } }, at(9, PHONE)), visit),
    );
    expect(decision.data).toMatchObject({ status: 'no_show', statusReason: 'Nobody answered', statusTimes: { en_route: iso(13), arrived: iso(14), no_show: iso(14, 15) } });
  });
});

describe('a visit dated after the server’s today, in Montreal', () => {
  // 21:00 in Montreal on the 24th is already the 25th in UTC.
  const eveningOf24th = new Date(Date.UTC(2026, 10, 25, 2, 0));
  const after_midnight = new Date(Date.UTC(2026, 10, 25, 5, 30));
  const tomorrows = () => onServer({ date: '2026-11-25' });

  it('refuses every step that says it happened: arrived, in session, completed, no-show', () => {
    for (const status of ['arrived', 'in_session', 'completed', 'no_show'] as const) {
      const visit = tomorrows();
      expect(decide(move(visit, { status, statusReason: 'x' }, at(9, PHONE)), visit, eveningOf24th), status).toMatchObject({
        kind: 'rejected',
        code: 'invalid',
        reason: expect.stringMatching(/2026-11-25; it cannot be marked/),
      });
    }
  });

  it('still takes "on my way" and a cancellation ahead of the day', () => {
    expect(decide(move(tomorrows(), { status: 'en_route' }, at(9, PHONE)), tomorrows(), eveningOf24th)).toMatchObject({ kind: 'applied' });
    expect(decide(move(tomorrows(), { status: 'cancelled', statusReason: 'Client sick' }, at(9, PHONE)), tomorrows(), eveningOf24th)).toMatchObject({ kind: 'applied' });
  });

  it('takes them once the day has come in Montreal', () => {
    const visit = tomorrows();
    expect(decide(move(visit, { status: 'arrived', statusTimes: { arrived: after_midnight.toISOString() } }, at(9, PHONE)), visit, after_midnight)).toMatchObject({
      kind: 'applied',
    });
  });
});

describe('statusTimes on the server', () => {
  it('keeps the earliest time of each status, and re-stamps the merge so the device that sent a later one adopts it', () => {
    const visit = onServer({ status: 'arrived', statusTimes: { arrived: iso(14) } }, { status: at(5, PHONE), statusTimes: at(5, PHONE) });
    const decision = applied(decide(move(visit, { status: 'in_session', statusTimes: { arrived: iso(14, 2), in_session: iso(14, 10) } }, at(9, TABLET)), visit));
    expect(decision.data.statusTimes).toEqual({ arrived: iso(14), in_session: iso(14, 10) });
    expect(decision.hlc.status).toBe(at(9, TABLET));
    expect(decision.hlc.statusTimes! > at(9, TABLET)).toBe(true);
  });

  it('keeps only times of statuses the visit reached', () => {
    const visit = onServer();
    const decision = applied(decide(move(visit, { status: 'en_route', statusTimes: { en_route: iso(13), completed: iso(15) } }, at(9, PHONE)), visit));
    expect(decision.data.statusTimes).toEqual({ en_route: iso(13) });
    expect(decision.hlc.statusTimes! > at(9, PHONE)).toBe(true);
  });

  it('refuses a time later than the server’s clock, or a step that happened dated before the visit’s day', () => {
    const visit = onServer();
    expect(decide(move(visit, { status: 'arrived', statusTimes: { arrived: iso(18) } }, at(9, PHONE)), visit)).toMatchObject({
      kind: 'rejected',
      code: 'invalid',
      reason: expect.stringMatching(/later than the server's clock/),
    });
    // 04:00 UTC on the 24th is still the 23rd in Montreal.
    expect(decide(move(visit, { status: 'arrived', statusTimes: { arrived: iso(4) } }, at(9, PHONE)), visit)).toMatchObject({
      kind: 'rejected',
      code: 'invalid',
      reason: expect.stringMatching(/before the visit's day/),
    });
    // Leaving the day before for an early visit is not absurd.
    expect(decide(move(visit, { status: 'en_route', statusTimes: { en_route: iso(4) } }, at(9, PHONE)), visit)).toMatchObject({ kind: 'applied' });
  });

  it('leaves other fields of the same change to their own rules', () => {
    const visit = onServer();
    const decision = applied(decide(move(visit, { status: 'en_route', therapistNote: 'Parking behind' }, at(9, PHONE)), visit));
    expect(decision.data).toMatchObject({ status: 'en_route', therapistNote: 'Parking behind' });
  });
});
