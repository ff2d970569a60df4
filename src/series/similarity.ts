/**
 * How alike two patches are, from what they change: a renamed or reordered
 * patch keeps most of its files and most of the words it adds and removes.
 * The score is between 0 (nothing shared) and 1 (the same change).
 */
import type { Patch } from '../patch/types.js';
import { pairFiles } from './file-pairs.js';
import { dice } from './dice.js';

/** Words of the changed lines, counted; a word repeated in a patch counts as often as it occurs. Kept per patch, as shownLines is. */
const wordsCache = new WeakMap<Patch, Map<string, number>>();

function changedWords(patch: Patch): Map<string, number> {
  const cached = wordsCache.get(patch);
  if (cached) return cached;
  const words = new Map<string, number>();
  for (const file of patch.files) {
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.kind === 'context') continue;
        for (const w of line.text.match(/[A-Za-z_][\w-]*/g) ?? []) {
          const key = `${line.kind}:${w}`;
          words.set(key, (words.get(key) ?? 0) + 1);
        }
      }
    }
  }
  wordsCache.set(patch, words);
  return words;
}

export function patchSimilarity(a: Patch, b: Patch): number {
  const files = fileShare(a, b);
  // The words carry most of the weight: files alone cannot tell two patches to one file apart.
  return 0.25 * files + 0.75 * dice(changedWords(a), changedWords(b));
}

/** Paths both patches change, over paths either changes. */
function fileShare(a: Patch, b: Patch): number {
  const filesA = new Set(a.files.map((f) => f.path));
  const filesB = new Set(b.files.map((f) => f.path));
  const union = new Set([...filesA, ...filesB]).size;
  const sharedFiles = [...filesA].filter((f) => filesB.has(f)).length;
  return union === 0 ? 0 : sharedFiles / union;
}

/** Words counted with their repeats, kept per patch as the words are. */
const totalCache = new WeakMap<Patch, number>();

function wordTotal(patch: Patch): number {
  let total = totalCache.get(patch);
  if (total === undefined) {
    total = 0;
    for (const n of changedWords(patch).values()) total += n;
    totalCache.set(patch, total);
  }
  return total;
}

/**
 * The most patchSimilarity could be, from the sizes of the two changes alone: two patches of
 * very different sizes share at most the smaller one's words. Linking an archive compares a
 * patch with many others; this rules most of them out without counting a word.
 */
export function similarityBound(a: Patch, b: Patch): number {
  const ta = wordTotal(a);
  const tb = wordTotal(b);
  const words = ta + tb === 0 ? 0 : (2 * Math.min(ta, tb)) / (ta + tb);
  return 0.25 * fileShare(a, b) + 0.75 * words;
}

/** The two patches change at least one file in common, or `b` changes a file of `a` under a new name. */
export function shareAFile(a: Patch, b: Patch): boolean {
  const paths = new Set(a.files.map((f) => f.path));
  return b.files.some((f) => paths.has(f.path)) || pairFiles(a, b).size > 0;
}
