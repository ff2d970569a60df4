/** Carrying a finding's line through the later commits of a series. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiffAt } from '../../src/patch/diff.js';
import type { FileDiff } from '../../src/patch/types.js';
import { splitLines } from '../../src/patch/view.js';
import { carryLine, carryRange, moveThroughHunks, scan, type CommitDiff } from '../../src/github/line-map.js';
import { repoRoot } from '../support/shared.js';

function diffOf(text: string): FileDiff[] {
  const lines = splitLines(text);
  return parseDiffAt(
    lines,
    lines.findIndex((l) => l.startsWith('diff --git ')),
  );
}

const followup: CommitDiff = {
  sha: '88d869668d87d1609daf519666ac55d397b4918d',
  files: diffOf(readFileSync(join(repoRoot, 'fixtures', 'github', 'pr-followup.patch'), 'utf8')),
};

describe('moving a line through a commit', () => {
  // pr-followup.patch rewrites lines 25-26 as three lines, and inserts two lines after line 35.
  const hunks = followup.files![0]!.hunks;
  it.each([
    [1, 1],
    [24, 24],
    [25, null],
    [26, null],
    [27, 28],
    [35, 36],
    [36, 39],
    [47, 50],
    [61, 64],
    [500, 503],
  ])('line %i of the file before becomes %s', (before, after) => {
    expect(moveThroughHunks(hunks, before)).toBe(after);
  });

  const hunk = (header: string, body: string[]) => diffOf(['diff --git a/f b/f', '--- a/f', '+++ b/f', header, ...body, ''].join('\n'))[0]!.hunks;
  it('a hunk that only inserts sits after its old start line', () => {
    const h = hunk('@@ -5,0 +6,2 @@', ['+a', '+b']);
    expect([4, 5, 6, 7].map((n) => moveThroughHunks(h, n))).toEqual([4, 5, 8, 9]);
  });
  it('a hunk that only deletes leaves its neighbours in place and drops its lines', () => {
    const h = hunk('@@ -5,2 +4,0 @@', ['-a', '-b']);
    expect([4, 5, 6, 7].map((n) => moveThroughHunks(h, n))).toEqual([4, null, null, 5]);
  });
  it('bisecting the hunks finds what a scan of them finds, around inserts, deletes and a corrupt hunk', () => {
    const many = diffOf(
      [
        'diff --git a/f b/f',
        '--- a/f',
        '+++ b/f',
        '@@ -3,0 +4,2 @@',
        '+a',
        '+b',
        '@@ -10,3 +12,2 @@',
        ' c',
        '-d',
        ' e',
        '@@ -20,2 +21,0 @@',
        '-f',
        '-g',
        '@@ -30,2 +29,3 @@',
        ' h',
        '+i',
        ' j',
        '@@ -40,2 +41,2 @@',
        ' k',
        '+l',
        ' m',
        '@@ -60,1 +61,1 @@',
        '-n',
        '+o',
        '',
      ].join('\n'),
    )[0]!.hunks;
    expect(many[4]!.corrupt).toBe('the hunk has more lines than its header declares');
    const lines = Array.from({ length: 80 }, (_, i) => i + 1);
    expect(lines.map((n) => moveThroughHunks(many, n))).toEqual(lines.map((n) => scan(many, n)));
    // Before the corrupt hunk lines still move; from it on, none can be placed.
    expect([1, 5, 11, 12, 20, 31, 39, 41, 70].map((n) => moveThroughHunks(many, n))).toEqual([1, 7, null, 13, null, 31, 39, null, null]);
  });
});

describe('carrying a line to the tip of the series', () => {
  it('follows renames and stops at deletions, merges and rewrites', () => {
    const rename: CommitDiff = {
      sha: 'a'.repeat(40),
      files: diffOf('diff --git a/qapi/migration.json b/qapi/mig.json\nsimilarity index 100%\nrename from qapi/migration.json\nrename to qapi/mig.json\n'),
    };
    expect(carryLine('qapi/migration.json', 47, [followup, rename])).toEqual({ ok: true, path: 'qapi/mig.json', line: 50 });
    expect(carryLine('qapi/migration.json', 25, [followup])).toEqual({ ok: false, why: 'commit 88d869668d87 changes this line again' });
    expect(carryLine('other.c', 3, [followup])).toEqual({ ok: true, path: 'other.c', line: 3 });
    const deleted: CommitDiff = {
      sha: 'b'.repeat(40),
      files: diffOf('diff --git a/other.c b/other.c\ndeleted file mode 100644\n--- a/other.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n'),
    };
    expect(carryLine('other.c', 1, [deleted])).toEqual({ ok: false, why: 'commit bbbbbbbbbbbb deletes other.c' });
    expect(carryLine('other.c', 1, [{ sha: 'c'.repeat(40), files: null, why: 'is a merge' }])).toEqual({
      ok: false,
      why: 'commit cccccccccccc follows and is a merge',
    });
  });

  it('carries a range only when its lines stay together', () => {
    expect(carryRange('qapi/migration.json', 47, 48, [followup])).toEqual({ ok: true, path: 'qapi/migration.json', line: 50, endLine: 51 });
    // Lines 35 and 36 get two new lines between them.
    expect(carryRange('qapi/migration.json', 35, 36, [followup])).toMatchObject({ ok: false });
    expect(carryRange('qapi/migration.json', 24, 25, [followup])).toMatchObject({ ok: false, why: 'commit 88d869668d87 changes this line again' });
  });
});
