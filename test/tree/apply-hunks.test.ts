import { describe, expect, it } from 'vitest';
import { applyHunks } from '../../src/tree/apply-hunks.js';
import { parseDiffAt } from '../../src/patch/diff.js';
import { findDiffStart } from '../../src/patch/extract.js';
import { splitLines } from '../../src/patch/view.js';
import { hunkDiff, newFileDiff } from '../support/patches.js';

const fileOf = (diff: string) => {
  const lines = splitLines(diff);
  return parseDiffAt(lines, findDiffStart(lines))[0]!;
};

const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('applying hunks in memory', () => {
  it('applies at the stated place and marks the added lines', () => {
    const result = applyHunks(base, fileOf(hunkDiff('f', [{ start: 10, lines: [' line 10', '-line 11', '+eleven', '+and a half', ' line 12'] }])));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.text.split('\n').slice(9, 13)).toEqual(['line 10', 'eleven', 'and a half', 'line 12']);
    expect(result.file.lines.filter((l) => l.added).map((l) => [l.line, l.text])).toEqual([
      [11, 'eleven'],
      [12, 'and a half'],
    ]);
    expect(result.file.offsets).toEqual([0]);
  });

  it('finds a hunk that moved (offset), and numbers lines where they land', () => {
    const moved = 'new 1\nnew 2\nnew 3\n' + base;
    const result = applyHunks(moved, fileOf(hunkDiff('f', [{ start: 10, lines: [' line 10', '+ten and a half', ' line 11'] }])));
    expect(result.ok && result.file.offsets).toEqual([3]);
    if (result.ok) expect(result.file.lines.find((l) => l.added)!.line).toBe(14);
  });

  it('drops context at the ends when it has changed (fuzz)', () => {
    const changed = base.replace('line 9\n', 'line nine\n');
    const result = applyHunks(changed, fileOf(hunkDiff('f', [{ start: 9, lines: [' line 9', ' line 10', '+new', ' line 11', ' line 12'] }])));
    expect(result.ok && result.file.fuzz).toEqual([1]);
    if (result.ok) expect(result.file.text).toContain('line nine\nline 10\nnew\nline 11\n');
  });

  it('refuses a hunk whose lines are nowhere', () => {
    const result = applyHunks(base, fileOf(hunkDiff('f', [{ start: 5, lines: [' nothing', '-like', '+this', ' here'] }])));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.why).toBe('hunk @@ -5,3 +5,3 @@ does not match the file');
  });

  it('creates a new file, keeps CRLF files matching, and honours "No newline at end of file"', () => {
    const created = applyHunks('', fileOf(newFileDiff('n.c', 'int a;\nint b;\n')));
    expect(created.ok && created.file.text).toBe('int a;\nint b;\n');
    const crlf = applyHunks('a\r\nb\r\n', fileOf(hunkDiff('f', [{ start: 1, lines: [' a', '-b', '+c'] }])));
    expect(crlf.ok && crlf.file.lines.map((l) => l.text)).toEqual(['a', 'c']);
    const noEol = fileOf('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n+y\n\\ No newline at end of file\n');
    const applied = applyHunks('x\n', noEol);
    expect(applied.ok && applied.file.text).toBe('y');
  });

  it('applies several hunks in order, each relative to the last', () => {
    const result = applyHunks(
      base,
      fileOf(
        hunkDiff('f', [
          { start: 2, lines: [' line 2', '+A', '+B', ' line 3'] },
          { start: 22, lines: [' line 20', '-line 21', ' line 22'] },
        ]),
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.text.split('\n')).toHaveLength(32);
    expect(result.file.text).not.toContain('line 21\n');
    expect(result.file.offsets).toEqual([0, 0]);
  });
});
