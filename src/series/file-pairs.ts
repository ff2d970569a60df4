/**
 * Which file of the new version of a patch continues each file of the old
 * one.  Usually the same path; but a respin may rename the file it adds
 * (same content under another path), or rename it with git's `rename
 * from`/`rename to` headers, and the findings and comments on it must
 * follow.  A file that nothing in the new version resembles has no
 * counterpart: its lines are gone.
 */
import type { FileDiff, Patch } from '../patch/types.js';
import { dice } from './dice.js';
import { isFiller } from './filler.js';

/** How much of its lines a file must share with another path to be taken for it renamed. */
const SAME_CONTENT = 0.5;

/**
 * The lines a file diff shows of the patched file (added and context), counted; lines of punctuation alone (`##`, `#`, `}`) say nothing of a file.
 * Kept per file: linking the versions of an archive asks for the same file's lines many times.
 */
const shownCache = new WeakMap<FileDiff, Map<string, number>>();

export function shownLines(file: FileDiff): ReadonlyMap<string, number> {
  const cached = shownCache.get(file);
  if (cached) return cached;
  const lines = new Map<string, number>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'del') continue;
      const text = line.text.trim();
      if (isFiller(text)) continue;
      lines.set(text, (lines.get(text) ?? 0) + 1);
    }
  }
  shownCache.set(file, lines);
  return lines;
}

/** Old path → the path of the new version's file that continues it (files the old patch deletes are left out). */
export function pairFiles(a: Patch, b: Patch): Map<string, string> {
  const pairs = new Map<string, string>();
  const olds = a.files.filter((f) => f.newPath !== null);
  const news = b.files.filter((f) => f.newPath !== null);
  const claimed = new Set<string>();
  const claim = (from: FileDiff, to: FileDiff) => {
    pairs.set(from.path, to.path);
    claimed.add(to.path);
  };
  // The same path first: a file both versions change is the same file, whatever else moved.
  for (const f of olds) {
    const same = news.find((g) => g.path === f.path);
    if (same) claim(f, same);
  }
  // Then what git says: the new version renames (or copies) the old path, or both rename the same file.
  for (const f of olds) {
    if (pairs.has(f.path)) continue;
    const renamed = news.find(
      (g) => !claimed.has(g.path) && g.oldPath !== null && (g.oldPath === f.path || (f.oldPath !== null && f.oldPath !== f.path && g.oldPath === f.oldPath)),
    );
    if (renamed) claim(f, renamed);
  }
  // Last the content: the old file's lines under a path no old file has.
  const left = news.filter((g) => !claimed.has(g.path) && !olds.some((f) => f.path === g.path));
  const scored: Array<{ f: FileDiff; g: FileDiff; score: number }> = [];
  for (const f of olds) {
    if (pairs.has(f.path)) continue;
    const lines = shownLines(f);
    for (const g of left) scored.push({ f, g, score: dice(lines, shownLines(g)) });
  }
  scored.sort((x, y) => y.score - x.score || x.f.patchLine - y.f.patchLine || x.g.patchLine - y.g.patchLine);
  for (const { f, g, score } of scored) {
    if (score < SAME_CONTENT) break;
    if (pairs.has(f.path) || claimed.has(g.path)) continue;
    claim(f, g);
  }
  return pairs;
}
