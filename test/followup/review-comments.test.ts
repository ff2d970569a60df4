/** Reading a reviewer's reply: which comment is on which line of the patch. */
import { describe, expect, it } from 'vitest';
import { COMMIT_MESSAGE } from '../../src/engine/types.js';
import { readReviewComments } from '../../src/followup/review-comments.js';
import { hunkDiff, patchOf } from '../support/patches.js';

const DIFF =
  hunkDiff('hw/timer.c', [
    { start: 10, lines: [' #include "qemu/osdep.h"', '+static int ticks;', '+', ' ', ' void timer_init(void)'] },
    { start: 40, lines: [' {', '-    old_reset();', '+    ticks = 0;', '+    new_reset();', ' }'] },
  ]) + hunkDiff('hw/uart.c', [{ start: 5, lines: [' {', '+    ticks = 0;', '+    new_reset();', ' }'] }]);

const patch = patchOf(DIFF, { subject: '[PATCH v2] hw/timer: count ticks', message: 'Ticks are counted from boot.' });

/** A reply quoting `quoted` (lines of the patch mail, each given `> `), with the author's words after each. */
const quote = (lines: string[]): string => lines.map((l) => (l === '' ? '>' : `> ${l}`)).join('\n');

describe('readReviewComments', () => {
  it('anchors a comment to the last line of the quoted change above it, ignoring the attribution and the signature', () => {
    const body = [
      'Ada Author <ada@example.org> writes:',
      '',
      quote([
        'diff --git a/hw/timer.c b/hw/timer.c',
        '--- a/hw/timer.c',
        '+++ b/hw/timer.c',
        '@@ -10,3 +10,5 @@',
        ' #include "qemu/osdep.h"',
        '+static int ticks;',
        '+',
      ]),
      '',
      'Why static?  Make it a member of the',
      'device state.',
      '',
      '-- ',
      'Reviewer',
      '> +static int ticks;',
      'Not a comment: below the signature.',
    ].join('\n');
    const { comments, unanchored } = readReviewComments(body, patch);
    expect(unanchored).toBe(0);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ file: 'hw/timer.c', line: 11, startLine: 11, text: 'Why static?  Make it a member of the\ndevice state.' });
  });

  it('after a [...] gap, finds the quoted run in the hunk the reviewer was reading, not its twin in another file', () => {
    const body = [
      quote(['@@ -39,3 +40,4 @@', ' {', '-    old_reset();', '+    ticks = 0;', '+    new_reset();']),
      '',
      'Reset before counting?',
      '',
      '[...]',
      '',
      quote(['diff --git a/hw/uart.c b/hw/uart.c', '@@ -5,2 +5,4 @@', ' {', '+    ticks = 0;', '+    new_reset();']),
      '',
      'Same here.',
    ].join('\n');
    const { comments } = readReviewComments(body, patch);
    expect(comments.map((c) => [c.file, c.startLine, c.line, c.text])).toEqual([
      ['hw/timer.c', 41, 42, 'Reset before counting?'],
      ['hw/uart.c', 6, 7, 'Same here.'],
    ]);
    expect(comments[0]!.quoted.get(42)).toBe('    new_reset();');
  });

  it('a comment under a quote of a quote answers the older mail; top-posting above any quote is not a comment', () => {
    const body = [
      'Top-posted: looks fine overall.',
      '',
      'On Mon, Ada wrote:',
      '> > +static int ticks;',
      '> I will drop it.',
      '',
      'Good.',
      '',
      '> > +    new_reset();',
      '',
      'This one is on an older quote.',
    ].join('\n');
    const { comments, unanchored } = readReviewComments(body, patch);
    expect(comments).toEqual([]);
    // "Good." answers the author's words, the last one an older quote: neither is on a line of the patch.
    expect(unanchored).toBe(2);
  });

  it('a comment on the commit message anchors to its line there', () => {
    const body = [quote(['Ticks are counted from boot.']), '', 'From reset, rather?'].join('\n');
    const { comments } = readReviewComments(body, patch);
    expect(comments).toEqual([expect.objectContaining({ file: COMMIT_MESSAGE, line: 3, text: 'From reset, rather?' })]);
  });

  it('the quoted file header decides between identical runs in two files', () => {
    const body = [
      quote(['diff --git a/hw/uart.c b/hw/uart.c', '--- a/hw/uart.c', '+++ b/hw/uart.c', '@@ -5,2 +5,4 @@', ' {', '+    ticks = 0;', '+    new_reset();']),
      '',
      'Only here.',
    ].join('\n');
    expect(readReviewComments(body, patch).comments.map((c) => [c.file, c.line])).toEqual([['hw/uart.c', 7]]);
  });

  it('a quoted line the patch does not have anchors nothing', () => {
    const body = [quote(['+    made_up();']), '', 'Hmm.'].join('\n');
    expect(readReviewComments(body, patch)).toEqual({ comments: [], unanchored: 1 });
  });
});
