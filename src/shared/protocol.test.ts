import { describe, expect, it } from 'vitest';
import { mutationBytes, utf8Length } from './protocol';

describe('utf8Length', () => {
  const encoded = (text: string) => new TextEncoder().encode(text).byteLength;

  it('counts what TextEncoder would write: ASCII, accents, CJK, emoji, lone surrogates', () => {
    for (const text of ['', 'Gagnon', 'Entorse lombaire, côté droit — élève', '按摩', '😀 fin 🙂', '\ud83d', 'a\udc00b', '\ud83d\ud83d\ude00', '\u07ff\u0800\uffff']) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(encoded(text));
    }
  });

  it('agrees with TextEncoder on random strings of every kind of code unit', () => {
    // Seeded: a failure names its case.
    let seed = 20261125;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ranges = [0x80, 0x800, 0xd800, 0xdc00, 0xe000, 0x10000];
    for (let run = 0; run < 2000; run++) {
      const units = Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * ranges[Math.floor(random() * ranges.length)]!));
      const text = String.fromCharCode(...units);
      expect(utf8Length(text), `run ${run}: ${JSON.stringify(units)}`).toBe(encoded(text));
    }
  });

  it('sizes a mutation as the UTF-8 bytes of its JSON', () => {
    const mutation = { mutationId: 1, fields: { subjective: 'Douleur à l’épaule 😀' } };
    expect(mutationBytes(mutation)).toBe(encoded(JSON.stringify(mutation)));
  });
});
