import { describe, expect, it } from 'vitest';
import { rules as allRules } from '../../rules/index.js';
import { reviewPatch } from '../../src/engine/run.js';
import type { Rule } from '../../src/engine/types.js';
import { applyFixes } from '../../src/engine/fixer.js';
import { newFileDiff, patchOf } from '../support/patches.js';

const schema = (...lines: string[]) => newFileDiff('qapi/test.json', `${lines.join('\n')}\n`);

/** A rule that reports a word in doc prose, proposing `replacement` (or no fix). */
const banWord = (word: string, replacement: string | null): Rule => ({
  meta: { id: `test/no-${word}`, description: 'd', severity: 'warning', source: { title: 't' }, messages: { m: `no ${word}` } },
  create: (context) => ({
    qapiDoc(block, file) {
      for (const l of block.lines) {
        const at = l.raw.indexOf(word);
        if (l.role !== 'doc-prose' || at < 0) continue;
        context.report({
          messageKey: 'm',
          file: file.path,
          line: l.line,
          column: at + 1,
          ...(replacement !== null ? { fix: { edits: [{ line: l.line, start: at, end: at + word.length, text: replacement }] } } : {}),
        });
      }
    },
  }),
});

describe('the fixer', () => {
  it('merges the proposals of every rule for a paragraph into one fix, rewrapped last', () => {
    const { findings } = reviewPatch(
      patchOf(
        schema(
          '##',
          '# @Foo:',
          '#',
          '# @bar: Targets for migration. This requires the channel to be a unix',
          '#     socket. (Since 10.2)',
          '#',
          '# Since: 10.2',
          '##',
          "{ 'struct': 'Foo', 'data': { 'bar': 'int' } }",
        ),
      ),
      allRules,
      { settings: { qemuVersion: '10.2' } },
    );
    const fixed = '# @bar: Targets for migration.  This requires the channel to be a UNIX\n#     domain socket.  (Since 10.2)';
    expect(findings.map((f) => f.rule)).toEqual(['qapi/sentence-spacing', 'qapi/wording', 'qapi/sentence-spacing']);
    for (const f of findings) expect(f.suggestion).toEqual({ line: 4, endLine: 5, text: fixed });
    // One group: one comment.
    expect(new Set(findings.map((f) => f.group)).size).toBe(1);
  });

  it('never shows a fix that makes another rule fire', () => {
    const diff = schema('##', '# @Foo:', '#', '# @bar: a foo here.', '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': { 'bar': 'int' } }");
    const alone = reviewPatch(patchOf(diff), [banWord('foo', 'baz')]).findings;
    expect(alone[0]!.suggestion).toEqual({ line: 4, endLine: 4, text: '# @bar: a baz here.' });
    const broken = reviewPatch(patchOf(diff), [banWord('foo', 'baz'), banWord('baz', null)]).findings;
    expect(broken.map((f) => [f.rule, f.suggestion])).toEqual([['test/no-foo', undefined]]);
  });

  it('keeps a finding no rule fixes, and still shows the fix of the others', () => {
    const diff = schema('##', '# @Foo:', '#', '# @bar: a foo and a qux.', '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': { 'bar': 'int' } }");
    const found = reviewPatch(patchOf(diff), [banWord('foo', 'baz'), banWord('qux', null)]).findings;
    expect(found.map((f) => [f.rule, f.suggestion?.text])).toEqual([
      ['test/no-foo', '# @bar: a baz and a qux.'],
      ['test/no-qux', undefined],
    ]);
  });

  it('takes the first of two edits that overlap, then runs the rules again', () => {
    const diff = schema('##', '# @Foo:', '#', '# @bar: a foo here.', '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': { 'bar': 'int' } }");
    const found = reviewPatch(patchOf(diff), [banWord('foo', 'baz'), banWord('foo', 'zap')]).findings;
    // Both rules ask for "foo" to go; one replacement does it, and neither fires on the result.
    expect(new Set(found.map((f) => f.suggestion?.text))).toEqual(new Set(['# @bar: a baz here.']));
  });

  it('a rule that throws while the fix is checked costs the fix, not the findings', () => {
    const diff = schema('##', '# @Foo:', '#', '# @bar: a foo here.', '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': { 'bar': 'int' } }");
    let calls = 0;
    const flaky: Rule = {
      meta: { ...banWord('x', null).meta, id: 'test/flaky' },
      create: () =>
        calls++ === 0
          ? {}
          : {
              qapiDoc: () => {
                throw new Error('boom');
              },
            },
    };
    const result = reviewPatch(patchOf(diff), [banWord('foo', 'baz'), flaky]);
    expect(result.failures).toEqual([]);
    expect(result.findings.map((f) => [f.rule, f.suggestion])).toEqual([['test/no-foo', undefined]]);
  });

  it('applies edits across a line break and keeps identical edits once', () => {
    const lines = ['# @a: a unix', '#     socket.'];
    const edit = { line: 1, start: 8, endLine: 2, end: 12, text: 'UNIX domain socket' };
    expect(applyFixes(lines, 1, [{ edits: [edit] }, { edits: [edit] }], null)).toEqual(['# @a: a UNIX domain socket.']);
    expect(applyFixes(lines, 1, [{ edits: [{ line: 3, start: 0, end: 0, text: 'x' }] }], null)).toBeNull();
  });

  it("checks a fix of a definition line too: the 'unstable' feature, merged with nothing else", () => {
    const { findings } = reviewPatch(
      patchOf(schema('##', '# @Foo:', '#', '# @x-bar: Bar.', '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': { '*x-bar': 'int' } }")),
      allRules,
      { settings: { qemuVersion: '10.2' } },
    );
    const unstable = findings.find((f) => f.rule === 'qapi/unstable-feature')!;
    expect(unstable.suggestion?.text).toBe("{ 'struct': 'Foo', 'data': { '*x-bar': { 'type': 'int', 'features': [ 'unstable' ] } } }");
  });
});
