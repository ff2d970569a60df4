import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/patch/apply.js';
import { reviewPatch } from '../../../src/engine/run.js';
import { SourceTree } from '../../../src/tree/source-tree.js';
import { TreeSession } from '../../../src/tree/tree-session.js';
import { hunkDiff, patchOf } from '../../support/patches.js';
import { tempDir } from '../../support/temp.js';

function onTree(diff: string) {
  const root = tempDir('qemu-review-apply-');
  mkdirSync(join(root, 'hw'));
  writeFileSync(join(root, 'hw', 'a.c'), 'one\ntwo\nthree\n');
  const session = new TreeSession(new SourceTree(root));
  const patch = patchOf(diff);
  const { views, access } = session.apply(patch);
  return reviewPatch(patch, [rule], { viewOf: (d) => views.get(d), tree: access }).findings;
}

describe('patch/apply', () => {
  it('stays quiet without a tree, and when the patch applies', () => {
    const applies = hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+2', ' three'] }]);
    expect(reviewPatch(patchOf(applies), [rule]).findings).toEqual([]);
    expect(onTree(applies)).toEqual([]);
  });

  it('says which file did not apply, and why', () => {
    const found = onTree(
      hunkDiff('hw/a.c', [{ start: 1, lines: [' uno', '-dos', '+2', ' tres'] }]) + hunkDiff('hw/new.c', [{ start: 1, lines: ['-x', '+y'] }]),
    );
    expect(found.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([
      'hw/a.c:1: does not apply to the tree: hunk @@ -1,3 +1,3 @@ does not match the file; reviewed from the diff alone',
      'hw/new.c:1: does not apply to the tree: the file is not in the tree; reviewed from the diff alone',
    ]);
    expect(found.every((f) => f.severity === 'info')).toBe(true);
  });
});
