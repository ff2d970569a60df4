/** The C comment rules in tree mode: a file's own habit turns them on, and the figure is said. */
import { describe, expect, it } from 'vitest';
import width from '../../../rules/c/comment-width.js';
import spacing from '../../../rules/c/comment-sentence-spacing.js';
import { reviewPatch } from '../../../src/engine/run.js';
import type { TreeAccess } from '../../../src/engine/types.js';
import { commentHabit, commentLines } from '../../../src/c/comments.js';
import { hunkDiff, patchOf } from '../../support/patches.js';

/** A tree holding one file, as the patch left it. */
function treeWith(path: string, text: string): TreeAccess {
  return { root: '/tree', version: '10.1.50', failures: [], alreadyApplied: [], refused: null, read: (p) => (p === path ? text : null), callsOf: () => [] };
}

/** A C file of `n` comment blocks; every block's sentences `gap` apart, its lines `wide` past 70 or not. */
function cFile(n: number, wide: (i: number) => boolean, gap = '  '): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      '/*',
      ` * Block ${i} says what the function below does.${gap}It is short.${wide(i) ? ' And then some more words go past it.' : ''}`,
      ' */',
      `int f${i}(void);`,
      '',
    );
  }
  return lines;
}

const WIDE = '/* This new comment explains the dispatch loop in more words than fit. */';

/** The file with WIDE added after its first block: the patch's hunk and the tree's text. */
function added(file: string[]) {
  const text = [...file.slice(0, 5), WIDE, ...file.slice(5)].join('\n') + '\n';
  const diff = hunkDiff('monitor/hmp.c', [{ start: 1, lines: [...file.slice(0, 5).map((l) => ` ${l}`), `+${WIDE}`, ...file.slice(5, 8).map((l) => ` ${l}`)] }]);
  return { text, diff };
}

describe('C comment rules by the file habit (tree mode)', () => {
  it('speak where nearly all of the file keeps to 70 columns, with the figure', () => {
    const { text, diff } = added(cFile(30, (i) => i === 0));
    const { findings } = reviewPatch(patchOf(diff), [width], { tree: treeWith('monitor/hmp.c', text) });
    expect(findings.map((f) => `${f.line}: ${f.message}`)).toEqual([
      "6: comment line is 73 columns, while 96% of this file's comment lines are at most 70; wrap at 70 for consistency with the file",
    ]);
  });

  it('stay quiet where the file is mixed, or too small to tell', () => {
    const mixed = added(cFile(30, (i) => i % 4 === 0));
    expect(reviewPatch(patchOf(mixed.diff), [width], { tree: treeWith('monitor/hmp.c', mixed.text) }).findings).toEqual([]);
    const small = added(cFile(10, () => false));
    expect(reviewPatch(patchOf(small.diff), [width], { tree: treeWith('monitor/hmp.c', small.text) }).findings).toEqual([]);
    // Without a tree there is no file to go by.
    expect(reviewPatch(patchOf(small.diff), [width]).findings).toEqual([]);
  });

  it('count sentence spacing the same way', () => {
    const two = cFile(12, () => false, '  ');
    const text = [...two.slice(0, 5), '/* Added here. Single spaced. */', ...two.slice(5)].join('\n');
    const diff = hunkDiff('monitor/hmp.c', [{ start: 1, lines: [...two.slice(0, 5).map((l) => ` ${l}`), '+/* Added here. Single spaced. */', ' /*'] }]);
    const found = reviewPatch(patchOf(diff), [spacing], { tree: treeWith('monitor/hmp.c', text) }).findings;
    expect(found.map((f) => f.message)).toEqual([
      'one space after "here.", while 100% of this file\'s comment sentences are two spaces apart; use two for consistency with the file',
    ]);
    const one = cFile(12, () => false, ' ').join('\n');
    expect(reviewPatch(patchOf(diff), [spacing], { tree: treeWith('monitor/hmp.c', one) }).findings).toEqual([]);
  });

  it('read comments, not code or strings', () => {
    const lines = ['int a = 2', '    * 3; /* not a comment line */', 'const char *s = "/* no */";', '/*', ' * Inside.  Two.', ' */', '// Line.'];
    expect(commentLines(lines, true).map((c) => c.index)).toEqual([3, 4, 5, 6]);
    const habit = commentHabit(lines.join('\n'), 70, new Set());
    expect(habit).toEqual({ lines: 2, narrow: 2, sentenceGaps: 1, twoSpaced: 1 });
  });
});
