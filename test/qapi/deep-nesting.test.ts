/**
 * Patches to schema files nesting deep enough to overflow a recursive reader: every rule runs
 * to the end (a stack overflow would be an "internal error in rule" for each QAPI rule).
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { reviewPatch } from '../../src/engine/run.js';
import { buildTree, tokenBounds } from '../../src/qapi/expression-tree.js';
import { readSchema } from '../../src/qapi/read-schema.js';
import { viewOfDiff } from '../../src/patch/view.js';
import { tokenizeLine } from '../../src/qapi/tokenizer.js';
import { hunkDiff, patchOf } from '../support/patches.js';

const DEPTH = 100_000;

describe('deeply nested schema code in a patch', () => {
  it.each([
    ['100,000 unclosed [ on one line', [`+{ 'struct': 'Abc', 'data': ${'['.repeat(DEPTH)}`]],
    ['100,000 closers with no opener in sight', [`+${']'.repeat(DEPTH)}`]],
    ['100,000 lines of one [ each', Array.from({ length: DEPTH }, () => '+[')],
    ['100,000 nested member objects', [`+{ 'struct': 'Abc', 'data': { 'a': ${"{ 'b': [".repeat(DEPTH / 2)}`]],
  ])(
    '%s: the rules run to the end',
    (_name, added) => {
      const patch = patchOf(hunkDiff('qapi/deep.json', [{ start: 10, lines: [' # context', ...added] }]));
      const { failures } = reviewPatch(patch, rules);
      expect(failures).toEqual([]);
    },
    60_000,
  );

  it('200,000 enum values on one line, and 200,000 lines next to another hunk', () => {
    // Read directly: a rule's own cost on so many members is not what is tested here.
    const values = Array.from({ length: 200_000 }, (_, i) => `'v${i}'`).join(', ');
    const wide = patchOf(hunkDiff('qapi/wide.json', [{ start: 10, lines: [' # context', `+{ 'enum': 'Abc', 'data': [ ${values} ] }`] }]));
    const [definition] = readSchema(viewOfDiff(wide.files[0]!)).definitions;
    expect(definition!.members).toHaveLength(200_000);
    // Written out by hand: hunkDiff spreads its lines, which is the very overflow tested for.
    const added = Array.from({ length: 200_000 }, (_, i) => `+  'v${i}',\n`).join('');
    const long = patchOf(
      'diff --git a/qapi/long.json b/qapi/long.json\n--- a/qapi/long.json\n+++ b/qapi/long.json\n' +
        `@@ -10,1 +10,1 @@\n # context\n@@ -11,0 +11,200000 @@\n${added}`,
    );
    const view = viewOfDiff(long.files[0]!);
    expect(view.segments).toHaveLength(1);
    expect(view.segments[0]).toHaveLength(200_001);
    expect(reviewPatch(long, rules).failures).toEqual([]);
  }, 120_000);

  it('bounds of a deep tree are its outermost tokens', () => {
    const line = `${'['.repeat(DEPTH)}'x'`;
    const [outer] = buildTree(tokenizeLine(line, 7), () => false);
    expect(tokenBounds(outer!)).toMatchObject({ first: { line: 7, column: 1 }, last: { line: 7, column: DEPTH + 1, value: 'x' } });
    const closers = buildTree(tokenizeLine(`'y'${']'.repeat(DEPTH)}`, 3), () => false);
    expect(closers).toHaveLength(1);
    expect(tokenBounds(closers[0]!)).toMatchObject({ first: { column: 1, value: 'y' }, last: { column: DEPTH + 3 } });
  });
});
