import { describe, expect, it } from 'vitest';
import { reviewPatch } from '../../src/engine/run.js';
import type { Rule } from '../../src/engine/types.js';
import { hunkDiff, patchOf } from '../support/patches.js';

/** A rule that reports every line of every file it sees, to watch what the engine keeps. */
const everyLine = (scope?: 'lines' | 'patch'): Rule => ({
  meta: { id: 'test/every-line', description: 'd', severity: 'warning', source: { title: 't' }, messages: { m: 'line {{n}}' }, ...(scope ? { scope } : {}) },
  create: (context) => ({
    file(file) {
      for (const segment of file.view.segments)
        for (const l of segment) context.report({ messageKey: 'm', data: { n: l.line }, file: file.path, line: l.line });
    },
  }),
});

const diff = hunkDiff('a.c', [{ start: 10, lines: [' ten', '-old', '+eleven', '+twelve', ' thirteen'] }]);

describe('the engine', () => {
  it('keeps findings on lines the patch adds, and gives each its place in the mail', () => {
    const { findings } = reviewPatch(patchOf(diff), [everyLine()]);
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [11, 'line 11'],
      [12, 'line 12'],
    ]);
    const body = patchOf(diff).mail.body.split('\n');
    for (const f of findings) expect(body[f.patchLine! - 1]).toBe(f.line === 11 ? '+eleven' : '+twelve');
  });

  it("keeps a patch-scope rule's findings wherever they land", () => {
    expect(reviewPatch(patchOf(diff), [everyLine('patch')]).findings.map((f) => f.line)).toEqual([10, 11, 12, 13]);
  });

  it('turns a rule that throws into a failure and goes on with the other rules', () => {
    const broken: Rule = {
      meta: { ...everyLine().meta, id: 'test/broken' },
      create: () => ({
        patch: () => {
          throw new Error('boom');
        },
      }),
    };
    const result = reviewPatch(patchOf(diff), [broken, everyLine()]);
    expect(result.failures).toEqual([{ rule: 'test/broken', error: 'boom' }]);
    expect(result.findings).toHaveLength(2);
  });

  it("reports a message key the rule does not define as the rule's failure", () => {
    const typo: Rule = { meta: everyLine().meta, create: (c) => ({ patch: () => c.report({ messageKey: 'nope', file: 'a.c', line: 11 }) }) };
    expect(reviewPatch(patchOf(diff), [typo]).failures[0]!.error).toMatch(/message key "nope"/);
  });

  it('calls only patch-level visitors on a mangled (format=flowed) mail', () => {
    expect(reviewPatch(patchOf(diff, { flowed: true }), [everyLine()]).findings).toEqual([]);
  });

  it('applies severity overrides', () => {
    const { findings } = reviewPatch(patchOf(diff), [everyLine()], { severity: { 'test/every-line': 'error' } });
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });
});
