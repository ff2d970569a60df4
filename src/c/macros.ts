/** `#define`s in the visible lines of a C file. */
import type { ChangedFile } from '../engine/types.js';
import type { FileView, SourceLine } from '../patch/types.js';
import type { MacroDefinition } from './types.js';
import { commentLines } from './comments.js';

const DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?/;
/** The first line of a `#define`. */
export const DEFINE_LINE = /^\s*#\s*define\b/;

/** The line goes on to the next (a backslash ends it, blanks aside); every line of C asks, so the cheap test comes first. */
export const continued = (text: string): boolean => text.endsWith('\\') || (text.includes('\\') && text.trimEnd().endsWith('\\'));

/**
 * Line `i` of a run of lines (`textAt(k)` is line k) belongs to a `#define`, as its first line or a
 * continuation. A name used there is used again wherever that macro is, so the line says nothing of
 * how often it is used. A continuation whose start lies above the first line shown counts too: it
 * cannot be told from one.
 */
export function inDefinition(i: number, textAt: (k: number) => string): boolean {
  let j = i;
  while (j > 0 && continued(textAt(j - 1))) j--;
  return DEFINE_LINE.test(textAt(j)) || (j === 0 && j < i);
}

/** A use of a name on line `i` of `lines`: on a line of code, and where in a `#define` it stands. */
export interface NameUse {
  index: number;
  inDefinition: boolean;
}

/**
 * Where `word` (a RegExp with the g flag, for a whole word) occurs on the lines of code among
 * `lines`, consecutive lines of a file, once per occurrence: a mention in a comment is no use.
 * `wanted(i)` says which lines count (the added ones, say).
 */
export function usesOnLines(lines: readonly string[], name: string, word: RegExp, wanted: (i: number) => boolean, fromFileStart = false): NameUse[] {
  const uses: NameUse[] = [];
  let comments: Set<number> | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes(name) || !wanted(i)) continue;
    comments ??= new Set(commentLines(lines, fromFileStart).map((c) => c.index));
    if (comments.has(i)) continue;
    for (const _ of lines[i]!.matchAll(word)) uses.push({ index: i, inDefinition: inDefinition(i, (k) => lines[k]!) });
  }
  return uses;
}

/** Every macro whose definition the view shows whole, continuation lines included. */
export function readMacros(view: FileView): MacroDefinition[] {
  const macros: MacroDefinition[] = [];
  for (const segment of view.segments) {
    for (let i = 0; i < segment.length; i++) {
      const m = DEFINE.exec(segment[i]!.text);
      if (!m) continue;
      const lines: SourceLine[] = [segment[i]!];
      let j = i;
      while (continued(segment[j]!.text) && j + 1 < segment.length) lines.push(segment[++j]!);
      // A continuation running off the visible lines: the body is not known.
      if (continued(segment[j]!.text)) break;
      const first = segment[i]!.text.slice(m[0].length);
      const body = [first, ...lines.slice(1).map((l) => l.text)]
        .map((t) => t.replace(/\\\s*$/, '').trimEnd())
        .join('\n')
        .trim();
      macros.push({
        name: m[1]!,
        params:
          m[2] === undefined
            ? null
            : m[3]!
                .split(',')
                .map((p) => p.trim())
                .filter((p) => p !== ''),
        line: segment[i]!.line,
        endLine: segment[j]!.line,
        column: segment[i]!.text.indexOf(m[1]!, segment[i]!.text.indexOf('define') + 6) + 1,
        body,
        added: lines.every((l) => l.added),
      });
      i = j;
    }
  }
  return macros;
}

/** The patch deletes a `#define` of this name somewhere: a macro it adds moved or changed, it is not new. */
export function definitionRemoved(name: string, files: readonly ChangedFile[]): boolean {
  const define = new RegExp(`^\\s*#\\s*define\\s+${name}\\b`);
  return files.some((f) => f.diff.hunks.some((h) => h.lines.some((l) => l.kind === 'del' && define.test(l.text))));
}
