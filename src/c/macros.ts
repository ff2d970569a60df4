/** `#define`s in the visible lines of a C file. */
import type { ChangedFile } from '../engine/types.js';
import type { FileView, SourceLine } from '../patch/types.js';
import type { MacroDefinition } from './types.js';

const DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?/;

/** Every macro whose definition the view shows whole, continuation lines included. */
export function readMacros(view: FileView): MacroDefinition[] {
  const macros: MacroDefinition[] = [];
  for (const segment of view.segments) {
    for (let i = 0; i < segment.length; i++) {
      const m = DEFINE.exec(segment[i]!.text);
      if (!m) continue;
      const lines: SourceLine[] = [segment[i]!];
      let j = i;
      while (segment[j]!.text.trimEnd().endsWith('\\') && j + 1 < segment.length) lines.push(segment[++j]!);
      // A continuation running off the visible lines: the body is not known.
      if (segment[j]!.text.trimEnd().endsWith('\\')) break;
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
