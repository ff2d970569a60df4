/** Building the new-side view of a file: from a patch's hunks, or from whole text. */
import type { FileDiff, FileView, SourceLine } from './types.js';

class SegmentedView implements FileView {
  private readonly byLine = new Map<number, SourceLine>();

  constructor(
    readonly path: string,
    readonly segments: SourceLine[][],
    readonly complete: boolean,
  ) {
    for (const segment of segments) for (const l of segment) this.byLine.set(l.line, l);
  }

  line(n: number): SourceLine | undefined {
    return this.byLine.get(n);
  }
}

/** A view from runs of lines; runs are sorted and merged where they touch. */
export function viewFromSegments(path: string, segments: SourceLine[][], complete = false): FileView {
  const sorted = segments.filter((s) => s.length > 0).sort((a, b) => a[0]!.line - b[0]!.line);
  const merged: SourceLine[][] = [];
  for (const segment of sorted) {
    const last = merged[merged.length - 1];
    // Line by line: spreading a hunk of 200,000 lines into push() overflows the stack.
    if (last && last[last.length - 1]!.line + 1 === segment[0]!.line) for (const l of segment) last.push(l);
    else merged.push([...segment]);
  }
  return new SegmentedView(path, merged, complete);
}

/** Splits text into lines the way a file is read: a final newline does not start another line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The whole text of a file as a complete view; `added` tells which lines count as changed. */
export function viewOfText(path: string, text: string, added: (line: number) => boolean = () => true): FileView {
  const segment = splitLines(text).map((t, i) => ({ line: i + 1, text: t, added: added(i + 1) }));
  return viewFromSegments(path, [segment], true);
}

/** The new side of a file diff: its context and added lines, one run per trustworthy hunk. */
export function viewOfDiff(file: FileDiff): FileView {
  const segments: SourceLine[][] = [];
  for (const hunk of file.hunks) {
    if (hunk.corrupt) continue;
    const segment: SourceLine[] = [];
    for (const l of hunk.lines) {
      if (l.newLine === null) continue;
      segment.push({ line: l.newLine, text: l.text, added: l.kind === 'add', patchLine: l.patchLine });
    }
    segments.push(segment);
  }
  const complete = file.status === 'added' && file.hunks.length > 0 && file.hunks.every((h) => !h.corrupt);
  return viewFromSegments(file.path, segments, complete);
}
