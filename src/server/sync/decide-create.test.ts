import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../shared/domain';
import { formatHlc } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { sessionRecordIdFor } from '../../shared/record-ids';
import { aSessionRecord } from '../../shared/testing/fixtures';
import { decideMutation, type CreateContext, type CurrentRecord } from './decide-mutation';

const PHONE = 'aaaaaaaaaaaa0001';
const TABLET = 'bbbbbbbbbbbb0001';
const at = (minute: number, node: string) => formatHlc({ millis: Date.UTC(2026, 10, 24, 10, minute), counter: 0, node });
const owner = '0190a6e4-5b1c-7d2e-8f3a-00000000000a';
const visitId = '0190a6e4-5b1c-7d2e-8f3a-00000000000b';
const clientId = '0190a6e4-5b1c-7d2e-8f3a-00000000000c';
const derivedId = sessionRecordIdFor(visitId);
const randomId = '0190a6e4-5b1c-7d2e-8f3a-0000000000ff';

function aRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return aSessionRecord({ id: visitId, clientId, therapistId: owner }, { id: derivedId, createdAt: '2026-11-24T10:00:00.000Z', ...overrides });
}
const create = (record: SessionRecord, hlc = at(5, PHONE)): Mutation => ({ mutationId: 1, entity: 'sessionRecord', id: record.id, op: 'create', fields: { ...record }, hlc, base: {} });
const visit = (sessionRecordId: string | null): CreateContext => ({
  clientVisible: true,
  visit: { therapistId: owner, clientId, status: 'in_session', hasReceipt: false, sessionRecordId },
});
const decide = (mutation: Mutation, protocolVersion: number, context: { current?: CurrentRecord | null; create?: CreateContext } = {}) =>
  decideMutation(mutation, { therapistId: owner, protocolVersion, current: context.current ?? null, receivedAt: new Date(Date.UTC(2026, 10, 24, 10, 30)), create: context.create });
/** What the tablet created first, at minute 3. */
const onServer = (record: SessionRecord, hlc = at(3, TABLET)): CurrentRecord => ({
  ownerId: owner,
  data: { ...record },
  hlc: Object.fromEntries(Object.keys(record).map((field) => [field, hlc])),
});

describe('creating a session record: one per visit', () => {
  it('from protocol 2, takes only the id derived from the visit', () => {
    expect(decide(create(aRecord()), 2, { create: visit(null) })).toMatchObject({ kind: 'applied', data: { id: derivedId } });
    expect(decide(create(aRecord({ id: randomId })), 2, { create: visit(null) })).toMatchObject({
      kind: 'rejected',
      code: 'invalid',
      reason: expect.stringMatching(/derived from its visit/),
    });
  });

  it('from protocol 1, takes any id while the visit has no session record, and none after', () => {
    expect(decide(create(aRecord({ id: randomId })), 1, { create: visit(null) })).toMatchObject({ kind: 'applied' });
    expect(decide(create(aRecord({ id: randomId })), 1, { create: visit(derivedId) })).toMatchObject({
      kind: 'rejected',
      code: 'invalid',
      reason: 'This visit already has a session record.',
    });
    // Nor a derived id beside a record from before ids were derived.
    expect(decide(create(aRecord()), 2, { create: visit(randomId) })).toMatchObject({ kind: 'rejected', code: 'invalid' });
  });

  it('merges a second create of the same record field by field, keeping the other text as a conflict', () => {
    const tablets = aRecord({ subjective: 'Neck stiff (tablet)', plan: '', painBefore: 7 });
    const phones = aRecord({ subjective: 'Neck pain (phone)', plan: 'Stretch daily', painBefore: 5 });
    const decision = decide(create(phones, at(5, PHONE)), 2, { current: onServer(tablets) });
    expect(decision).toMatchObject({
      kind: 'applied',
      changed: true,
      data: { subjective: 'Neck pain (phone)', plan: 'Stretch daily', painBefore: 5 },
      // The tablet's plan was empty: nothing typed there, no conflict for it.
      conflicts: [{ field: 'subjective', keptValue: 'Neck stiff (tablet)', winningValue: 'Neck pain (phone)' }],
    });
    expect(decision.kind === 'applied' && decision.hlc.subjective).toBe(at(5, PHONE));
  });

  it('an older second create loses field by field, and its text is kept as a conflict', () => {
    const decision = decide(create(aRecord({ subjective: 'Older words', painBefore: 2 }), at(1, PHONE)), 2, {
      current: onServer(aRecord({ subjective: 'Newer words', painBefore: 8 })),
    });
    expect(decision).toMatchObject({
      kind: 'applied',
      changed: false,
      data: { subjective: 'Newer words', painBefore: 8 },
      conflicts: [{ field: 'subjective', keptValue: 'Older words', winningValue: 'Newer words' }],
    });
  });

  it('refuses to merge into a record of another visit, client or therapist, or one already signed', () => {
    const existing = onServer(aRecord());
    const otherVisit = '0190a6e4-5b1c-7d2e-8f3a-0000000000dd';
    expect(decide(create(aRecord({ visitId: otherVisit })), 2, { current: existing })).toMatchObject({ kind: 'rejected', code: 'invalid', reason: expect.stringMatching(/visitId/) });
    // Another therapist's record under this id answers as an update of a record the server does not have.
    const notYours = decide(create(aRecord()), 2, { current: { ...existing, ownerId: otherVisit } });
    expect(notYours).toMatchObject({ kind: 'rejected', code: 'not_found', showCurrent: false });
    expect(notYours).toEqual(decide({ ...create(aRecord()), op: 'update', fields: { subjective: 'x' } }, 2));
    const signed = onServer(aRecord({ signedAt: '2026-11-24T11:00:00.000Z', signedBy: 'Sam' }));
    expect(decide(create(aRecord({ subjective: 'late' })), 2, { current: signed })).toMatchObject({ kind: 'rejected', code: 'read_only', showCurrent: true });
  });

  it('refuses a second create that signs over text its signer never saw', () => {
    const signedOffline = aRecord({ subjective: 'Mine', signedAt: '2026-11-24T11:00:00.000Z', signedBy: 'Camille' });
    expect(decide(create(signedOffline), 2, { current: onServer(aRecord({ subjective: 'Theirs' })) })).toMatchObject({ kind: 'rejected', code: 'stale', showCurrent: true });
  });

  it('other kinds of record are never created twice', () => {
    const amendment: Mutation = { mutationId: 1, entity: 'amendment', id: randomId, op: 'create', fields: {}, hlc: at(5, PHONE), base: {} };
    expect(decide(amendment, 2, { current: { ownerId: owner, data: {}, hlc: {} } })).toMatchObject({ kind: 'rejected', code: 'invalid', reason: 'A record with this id already exists.' });
  });
});
