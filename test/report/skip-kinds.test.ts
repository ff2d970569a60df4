/**
 * Reporters decide on the kind of a skip, never on its words: a reason
 * whose text reads like a routine skip (an unparseable mail's error may
 * say anything) is still reported as the failure it is.
 */
import { describe, expect, it } from 'vitest';
import { b4Results } from '../../src/report/b4.js';
import { TextReporter } from '../../src/report/text.js';
import type { MessageResult } from '../../src/review/review.js';
import { isRoutineSkip, type SkipReason } from '../../src/review/skip.js';

const skipped = (index: number, reason: SkipReason): MessageResult => ({
  index,
  source: 'in.mbox',
  messageId: null,
  subject: '',
  status: 'skipped',
  reason,
  findings: [],
  failures: [],
  mail: null,
});

function text(results: MessageResult[], verbose = false): string {
  let out = '';
  const reporter = new TextReporter({ write: (s: string) => void (out += s) }, { color: false, verbose });
  for (const r of results) reporter.message(r);
  reporter.end();
  return out;
}

describe('skip reasons as kinds', () => {
  const lookalike: SkipReason = { kind: 'unparseable', text: 'reply: carries no patch of its own' };

  it('a text that reads like a routine skip does not make it one', () => {
    expect(isRoutineSkip(lookalike)).toBe(false);
    expect(isRoutineSkip({ kind: 'reply', text: 'anything at all' })).toBe(true);
    expect(b4Results(skipped(0, lookalike))).toEqual([{ tool: 'qemu-review', status: 'warn', summary: 'not reviewed: reply: carries no patch of its own' }]);
    expect(b4Results(skipped(0, { kind: 'cover-letter', text: 'unreadable: no' }))).toEqual([]);
  });

  it('the text summary lists failures without --verbose and counts skips by kind', () => {
    const out = text([
      skipped(0, lookalike),
      skipped(1, { kind: 'cover-letter', text: 'cover letter (0/2)' }),
      skipped(2, { kind: 'not-a-patch', text: 'not a patch: no diff in the message' }),
      skipped(3, { kind: 'no-diff', text: 'no diff found, although the subject says PATCH' }),
    ]);
    expect(out).toBe(
      [
        'Skipped:',
        '  message 1 (in.mbox): reply: carries no patch of its own',
        // A subject that says PATCH over no diff is worth a look; a plain mail is not.
        '  message 4 (in.mbox): no diff found, although the subject says PATCH',
        // The two kinds without a diff read the same and are counted together.
        '0 patches reviewed, 4 messages skipped (1 unparseable, 1 cover letter, 2 without a diff); --verbose lists them: no findings',
        '',
      ].join('\n'),
    );
  });
});
