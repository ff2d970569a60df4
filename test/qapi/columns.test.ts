import { describe, expect, it } from 'vitest';
import { columns } from '../../src/qapi/prose.js';

/** The width by its definition: one column per character (code point), tabs to the next multiple of 8. */
function byDefinition(text: string): number {
  let col = 0;
  for (const ch of Array.from(text)) col = ch === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}

describe('columns', () => {
  it('counts one column per character of a plain line', () => {
    expect(columns('')).toBe(0);
    expect(columns('# @name: the name')).toBe(17);
    expect(columns('# Since: 10.2 (ß, é, ü)')).toBe(23);
  });

  it('takes a tab to the next multiple of 8', () => {
    expect(columns('\t')).toBe(8);
    expect(columns('ab\tc')).toBe(9);
    expect(columns('abcdefgh\t')).toBe(16);
    expect(columns('a\t\tb')).toBe(17);
  });

  it('counts a character past U+FFFF once, though it takes two UTF-16 units', () => {
    expect(columns('# 😀 ok')).toBe(6);
    expect(columns('\t😀\t')).toBe(16);
    // A lone half of a pair is a character of its own.
    expect(columns('a\uD800b')).toBe(3);
  });

  it('agrees with the definition on lines mixing all of these', () => {
    const pieces = ['a', ' ', '\t', 'é', '😀', '\uDC00', '#', 'xyz'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: next() % 30 }, () => pieces[next() % pieces.length]).join('');
      expect(columns(text), JSON.stringify(text)).toBe(byDefinition(text));
    }
  });
});
