import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import { MAX_MUTATION_BYTES, type Mutation } from '../../shared/protocol';
import { aVisit } from '../../shared/testing/fixtures';
import { decideMutation, type CurrentRecord } from './decide-mutation';

const decide = (mutation: Mutation, therapistId: string, record: CurrentRecord | null) =>
  decideMutation(mutation, { therapistId, protocolVersion: 2, current: record, receivedAt: new Date(Date.UTC(2026, 10, 24, 10, 30)) });

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
    const decision = decide(edit({ therapistNote: 'mine' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }), owner, current('original', at(0, OFFICE)));
    expect(decision).toMatchObject({ kind: 'applied', changed: true, conflicts: [] });
    expect(decision.kind === 'applied' && decision.data.therapistNote).toBe('mine');
  });

  it('keeps the older of two concurrent texts as a conflict when the newer arrives second', () => {
    const decision = decide(
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
    const decision = decide(
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

  it('does not call two edits from the same tab a conflict, even out of order', () => {
    const late = decide(edit({ therapistNote: 'first draft' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }), owner, current('second draft', at(7, PHONE)));
    expect(late).toMatchObject({ kind: 'applied', changed: false, conflicts: [], data: { therapistNote: 'second draft' } });
  });

  it('keeps the text of a stale form in another tab of the same phone as a conflict: two tabs are two editors', () => {
    const stale = decide(edit({ therapistNote: 'typed in tab 1' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }), owner, current('typed in tab 2', at(7, PHONE_OTHER_TAB)));
    expect(stale).toMatchObject({
      kind: 'applied',
      changed: false,
      data: { therapistNote: 'typed in tab 2' },
      conflicts: [{ field: 'therapistNote', keptValue: 'typed in tab 1', winningValue: 'typed in tab 2' }],
    });
  });

  it('keeps no conflict for a losing text that is empty: nothing typed is lost', () => {
    const overEmpty = decide(edit({ therapistNote: 'from the tablet' }, at(9, TABLET), { therapistNote: at(0, OFFICE) }), owner, current('', at(5, PHONE)));
    expect(overEmpty).toMatchObject({ kind: 'applied', changed: true, conflicts: [], data: { therapistNote: 'from the tablet' } });
    const emptyLoses = decide(edit({ therapistNote: '' }, at(5, PHONE), { therapistNote: at(0, OFFICE) }), owner, current('from the tablet', at(9, TABLET)));
    expect(emptyLoses).toMatchObject({ kind: 'applied', changed: false, conflicts: [], data: { therapistNote: 'from the tablet' } });
  });

  it('refuses what is not the therapist to change, with a reason', () => {
    const base = { therapistNote: at(0, OFFICE) };
    // Another therapist's record and no record at all get one answer: ids cannot be probed.
    const notYours = decide(edit({ therapistNote: 'x' }, at(5, PHONE), base), 'someone-else', current('o', at(0, OFFICE)));
    expect(notYours).toMatchObject({ kind: 'rejected', code: 'not_found', showCurrent: false });
    expect(decide(edit({ therapistNote: 'x' }, at(5, PHONE), base), owner, null)).toEqual(notYours);
    expect(decide(edit({ officeNotes: 'x' }, at(5, PHONE), base), owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'read_only' });
    expect(decide(edit({ status: 'teleported' }, at(5, PHONE), base), owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'invalid' });
    expect(decide(edit({}, at(5, PHONE), base), owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'invalid' });
  });

  it('refuses a change too large for any push, before anything else (too_large)', () => {
    const huge = edit({ therapistNote: 'x'.repeat(MAX_MUTATION_BYTES) }, at(5, PHONE), {});
    expect(decide(huge, owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'rejected', code: 'too_large' });
    const justUnder = edit({ therapistNote: 'x'.repeat(20_000) }, at(5, PHONE), {});
    expect(decide(justUnder, owner, current('o', at(0, OFFICE)))).toMatchObject({ kind: 'applied' });
  });
});
