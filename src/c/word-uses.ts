/**
 * Uses of macro-like names (capitals, digits and `_`) on the lines a patch
 * adds to C files, as trace keys: what a later patch of a series did, for
 * a finding held until the series has been seen (Problem.seriesUses).
 */
import { isCSourcePath } from '../engine/files.js';
import type { ChangedFile } from '../engine/types.js';
import { continued, DEFINE_LINE } from './macros.js';

/** Character classes by code unit below 128: 1 a word character, 2 also one a macro-like name may hold ([A-Z0-9_]). */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /[A-Z0-9_]/.test(ch) ? 2 : /[a-z]/.test(ch) ? 1 : 0;
}
const classOf = (c: number): number => (c < 128 ? CLASS[c]! : 0);

/**
 * Calls `use` with each macro-like name of `text`: a whole word of capitals, digits and `_`, at
 * least three long, starting with a capital (what /\b[A-Z][A-Z0-9_]{2,}\b/ matches). A scan by
 * hand: every line a patch adds to C goes through here, and a match object per name cost more
 * than the rest of the trace.
 */
function forEachName(text: string, use: (name: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (classOf(text.charCodeAt(i)) === 0) {
      i++;
      continue;
    }
    const start = i;
    let macroLike = true;
    for (; i < n; i++) {
      const k = classOf(text.charCodeAt(i));
      if (k === 0) break;
      if (k === 1) macroLike = false;
    }
    const first = text.charCodeAt(start);
    if (macroLike && i - start >= 3 && first >= 65 && first <= 90) use(text.slice(start, i));
  }
}
const DEFINED = /^\s*#\s*define\s+([A-Za-z_]\w*)/;
/** A directive that tests or undefines names: those names are knobs, not values. */
const KNOB_LINE = /^\s*#\s*(?:undef|ifn?def|if|elif)\b/;

/** Trace key of a name used once on the patch's added lines, and of one used more often. */
export const onceKey = (word: string): string => `c-use:${word}`;
export const moreKey = (word: string): string => `c-uses:${word}`;

/**
 * A use inside a `#define` is made wherever that macro is, and a name a directive tests or
 * undefines is a knob: both count as many uses, which leaves a single-use finding standing on nothing.
 */
export function wordUseKeys(files: readonly ChangedFile[]): string[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    if (!isCSourcePath(file.path)) continue;
    for (const hunk of file.diff.hunks) {
      let goesOn = false;
      let inDefine = false;
      for (const line of hunk.lines) {
        if (line.kind === 'del') continue;
        const text = line.text;
        const directive = text.includes('#');
        if (!goesOn) inDefine = directive && DEFINE_LINE.test(text);
        goesOn = continued(text);
        if (line.kind !== 'add') continue;
        const weight = inDefine || (directive && KNOB_LINE.test(text)) ? 2 : 1;
        // The name a #define introduces is no use of it.
        const defined = directive ? DEFINED.exec(text)?.[1] : undefined;
        forEachName(text, (name) => {
          if (name !== defined) counts.set(name, (counts.get(name) ?? 0) + weight);
        });
      }
    }
  }
  return [...counts].map(([word, n]) => (n === 1 ? onceKey(word) : moreKey(word)));
}

/** How many uses of `word` a patch's trace records: 0, 1, or 2 standing for two or more. */
export function usesIn(trace: ReadonlySet<string> | readonly string[], word: string): number {
  const has = (key: string) => (Array.isArray(trace) ? trace.includes(key) : (trace as ReadonlySet<string>).has(key));
  return has(moreKey(word)) ? 2 : has(onceKey(word)) ? 1 : 0;
}
