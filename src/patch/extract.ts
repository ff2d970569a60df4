/** Finding the parts of a patch mail body: commit message, separator, diff. */
import type { CommitMessageLine } from './types.js';

const GIT_DIFF = /^diff --git /;
const OTHER_DIFF = /^diff -/; // `diff -u`, `diff -urN`
const OLD_FILE = /^--- \S/;
const NEW_FILE = /^\+\+\+ \S/;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;

/**
 * Index of the line where the diff starts, or -1.  Only unquoted lines count:
 * a reply's `> diff --git` is never taken for a diff.
 */
export function findDiffStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (GIT_DIFF.test(line) && startsGitFileHeader(lines, i + 1)) return i;
    if (OTHER_DIFF.test(line) && looksLikeUnifiedFileHeader(lines, i + 1)) return i;
    if (OLD_FILE.test(line) && looksLikeUnifiedFileHeader(lines, i)) return i;
  }
  return -1;
}

/** What follows `diff --git` in a real diff (a prose line starting "diff --git" is not one). */
function startsGitFileHeader(lines: readonly string[], i: number): boolean {
  const next = lines[i];
  if (next === undefined) return true;
  return /^(old mode|new mode|deleted file mode|new file mode|similarity index|dissimilarity index|rename from|copy from|index |Binary files|GIT binary patch|--- |@@ )/.test(
    next,
  );
}

/** `--- a` then `+++ b` then `@@` starting at line i (a few header lines may precede in `diff -u`). */
function looksLikeUnifiedFileHeader(lines: readonly string[], i: number): boolean {
  for (let j = i; j < Math.min(lines.length - 2, i + 4); j++) {
    if (OLD_FILE.test(lines[j]!) && NEW_FILE.test(lines[j + 1]!) && HUNK.test(lines[j + 2]!)) return true;
  }
  return false;
}

/**
 * The commit message body: the lines before git's `---` separator (or before
 * the diff when there is none), without trailing blank lines.
 */
export function commitMessageLines(lines: readonly string[], diffStart: number): CommitMessageLine[] {
  const end = diffStart < 0 ? lines.length : diffStart;
  let stop = end;
  for (let i = 0; i < end; i++) {
    if (lines[i] === '---') {
      stop = i;
      break;
    }
  }
  while (stop > 0 && lines[stop - 1]!.trim() === '') stop--;
  const message: CommitMessageLine[] = [];
  for (let i = 0; i < stop; i++) message.push({ text: lines[i]!, patchLine: i + 1 });
  return message;
}
