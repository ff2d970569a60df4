/** compareText: the root collation's order, computed without ICU for printable ASCII. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/engine/text-order.js';

const root = new Intl.Collator('und');
const sign = (n: number): number => Math.sign(n);

/** Printable ASCII, weighted toward what paths and rule ids hold, so that ties and case come up. */
const asciiChar = fc.oneof(
  fc.constantFrom(...'abcABC-_/.019'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
);
const ascii = fc.array(asciiChar, { maxLength: 12 }).map((cs) => cs.join(''));

describe('compareText', () => {
  it('orders printable ASCII exactly as the root collation does', () => {
    fc.assert(
      fc.property(ascii, ascii, (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(root.compare(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('orders every pair of printable ASCII characters as the root collation does', () => {
    for (let x = 0x20; x < 0x7f; x++) {
      for (let y = 0x20; y < 0x7f; y++) {
        const a = String.fromCharCode(x);
        const b = String.fromCharCode(y);
        expect(sign(compareText(a, b)), `${a} ${b}`).toBe(sign(root.compare(a, b)));
        expect(sign(compareText(`q${a}`, `Q${b}x`)), `${a} ${b}`).toBe(sign(root.compare(`q${a}`, `Q${b}x`)));
      }
    }
  });

  it('leaves anything else to the collator: accents, other scripts, control characters', () => {
    const samples = ['é', 'e', 'E', 'f', 'Zoë', 'Zoe', 'Straße', 'strasse', '\t', 'a\tb', 'ab', '日本', '', 'a\u0000', 'ẞ'];
    for (const a of samples) for (const b of samples) expect(sign(compareText(a, b)), `${a} ${b}`).toBe(sign(root.compare(a, b)));
  });

  it('sorts paths the way the reports always did under an English locale', () => {
    const paths = [
      'qapi/migration.json',
      'MAINTAINERS',
      'include/qapi/util.h',
      'migration/options.c',
      'migration/options.h',
      'hw/net/virtio_net.c',
      'hw/net/virtio-net.c',
      'Makefile',
      'meson.build',
    ];
    expect([...paths].sort(compareText)).toEqual([...paths].sort((a, b) => a.localeCompare(b, 'en')));
  });
});
