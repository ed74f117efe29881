import { describe, expect, it } from 'vitest';
import { formatHlc, hlcAfter } from '../../shared/hlc';
import { SERVER_HLC_NODE } from '../server-clock';
import { mergeFields } from './merge-fields';

const PHONE = 'aaaaaaaaaaaa0001';
const TABLET = 'bbbbbbbbbbbb0001';
const at = (minute: number, node: string) => formatHlc({ millis: Date.UTC(2026, 10, 24, 10, minute), counter: 0, node });
const NINE = '2026-11-24T09:00:00.000Z';
const TEN = '2026-11-24T10:00:00.000Z';

const printed = (firstPrintedAt: string | null, hlc: string) => ({ data: { firstPrintedAt }, hlc: { firstPrintedAt: hlc } });
const print = (firstPrintedAt: string | null, hlc: string) => ({ fields: { firstPrintedAt }, hlc, base: {} });

describe("a receipt's first print", () => {
  it('takes an earlier print even from an older stamp, stamped after both so every device adopts it', () => {
    const merged = mergeFields('receipt', printed(TEN, at(5, TABLET)), print(NINE, at(3, PHONE)));
    expect(merged).toMatchObject({ changed: true, data: { firstPrintedAt: NINE } });
    expect(merged.hlc.firstPrintedAt! > at(5, TABLET)).toBe(true);
    expect(mergeFields('receipt', printed(null, at(5, TABLET)), print(TEN, at(7, PHONE)))).toMatchObject({ data: { firstPrintedAt: TEN }, hlc: { firstPrintedAt: at(7, PHONE) } });
  });

  it('keeps the earlier print against a later one with a newer stamp, re-stamped so the device adopts it', () => {
    const merged = mergeFields('receipt', printed(NINE, at(3, TABLET)), print(TEN, at(9, PHONE)));
    expect(merged).toEqual({ changed: true, conflicts: [], data: { firstPrintedAt: NINE }, hlc: { firstPrintedAt: hlcAfter(at(9, PHONE), SERVER_HLC_NODE) } });
    // Never unprinted either.
    expect(mergeFields('receipt', printed(NINE, at(3, TABLET)), print(null, at(9, PHONE))).data.firstPrintedAt).toBe(NINE);
  });

  it('changes nothing when the later print already loses by its stamp, or when the print is the same', () => {
    expect(mergeFields('receipt', printed(NINE, at(9, TABLET)), print(TEN, at(3, PHONE)))).toMatchObject({ changed: false, hlc: { firstPrintedAt: at(9, TABLET) } });
    expect(mergeFields('receipt', printed(NINE, at(3, TABLET)), print(NINE, at(9, PHONE)))).toMatchObject({ changed: false });
  });
});
