/**
 * Applying a file's hunks to its text in memory, the way `patch` does:
 * each hunk is looked for at its stated place, then ever further away
 * (offset), then with up to two context lines dropped at either end (fuzz).
 */
import type { DiffLine, FileDiff, Hunk } from '../patch/types.js';
import type { SourceLine } from '../patch/types.js';

const MAX_FUZZ = 2;

export interface AppliedFile {
  text: string;
  /** Every line of the new text, with what the patch says of it. */
  lines: SourceLine[];
  /** Lines moved from where the hunk headers say, per hunk; and fuzz used. */
  offsets: number[];
  fuzz: number[];
}

export interface HunkFailure {
  hunk: Hunk;
  why: string;
}

export type ApplyResult = { ok: true; file: AppliedFile } | { ok: false; failure: HunkFailure };

/** Text to lines; remembers whether the last line ended with a newline. */
function toLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/** Same line, CRLF files included: the diff's lines have lost their `\r`. */
const sameLine = (a: string, b: string): boolean => a === b || a === `${b}\r`;

function matchesAt(lines: readonly string[], at: number, want: readonly string[]): boolean {
  if (at < 0 || at + want.length > lines.length) return false;
  for (let i = 0; i < want.length; i++) if (!sameLine(lines[at + i]!, want[i]!)) return false;
  return true;
}

/** Nearest position to `expected`, at or after `floor`, where `want` stands. */
function findNearest(lines: readonly string[], want: readonly string[], expected: number, floor: number): number | null {
  const last = lines.length - want.length;
  for (let d = 0; expected - d >= floor || expected + d <= last; d++) {
    if (expected - d >= floor && matchesAt(lines, expected - d, want)) return expected - d;
    if (d > 0 && expected + d <= last && expected + d >= floor && matchesAt(lines, expected + d, want)) return expected + d;
  }
  return null;
}

/** Number of context lines at the start (or end) of a hunk, which fuzz may drop. */
function contextRun(hunk: Hunk, fromEnd: boolean): number {
  const lines = fromEnd ? [...hunk.lines].reverse() : hunk.lines;
  let n = 0;
  while (n < lines.length && lines[n]!.kind === 'context') n++;
  return n;
}

/** `text` is the file before the patch ('' for a new file). */
export function applyHunks(text: string, diff: FileDiff): ApplyResult {
  const { lines: current, finalNewline } = toLines(text);
  const lines = [...current];
  // What we know of each line of the working copy: from the patch, or untouched.
  const origin: (SourceLine | null)[] = lines.map(() => null);
  let endsWithNewline = finalNewline;
  let delta = 0; // how far the working copy has moved from the old numbering
  let floor = 0; // hunks apply in order, never above the previous one
  const offsets: number[] = [];
  const fuzzUsed: number[] = [];

  for (const hunk of diff.hunks) {
    const lead = contextRun(hunk, false);
    const trail = contextRun(hunk, true);
    let placed: { at: number; dropLead: number; dropTrail: number } | null = null;
    for (let fuzz = 0; fuzz <= MAX_FUZZ && !placed; fuzz++) {
      const dropLead = Math.min(fuzz, lead);
      const dropTrail = Math.min(fuzz, trail);
      const body = hunk.lines.slice(dropLead, hunk.lines.length - dropTrail);
      const want = body.filter((l) => l.kind !== 'add').map((l) => l.text);
      // `@@ -0,0` and `@@ -N,0` name the line after which to insert.
      const expected = (hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1) + delta + dropLead;
      const at = findNearest(lines, want, Math.max(expected, floor), floor);
      if (at !== null) placed = { at, dropLead, dropTrail };
      if (fuzz === 0 && at === null && lead === 0 && trail === 0) break; // no context to drop
    }
    if (!placed) {
      return { ok: false, failure: { hunk, why: `hunk ${hunk.header} does not match the file` } };
    }
    const body = hunk.lines.slice(placed.dropLead, hunk.lines.length - placed.dropTrail);
    const removed = body.filter((l) => l.kind !== 'add').length;
    const added = body.filter((l) => l.kind !== 'del');
    lines.splice(placed.at, removed, ...added.map((l) => l.text));
    origin.splice(placed.at, removed, ...added.map((l) => ({ line: 0, text: l.text, added: l.kind === 'add', patchLine: l.patchLine })));
    const lastNew = added[added.length - 1];
    if (lastNew && placed.at + added.length === lines.length) endsWithNewline = !lastNew.noNewlineAtEof;
    offsets.push(placed.at - ((hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1) + delta + placed.dropLead));
    fuzzUsed.push(Math.max(placed.dropLead, placed.dropTrail));
    delta += added.length - removed;
    delta += offsets[offsets.length - 1]!;
    floor = placed.at + added.length;
  }

  const sourceLines: SourceLine[] = lines.map((t, i) => {
    const o = origin[i];
    const line: SourceLine = { line: i + 1, text: t.endsWith('\r') ? t.slice(0, -1) : t, added: o?.added ?? false };
    if (o?.patchLine !== undefined) line.patchLine = o.patchLine;
    return line;
  });
  const out = lines.join('\n') + (lines.length > 0 && endsWithNewline ? '\n' : '');
  return { ok: true, file: { text: out, lines: sourceLines, offsets, fuzz: fuzzUsed } };
}

/** The diff that undoes `diff`: its added lines removed, its removed lines put back. */
export function reversedDiff(diff: FileDiff): FileDiff {
  const flip = (kind: DiffLine['kind']): DiffLine['kind'] => (kind === 'add' ? 'del' : kind === 'del' ? 'add' : kind);
  return {
    ...diff,
    oldPath: diff.newPath,
    newPath: diff.oldPath,
    hunks: diff.hunks.map((h) => ({
      ...h,
      oldStart: h.newStart,
      oldLines: h.newLines,
      newStart: h.oldStart,
      newLines: h.oldLines,
      lines: h.lines.map((l) => ({ ...l, kind: flip(l.kind), oldLine: l.newLine, newLine: l.oldLine })),
    })),
  };
}

/**
 * The text before the patch, when `text` already holds the patch's change:
 * the change undoes cleanly (no fuzz: every line where it belongs) and then
 * applies again.  Null when the patch is not what the text holds.
 */
export function undoneText(text: string, diff: FileDiff): string | null {
  if (diff.hunks.length === 0 || !diff.hunks.some((h) => h.lines.some((l) => l.kind !== 'context'))) return null;
  const undone = applyHunks(text, reversedDiff(diff));
  if (!undone.ok || undone.file.fuzz.some((f) => f > 0)) return null;
  const redone = applyHunks(undone.file.text, diff);
  return redone.ok && redone.file.text === text ? undone.file.text : null;
}
