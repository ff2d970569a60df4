/** Fixed, open or new: findings of one version against the next. */
import { describe, expect, it } from 'vitest';
import type { LineFate } from '../../src/followup/align.js';
import { carryFindings } from '../../src/followup/carry.js';
import type { Finding } from '../../src/engine/types.js';

const finding = (rule: string, line: number, message: string, extra: Partial<Finding> = {}): Finding => ({
  rule,
  severity: 'warning',
  messageId: null,
  subject: '',
  messageIndex: 0,
  file: 'qapi/x.json',
  line,
  message,
  ...extra,
});

/** Old line n went to n + 20; line 99 is gone. */
const shifted = (_file: string, line: number): LineFate => (line === 99 ? { status: 'removed', newLine: null } : { status: 'changed', newLine: line + 20 });

describe('carryFindings', () => {
  it('the same problem on the corresponding line is open; the rest of the old version is fixed, the rest of the new one new', () => {
    const old = [
      finding('a/spacing', 5, 'one space after "x."'),
      finding('a/width', 6, 'line is 77 columns wide'),
      finding('a/spacing', 99, 'one space after "y."'),
    ];
    const fresh = [finding('a/spacing', 25, 'one space after "x."'), finding('a/width', 40, 'line is 75 columns wide')];
    const out = carryFindings(old, fresh, shifted).map((c) => [c.status, c.rule, c.oldLine, c.newLine]);
    expect(out).toEqual([
      ['open', 'a/spacing', 5, 25],
      ['fixed', 'a/width', 6, 26],
      ['fixed', 'a/spacing', 99, null],
      ['new', 'a/width', null, 40],
    ]);
  });

  it('numbers in a message may change (a line still too wide, by another count); quoted words may not', () => {
    const out = carryFindings(
      [finding('a/width', 6, 'line is 77 columns wide'), finding('a/spacing', 7, 'one space after "x."'), finding('a/spacing', 7, 'one space after "z."')],
      [finding('a/width', 26, 'line is 72 columns wide'), finding('a/spacing', 27, 'one space after "z."')],
      shifted,
    );
    expect(out.map((c) => [c.status, c.message])).toEqual([
      ['open', 'line is 72 columns wide'],
      ['fixed', 'one space after "x."'],
      ['open', 'one space after "z."'],
    ]);
  });

  it('a reworded message of the same rule on the same line is still open, when nothing else could claim it', () => {
    const out = carryFindings([finding('a/order', 6, 'members out of order: @b, @a')], [finding('a/order', 26, 'list @b, @a, @c in order')], shifted);
    expect(out.map((c) => c.status)).toEqual(['open']);
  });

  it('another rule, another file, or another line is another problem', () => {
    const out = carryFindings(
      [finding('a/width', 6, 'w'), finding('a/width', 7, 'w'), finding('a/width', 8, 'w')],
      [finding('b/other', 26, 'w'), finding('a/width', 27, 'w', { file: 'qapi/y.json' }), finding('a/width', 30, 'w')],
      shifted,
    );
    expect(out.map((c) => c.status)).toEqual(['fixed', 'fixed', 'fixed', 'new', 'new', 'new']);
  });
});

describe('carryFindings on lines the old patch did not show', () => {
  it('continues only with the very same message', () => {
    const unknown = (): LineFate => ({ status: 'unknown', newLine: null });
    const out = carryFindings(
      [finding('p/encoding', 1, 'undecodable bytes', { file: '/COMMIT_MSG' }), finding('p/encoding', 1, 'unknown charset "y"', { file: '/COMMIT_MSG' })],
      [finding('p/encoding', 1, 'undecodable bytes', { file: '/COMMIT_MSG' })],
      unknown,
    );
    expect(out.map((c) => [c.status, c.message])).toEqual([
      ['open', 'undecodable bytes'],
      ['fixed', 'unknown charset "y"'],
    ]);
  });
});
