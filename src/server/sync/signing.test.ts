import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../shared/domain';
import { SIGNED_CONTENT_FIELDS } from '../../shared/editable-fields';
import { formatHlc } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { aSessionRecord } from '../../shared/testing/fixtures';
import { decideMutation, type CurrentRecord } from './decide-mutation';

const PHONE = 'aaaaaaaaaaaa0001';
const TABLET = 'bbbbbbbbbbbb0001';
const at = (minute: number, node: string) => formatHlc({ millis: Date.UTC(2026, 10, 24, 10, minute), counter: 0, node });
const owner = '0190a6e4-5b1c-7d2e-8f3a-00000000000a';
const visitId = '0190a6e4-5b1c-7d2e-8f3a-00000000000b';

const record: SessionRecord = aSessionRecord(
  { id: visitId, clientId: '0190a6e4-5b1c-7d2e-8f3a-00000000000c', therapistId: owner },
  { createdAt: '2026-11-24T10:00:00.000Z', subjective: 'Lower back pain', plan: 'Two more sessions', painBefore: 6, painAfter: 2, techniques: ['swedish'], pressure: 'medium', durationMin: 60 },
);
/** The record on the server: created on the phone at minute 1, its plan rewritten on the tablet at minute 8. */
const stored: CurrentRecord = {
  ownerId: owner,
  data: { ...record },
  hlc: { ...Object.fromEntries(Object.keys(record).map((field) => [field, at(1, PHONE)])), plan: at(8, TABLET) },
};
const sign = { signedAt: '2026-11-24T11:00:00.000Z', signedBy: 'Camille Tremblay' };
const seenAll = (overrides: Record<string, string> = {}) => ({ ...Object.fromEntries(SIGNED_CONTENT_FIELDS.map((field) => [field, stored.hlc[field]!])), ...overrides });
const signing = (base: Record<string, string>, fields: Record<string, unknown> = sign): Mutation => ({
  mutationId: 1,
  entity: 'sessionRecord',
  id: record.id,
  op: 'update',
  fields,
  hlc: at(10, PHONE),
  base,
});
const decide = (mutation: Mutation, protocolVersion = 2, current: CurrentRecord = stored) =>
  decideMutation(mutation, { therapistId: owner, protocolVersion, current, receivedAt: new Date(Date.UTC(2026, 10, 24, 10, 30)) });

describe('signing a session record', () => {
  it('is applied when the signer saw every signed field as the server has it', () => {
    expect(decide(signing(seenAll()))).toMatchObject({ kind: 'applied', changed: true, data: sign });
  });

  it('is refused stale, with the server copy, when a field changed since the signer saw it', () => {
    const decision = decide(signing(seenAll({ plan: at(1, PHONE) })));
    expect(decision).toEqual({
      kind: 'rejected',
      code: 'stale',
      reason: 'This record changed since you saw it (plan); read the newer text and sign again.',
      showCurrent: true,
    });
  });

  it('counts a missing base as changed from protocol 2; protocol 1 checks only the bases it sends', () => {
    const { plan: _plan, subjective: _subjective, ...partial } = seenAll();
    expect(decide(signing(partial))).toMatchObject({ kind: 'rejected', code: 'stale', reason: expect.stringMatching(/\(subjective, plan\)/) });
    expect(decide(signing({}), 1)).toMatchObject({ kind: 'applied', data: sign });
    expect(decide(signing({ plan: at(1, PHONE) }), 1)).toMatchObject({ kind: 'rejected', code: 'stale' });
  });

  it('refuses content changed in the same mutation as the signature', () => {
    expect(decide(signing(seenAll(), { ...sign, plan: 'One more session' }))).toMatchObject({
      kind: 'rejected',
      code: 'invalid',
      reason: expect.stringMatching(/on its own.*plan/),
    });
  });

  it('refuses every edit once signed, the signature included', () => {
    const signed: CurrentRecord = { ...stored, data: { ...stored.data, ...sign } };
    const edit: Mutation = { ...signing({}), fields: { subjective: 'after the fact' } };
    expect(decide(edit, 2, signed)).toMatchObject({ kind: 'rejected', code: 'read_only', showCurrent: true });
    expect(decide(signing(seenAll()), 2, signed)).toMatchObject({ kind: 'rejected', code: 'read_only' });
  });
});
