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
    const { byOldPath, created } = pathsOf(commit.files);
    const file = byOldPath.get(at.path);
    if (!file) {
      // A later commit that creates the path anew replaced the file we knew.
      if (created.has(at.path)) return changed(commit.sha);
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

const paths = new WeakMap<readonly FileDiff[], { byOldPath: Map<string, FileDiff>; created: Set<string> }>();

/** A commit's files by old path, and the paths it creates: looked up once per finding and later commit. */
function pathsOf(files: readonly FileDiff[]): { byOldPath: Map<string, FileDiff>; created: Set<string> } {
  let index = paths.get(files);
  if (!index) {
    index = { byOldPath: new Map(), created: new Set() };
    for (const f of files) {
      // The first entry for a path wins, as the scan it replaces found it.
      if (f.oldPath !== null && !index.byOldPath.has(f.oldPath)) index.byOldPath.set(f.oldPath, f);
      if (f.oldPath === null && f.newPath !== null) index.created.add(f.newPath);
    }
    paths.set(files, index);
  }
  return index;
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
  const { ordered, firstCorrupt } = shapeOf(hunks);
  // A long series carries every finding through every later commit: a scan of the hunks per
  // finding made large ones quadratic, so hunks in order (as git writes them) are bisected.
  if (!ordered) return scan(hunks, line);
  let lo = 0;
  let hi = hunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (oldFirst(hunks[mid]!) <= line) lo = mid + 1;
    else hi = mid;
  }
  // hunks[lo - 1] is the last hunk starting at or before the line: it holds the line, or shifts it.
  const hunk = hunks[lo - 1];
  if (!hunk) return line;
  // A hunk that cannot be trusted, at or before the line, leaves its place unknown.
  if (firstCorrupt < lo) return null;
  const oldEnd = oldFirst(hunk) + hunk.oldLines;
  if (line < oldEnd) return oldLineIndex(hunk).get(line) ?? null;
  const newFirst = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
  return line + newFirst + hunk.newLines - oldEnd;
}

/** The same, hunk by hunk: for hunks out of order, which no git writes but a patch may hold. */
export function scan(hunks: readonly Hunk[], line: number): number | null {
  let shift = 0;
  for (const hunk of hunks) {
    const first = oldFirst(hunk);
    const oldEnd = first + hunk.oldLines;
    if (line < first) return line + shift;
    if (hunk.corrupt) return null;
    if (line < oldEnd) return oldLineIndex(hunk).get(line) ?? null;
    const newFirst = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    shift = newFirst + hunk.newLines - oldEnd;
  }
  return line + shift;
}

const shapes = new WeakMap<readonly Hunk[], { ordered: boolean; firstCorrupt: number }>();

function shapeOf(hunks: readonly Hunk[]): { ordered: boolean; firstCorrupt: number } {
  let shape = shapes.get(hunks);
  if (!shape) {
    const at = hunks.findIndex((h) => h.corrupt);
    shape = { ordered: hunks.every((h, i) => i === 0 || oldFirst(hunks[i - 1]!) <= oldFirst(h)), firstCorrupt: at < 0 ? Infinity : at };
    shapes.set(hunks, shape);
  }
  return shape;
}

/** A hunk that only inserts (`-5,0`) sits after its old start line; any other begins at it. */
const oldFirst = (hunk: Hunk): number => (hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart);

const indexes = new WeakMap<Hunk, Map<number, number>>();

/** Old line → new line of the hunk's context lines (a deleted or rewritten line has none). */
function oldLineIndex(hunk: Hunk): Map<number, number> {
  let index = indexes.get(hunk);
  if (!index) {
    index = new Map();
    for (const l of hunk.lines) if (l.kind === 'context' && l.oldLine !== null && l.newLine !== null) index.set(l.oldLine, l.newLine);
    indexes.set(hunk, index);
  }
  return index;
}

function changed(sha: string): Carried {
  return { ok: false, why: `commit ${short(sha)} changes this line again` };
}

export const short = (sha: string): string => sha.slice(0, 12);
