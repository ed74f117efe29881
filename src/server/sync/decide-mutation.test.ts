import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import type { Mutation } from '../../shared/protocol';
import { aVisit } from '../../shared/testing/fixtures';
import { decideMutation, type CurrentRecord } from './decide-mutation';

const PHONE = 'aaaaaaaaaaaa0001';
const PHONE_OTHER_TAB = 'aaaaaaaaaaaa0002';
const TABLET = 'bbbbbbbbbbbb0001';
const OFFICE = '5e7e700000000000';
const at = (minute: number, node: string) => formatHlc({ millis: Date.UTC(2026, 10, 24, 10, minute), counter: 0, node });

const visit = aVisit('0190a6e4-5b1c-7d2e-8f3a-000000000001', '0190a6e4-5b1c-7d2e-8f3a-000000000002', { therapistNote: 'original' });
const owner = visit.therapistId;
function current(note: string, hlc: string): CurrentRecord {
  return {
    ownerId: owner,
    data: { ...visit, therapistNote: note },
    hlc: { ...Object.fromEntries(Object.keys(visit).map((key) => [key, at(0, OFFICE)])), therapistNote: hlc },
  };
}
function edit(fields: Record<string, unknown>, hlc: string, base: Record<string, string>): Mutation {
  return { mutationId: 1, entity: 'visit', id: visit.id, op: 'update', fields, hlc, base };
}

describe('deciding a mutation', () => {
  it('applies a newer edit that started from the stored value, with no conflict', () => {
    const decision = decideMutation(edit({ therapistNote: 'mine' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }), owner, current('original', at(0, OFFICE)));
    expect(decision).toMatchObject({ kind: 'applied', changed: true, conflicts: [] });
    expect(decision.kind === 'applied' && decision.data.therapistNote).toBe('mine');
  });

  it('keeps the older of two concurrent texts as a conflict when the newer arrives second', () => {
    const decision = decideMutation(
      edit({ therapistNote: 'from the tablet' }, at(9, TABLET), { therapistNote: at(0, OFFICE) }),
      owner,
      current('from the phone', at(5, PHONE)),
    );
    expect(decision).toMatchObject({
      kind: 'applied',
      data: { therapistNote: 'from the tablet' },
      conflicts: [{ field: 'therapistNote', keptValue: 'from the phone', winningValue: 'from the tablet' }],
    });
  });

  it('keeps an older concurrent text as a conflict when it arrives second', () => {
    const decision = decideMutation(
      edit({ therapistNote: 'from the phone' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }),
      owner,
      current('from the tablet', at(9, TABLET)),
    );
    expect(decision).toMatchObject({
      kind: 'applied',
      changed: false,
      data: { therapistNote: 'from the tablet' },
      conflicts: [{ keptValue: 'from the phone', winningValue: 'from the tablet' }],
    });
  });

  it('does not call two edits from the same device a conflict, even out of order or from two tabs', () => {
    const late = decideMutation(edit({ therapistNote: 'first draft' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }), owner, current('second draft', at(7, PHONE_OTHER_TAB)));
    expect(late).toMatchObject({ kind: 'applied', changed: false, conflicts: [], data: { therapistNote: 'second draft' } });
  });

  it('treats status as last-writer-wins, never a conflict', () => {
    const decision = decideMutation(edit({ status: 'arrived' }, at(9, TABLET), { status: at(0, OFFICE) }), owner, {
      ...current('x', at(0, OFFICE)),
      hlc: { ...current('x', at(0, OFFICE)).hlc, status: at(5, PHONE) },
    });
    expect(decision).toMatchObject({ kind: 'applied', conflicts: [], data: { status: 'arrived' } });
  });

  it('refuses what is not the therapist to change, with a reason', () => {
    const base = { therapistNote: at(0, OFFICE) };
    expect(decideMutation(edit({ therapistNote: 'x' }, at(5, PHONE), base), 'someone-else', current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'forbidden', showCurrent: false });
    expect(decideMutation(edit({ therapistNote: 'x' }, at(5, PHONE), base), owner, null)).toMatchObject({ kind: 'rejected', code: 'not_found' });
    expect(decideMutation(edit({ officeNotes: 'x' }, at(5, PHONE), base), owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'read_only' });
    expect(decideMutation(edit({ status: 'teleported' }, at(5, PHONE), base), owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'invalid' });
    expect(decideMutation(edit({}, at(5, PHONE), base), owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'invalid' });
  });
});
