/** Lines of whitespace and punctuation alone, as the pattern /^[\s#*\/{}()[\];,]*$/ tells them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isFiller } from '../../src/series/filler.js';

const PATTERN = /^[\s#*/{}()[\];,]*$/;

describe('filler lines', () => {
  it('agree with the pattern on any text, ASCII and other whitespace alike', () => {
    const char = fc.constantFrom(
      ' ',
      '\t',
      '\v',
      '\f',
      '\r',
      '\u00a0',
      '\u2028',
      '\u3000',
      '#',
      '*',
      '/',
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      ';',
      ',',
      'a',
      '0',
      '"',
      '\u00e9',
      '-',
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        expect(isFiller(text)).toBe(PATTERN.test(text));
      }),
      { numRuns: 500 },
    );
  });

  it('a brace, a hash and a blank say nothing; a word does', () => {
    expect(['', '##', '  };', '/* */'].map(isFiller)).toEqual([true, true, true, true]);
    expect(['#  @x', 'int a;'].map(isFiller)).toEqual([false, false]);
  });
});
