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
  const filesA = new Set(a.files.map((f) => f.path));
  const filesB = new Set(b.files.map((f) => f.path));
  const union = new Set([...filesA, ...filesB]).size;
  const sharedFiles = [...filesA].filter((f) => filesB.has(f)).length;
  const files = union === 0 ? 0 : sharedFiles / union;
  // The words carry most of the weight: files alone cannot tell two patches to one file apart.
  return 0.25 * files + 0.75 * dice(changedWords(a), changedWords(b));
}

/** The two patches change at least one file in common, or `b` changes a file of `a` under a new name. */
export function shareAFile(a: Patch, b: Patch): boolean {
  const paths = new Set(a.files.map((f) => f.path));
  return b.files.some((f) => paths.has(f.path)) || pairFiles(a, b).size > 0;
}
