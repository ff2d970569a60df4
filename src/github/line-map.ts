/**
 * Carrying a line of one commit's tree to the tip of the series.  Each later
 * commit's diff either leaves the line alone (it may move) or touches it; a
 * line a later commit deleted or rewrote has no place at the tip, and a
 * comment there would land on someone else's text.
 */
import type { FileDiff, Hunk } from '../patch/types.js';

/** The diffs of a commit, or null when they are unknown (a merge, a patch that could not be read). */
export type CommitDiff = { sha: string; files: readonly FileDiff[] } | { sha: string; files: null; why: string };

export type Carried = { ok: true; path: string; line: number } | { ok: false; why: string };

/** Where line `line` of `path` after the commit before `later` stands after all of `later`. */
export function carryLine(path: string, line: number, later: readonly CommitDiff[]): Carried {
  let at = { path, line };
  for (const commit of later) {
    if (commit.files === null) return { ok: false, why: `commit ${short(commit.sha)} follows and ${commit.why}` };
    const file = commit.files.find((f) => f.oldPath === at.path);
    if (!file) {
      // A later commit that creates the path anew replaced the file we knew.
      if (commit.files.some((f) => f.oldPath === null && f.newPath === at.path)) return changed(commit.sha);
      continue;
    }
    if (file.newPath === null) return { ok: false, why: `commit ${short(commit.sha)} deletes ${at.path}` };
    if (file.binary) return changed(commit.sha);
    const moved = moveThroughHunks(file.hunks, at.line);
    if (moved === null) return changed(commit.sha);
    at = { path: file.newPath, line: moved };
  }
  return { ok: true, ...at };
}

/**
 * Carries lines `line..endLine` together: they must all survive and stay
 * consecutive, or a range (a suggestion above all) would cover other text.
 */
export function carryRange(path: string, line: number, endLine: number, later: readonly CommitDiff[]): Carried & { endLine?: number } {
  const first = carryLine(path, line, later);
  if (!first.ok) return first;
  for (let n = line + 1; n <= endLine; n++) {
    const next = carryLine(path, n, later);
    if (!next.ok) return next;
    if (next.path !== first.path || next.line !== first.line + (n - line)) {
      return { ok: false, why: `a later commit inserted lines inside lines ${line}-${endLine}` };
    }
  }
  return { ...first, endLine: first.line + (endLine - line) };
}

/** The new number of old line `line`, or null when a hunk deletes it (or cannot be trusted around it). */
export function moveThroughHunks(hunks: readonly Hunk[], line: number): number | null {
  let shift = 0;
  for (const hunk of hunks) {
    // A hunk that only inserts (`-5,0`) sits after its old start line; any other begins at it.
    const oldFirst = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
    const oldEnd = oldFirst + hunk.oldLines;
    if (line < oldFirst) return line + shift;
    if (line < oldEnd) {
      if (hunk.corrupt) return null;
      const seen = hunk.lines.find((l) => l.oldLine === line);
      return seen && seen.kind === 'context' ? seen.newLine : null;
    }
    if (hunk.corrupt) return null;
    const newFirst = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    shift = newFirst + hunk.newLines - oldEnd;
  }
  return line + shift;
}

function changed(sha: string): Carried {
  return { ok: false, why: `commit ${short(sha)} changes this line again` };
}

export const short = (sha: string): string => sha.slice(0, 12);
