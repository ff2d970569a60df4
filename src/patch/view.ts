/** Building the new-side view of a file: from a patch's hunks, or from whole text. */
import type { FileDiff, FileView, SourceLine } from './types.js';

class SegmentedView implements FileView {
  /** Only for runs that are not consecutive lines in ascending order (a hostile hunk): the last line of a number wins. */
  private byLine: Map<number, SourceLine> | null = null;
  /** The runs are consecutive lines, ascending and apart: a line is found by its run's first line, with no index. */
  private readonly ordered: boolean;

  constructor(
    readonly path: string,
    readonly segments: SourceLine[][],
    readonly complete: boolean,
  ) {
    this.ordered = consecutive(segments);
  }

  line(n: number): SourceLine | undefined {
    if (!this.ordered) {
      if (this.byLine === null) {
        this.byLine = new Map();
        for (const segment of this.segments) for (const l of segment) this.byLine.set(l.line, l);
      }
      return this.byLine.get(n);
    }
    const segments = this.segments;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const segment = segments[mid]!;
      const first = segment[0]!.line;
      if (n < first) hi = mid - 1;
      else if (n >= first + segment.length) lo = mid + 1;
      else return segment[n - first];
    }
    return undefined;
  }
}

/** Every run is lines n, n+1, … and starts after the previous one ends. */
function consecutive(segments: readonly SourceLine[][]): boolean {
  let end = -Infinity;
  for (const segment of segments) {
    if (segment.length === 0) return false;
    const first = segment[0]!.line;
    if (!Number.isInteger(first) || first <= end) return false;
    for (let i = 1; i < segment.length; i++) if (segment[i]!.line !== first + i) return false;
    end = first + segment.length - 1;
  }
  return true;
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
