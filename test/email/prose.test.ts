/** The bot's own prose: wrapped at 72 columns, and never a line patchew or b4 would harvest as a trailer. */
import { describe, expect, it } from 'vitest';
import { defuseTrailer, looksLikeTrailer } from '../../src/email/trailer-guard.js';
import { wrapParagraph } from '../../src/email/wrap.js';

describe('wrapParagraph', () => {
  it('breaks at spaces within the width, keeps two spaces after a full stop, collapses other runs', () => {
    expect(wrapParagraph('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapParagraph('End.  Next   word', 72)).toEqual(['End.  Next word']);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(wrapParagraph('é'.repeat(5) + ' ' + 'ü'.repeat(4), 10)).toEqual(['ééééé üüüü']);
    expect(wrapParagraph('😀😀 ab', 5)).toEqual(['😀😀 ab']);
  });

  it('gives an over-long word a line of its own, and indents continuation lines when asked', () => {
    expect(wrapParagraph(`see https://example.org/${'x'.repeat(80)} now`, 72)).toEqual(['see', `https://example.org/${'x'.repeat(80)}`, 'now']);
    expect(wrapParagraph('aaa bbb ccc', 7, '  ')).toEqual(['aaa bbb', '  ccc']);
  });
});

describe('trailer guard', () => {
  it('recognises what patchew and b4 harvest, in any case and after whitespace', () => {
    for (const line of [
      'Reviewed-by: A <a@b>',
      'tested-by: x',
      '  Acked-By: x',
      'Co-developed-by: x',
      'Based-on: <id>',
      'Supersedes: <id>',
      'Fixes: 123456789abc ("x")',
      'Link: https://x',
      'Signed-off-by :x',
    ]) {
      expect(looksLikeTrailer(line), line).toBe(true);
    }
    for (const line of ['> Reviewed-by: A', '| Reviewed-by: A', 'Not-a-trailer: x', 'Line 3: by: x', 'Reviewed by: A', '']) {
      expect(looksLikeTrailer(line), line).toBe(false);
    }
  });

  it('defuses a trailer-like line behind "| " and leaves others alone', () => {
    expect(defuseTrailer('Reviewed-by: A <a@b>')).toBe('| Reviewed-by: A <a@b>');
    expect(defuseTrailer('Reviewed by A.')).toBe('Reviewed by A.');
    expect(looksLikeTrailer(defuseTrailer('Acked-by: x'))).toBe(false);
  });
});
