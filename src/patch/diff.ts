/**
 * Unified diffs through parse-diff, with what it lacks added around it
 * (REFERENCE.md D3): rename/copy/binary flags, `\ No newline` markers, CRLF,
 * and a strict check of every hunk against its `@@` counts, so that a
 * line-wrapped or hand-edited hunk is reported instead of half-read.
 */
import parseDiff from 'parse-diff';
import type { DiffLine, FileDiff, FileStatus, Hunk } from './types.js';
import { stripSidePrefix, unquoteGitPath } from './git-path.js';

const DIFF_HEADER = /^diff /;
const OLD_FILE = /^--- /;
const NEW_FILE = /^\+\+\+ /;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
const NO_NEWLINE = /^\\ /; // `\ No newline at end of file`, in any language git speaks

/** A file section of the diff as found by walking its lines. */
interface RawSection {
  start: number;
  /** Index of the `@@` line of each hunk, and of the line after its last line. */
  hunks: { header: number; end: number; corrupt: string | null }[];
  end: number;
}

/**
 * Parses the diff that starts at `lines[start]`.  `lines` are the mail body's
 * lines; positions in the result are 1-based body lines.
 */
export function parseDiffAt(lines: readonly string[], start: number): FileDiff[] {
  // A copy only for a CRLF mail: most bodies have no CR, and the copy was one more array per patch.
  const clean = lines.some((l) => l.endsWith('\r')) ? lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : lines;
  const sections = walkSections(clean, start);
  return sections.map((section) => buildFile(clean, section));
}

function isSectionStart(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  if (DIFF_HEADER.test(line)) return true;
  return OLD_FILE.test(line) && i + 2 < lines.length && NEW_FILE.test(lines[i + 1]!) && HUNK_HEADER.test(lines[i + 2]!);
}

function walkSections(lines: readonly string[], start: number): RawSection[] {
  const sections: RawSection[] = [];
  let i = start;
  while (i < lines.length && isSectionStart(lines, i)) {
    const section: RawSection = { start: i, hunks: [], end: i };
    i = skipFileHeader(lines, i);
    while (i < lines.length && HUNK_HEADER.test(lines[i]!)) {
      const hunk = walkHunk(lines, i);
      section.hunks.push(hunk);
      i = hunk.end;
    }
    section.end = i;
    sections.push(section);
  }
  return sections;
}

/** Index of the first hunk header (or next section) after a file's header lines. */
function skipFileHeader(lines: readonly string[], i: number): number {
  const first = lines[i]!;
  i++;
  if (!DIFF_HEADER.test(first)) return i + 1; // a bare `--- a` / `+++ b` pair
  while (i < lines.length) {
    const line = lines[i]!;
    if (HUNK_HEADER.test(line) || DIFF_HEADER.test(line)) return i;
    if (OLD_FILE.test(line) && i + 1 < lines.length && NEW_FILE.test(lines[i + 1]!)) return i + 2;
    if (line === 'GIT binary patch') return skipBinaryData(lines, i + 1);
    if (!isExtendedHeader(line)) return i;
    i++;
  }
  return i;
}

function isExtendedHeader(line: string): boolean {
  return (
    /^(old mode|new mode|deleted file mode|new file mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|index) /.test(line) ||
    line.startsWith('Binary files ')
  );
}

/** Skips the base85 blocks of a `GIT binary patch` (forward and reverse, each ended by a blank line). */
function skipBinaryData(lines: readonly string[], i: number): number {
  let blocks = 0;
  while (i < lines.length && blocks < 2) {
    if (!/^(literal|delta) \d+$/.test(lines[i]!)) break;
    i++;
    while (i < lines.length && lines[i] !== '') i++;
    i++; // the blank line ending the block
    blocks++;
  }
  return Math.min(i, lines.length);
}

/** Walks one hunk by its `@@` counts; says why it is corrupt when the lines do not add up. */
function walkHunk(lines: readonly string[], header: number): RawSection['hunks'][number] {
  const m = HUNK_HEADER.exec(lines[header]!)!;
  let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
  let newLeft = m[4] === undefined ? 1 : Number(m[4]);
  const declared = { old: oldLeft, new: newLeft };
  let i = header + 1;
  let corrupt: string | null = null;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
    const line = lines[i]!;
    const c = line[0];
    if (c === ' ' || line === '') {
      oldLeft--;
      newLeft--;
    } else if (c === '-') oldLeft--;
    else if (c === '+') newLeft--;
    else if (c === '\\' && NO_NEWLINE.test(line)) {
      /* marker of the previous line */
    } else {
      if (HUNK_HEADER.test(line) || DIFF_HEADER.test(line)) {
        corrupt = `the hunk ends after ${declared.old - Math.max(oldLeft, 0)} of ${declared.old} old and ${declared.new - Math.max(newLeft, 0)} of ${declared.new} new lines its header declares`;
      } else if (isSignature(lines, i - 1)) {
        corrupt = 'the hunk header declares more lines than the hunk has: it runs into the mail signature';
      } else {
        corrupt = `line ${i - header} of the hunk starts with neither '+', '-' nor a space: line-wrapped by the mailer, or edited by hand`;
      }
      break;
    }
    if (oldLeft < 0 || newLeft < 0) {
      corrupt = 'the hunk has more lines than its header declares';
      i++;
      break;
    }
    i++;
  }
  if (!corrupt && (oldLeft > 0 || newLeft > 0)) {
    corrupt = `the patch ends inside the hunk (${oldLeft} old and ${newLeft} new lines missing)`;
  }
  while (i < lines.length && NO_NEWLINE.test(lines[i]!)) i++;
  if (!corrupt && i < lines.length && looksLikeStrayHunkLine(lines, i)) {
    corrupt = 'the hunk has more lines than its header declares';
  }
  if (corrupt) {
    // Skip to the next header so the rest of the diff is still read.
    while (i < lines.length && !HUNK_HEADER.test(lines[i]!) && !DIFF_HEADER.test(lines[i]!) && !isSignature(lines, i)) i++;
  }
  return { header, end: i, corrupt };
}

/** After a hunk's declared lines: does the next line still look like part of it? */
function looksLikeStrayHunkLine(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  if (isSignature(lines, i)) return false;
  if (OLD_FILE.test(line) && i + 1 < lines.length && NEW_FILE.test(lines[i + 1]!)) return false;
  return /^[-+ ]/.test(line);
}

/** The `-- ` line that starts a mail signature (git format-patch puts its version below). */
function isSignature(lines: readonly string[], i: number): boolean {
  return lines[i] === '-- ';
}

function buildFile(lines: readonly string[], section: RawSection): FileDiff {
  const headerLines = lines.slice(section.start, section.hunks[0]?.header ?? section.end);
  let parsed: parseDiff.File | undefined;
  try {
    parsed = parseDiff(lines.slice(section.start, section.end).join('\n'))[0];
  } catch {
    // parse-diff throws on some broken input (a hunk opening with `\ No newline`): every hunk is then corrupt.
    parsed = undefined;
  }
  const info = readHeader(headerLines, parsed);
  const chunks = parsed?.chunks ?? [];
  let next = 0;
  const hunks: Hunk[] = section.hunks.map((raw) => {
    // parse-diff swallows the header after a short hunk, so pair by header text.
    const k = chunks.findIndex((chunk, j) => j >= next && chunk.content === lines[raw.header]);
    if (k >= 0) next = k + 1;
    return buildHunk(lines, raw, k >= 0 ? chunks[k] : undefined);
  });
  return { ...info, hunks, patchLine: section.start + 1 };
}

type HeaderInfo = Omit<FileDiff, 'hunks' | 'patchLine'>;

/** Paths, status, modes and flags from the header lines, which parse-diff reads only in part. */
function readHeader(header: readonly string[], parsed: parseDiff.File | undefined): HeaderInfo {
  const value = (prefix: string) => {
    const line = header.find((l) => l.startsWith(prefix));
    return line === undefined ? undefined : line.slice(prefix.length);
  };
  const gitPaths = parseGitDiffLine(header[0] ?? '');
  const minus = value('--- ');
  const plus = value('+++ ');
  const renameFrom = value('rename from ') ?? value('copy from ');
  const renameTo = value('rename to ') ?? value('copy to ');
  let oldPath = renameFrom !== undefined ? unquoteGitPath(renameFrom) : minus !== undefined ? stripSidePrefix(minus) : (gitPaths?.[0] ?? parsed?.from ?? null);
  let newPath = renameTo !== undefined ? unquoteGitPath(renameTo) : plus !== undefined ? stripSidePrefix(plus) : (gitPaths?.[1] ?? parsed?.to ?? null);

  let status: FileStatus = 'modified';
  if (value('new file mode ') !== undefined || (minus !== undefined && oldPath === null)) status = 'added';
  else if (value('deleted file mode ') !== undefined || (plus !== undefined && newPath === null)) status = 'deleted';
  else if (value('rename from ') !== undefined) status = 'renamed';
  else if (value('copy from ') !== undefined) status = 'copied';
  if (status === 'added') oldPath = null;
  if (status === 'deleted') newPath = null;
  // A binary or mode-only new file has no `---` line; git's header names it.
  if (status === 'added' && newPath === null) newPath = gitPaths?.[1] ?? null;
  if (status === 'deleted' && oldPath === null) oldPath = gitPaths?.[0] ?? null;

  const similarity = value('similarity index ');
  const indexModes = /^[0-9a-f]+\.\.[0-9a-f]+ (\d+)$/.exec(value('index ') ?? '');
  return {
    oldPath,
    newPath,
    path: newPath ?? oldPath ?? '',
    status,
    similarity: similarity === undefined ? null : parseInt(similarity, 10),
    oldMode: value('old mode ') ?? value('deleted file mode ') ?? indexModes?.[1] ?? null,
    newMode: value('new mode ') ?? value('new file mode ') ?? indexModes?.[1] ?? null,
    binary: header.some((l) => l === 'GIT binary patch' || l.startsWith('Binary files ')),
  };
}

/** Both paths of `diff --git a/X b/Y`, quoted or not; null when the line is ambiguous. */
function parseGitDiffLine(line: string): [string, string] | null {
  const rest = /^diff --git (.*)$/.exec(line)?.[1];
  if (rest === undefined) return null;
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted) {
    const a = stripSidePrefix(quoted[1]!);
    const b = stripSidePrefix(quoted[2]!);
    if (a !== null && b !== null) return [a, b];
  }
  // Unquoted names with spaces: without a rename both halves are the same path.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const a = stripSidePrefix(rest.slice(0, half));
    const b = stripSidePrefix(rest.slice(half + 1));
    if (a !== null && a === b) return [a, b];
  }
  return null;
}

/**
 * Pairs parse-diff's changes with the raw lines of the hunk, giving each
 * line its body position; any disagreement makes the hunk corrupt.
 */
function buildHunk(lines: readonly string[], raw: RawSection['hunks'][number], chunk: parseDiff.Chunk | undefined): Hunk {
  const m = HUNK_HEADER.exec(lines[raw.header]!)!;
  const hunk: Hunk = {
    header: lines[raw.header]!,
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
    context: m[5] ?? '',
    lines: [],
    patchLine: raw.header + 1,
    corrupt: raw.corrupt,
  };
  if (!chunk) {
    hunk.corrupt ??= 'parse-diff read the hunks differently';
    hunk.lines = rawLinesOf(lines, raw, hunk);
    return hunk;
  }
  const changes = chunk.changes;
  let c = 0;
  for (let i = raw.header + 1; i < raw.end; i++) {
    const text = lines[i]!;
    const change = changes[c++];
    if (NO_NEWLINE.test(text)) {
      const previous = hunk.lines[hunk.lines.length - 1];
      if (previous) previous.noNewlineAtEof = true;
      continue;
    }
    if (!change || !agrees(text, change)) {
      hunk.corrupt ??= 'parse-diff read the hunk differently';
      hunk.lines = rawLinesOf(lines, raw, hunk);
      return hunk;
    }
    hunk.lines.push({
      kind: change.type === 'normal' ? 'context' : change.type,
      text: text.slice(1),
      oldLine: change.type === 'normal' ? change.ln1 : change.type === 'del' ? change.ln : null,
      newLine: change.type === 'normal' ? change.ln2 : change.type === 'add' ? change.ln : null,
      patchLine: i + 1,
      noNewlineAtEof: false,
    });
  }
  return hunk;
}

function agrees(text: string, change: parseDiff.Change): boolean {
  const c = text[0] ?? ' ';
  if (change.type === 'add') return c === '+';
  if (change.type === 'del') return c === '-';
  return c === ' ';
}

/** Lines of a hunk read by their prefix alone: kept for quoting, never linted. */
function rawLinesOf(lines: readonly string[], raw: RawSection['hunks'][number], hunk: Hunk): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  for (let i = raw.header + 1; i < raw.end; i++) {
    const text = lines[i]!;
    if (NO_NEWLINE.test(text)) continue;
    const c = text[0];
    const kind = c === '+' ? 'add' : c === '-' ? 'del' : 'context';
    out.push({
      kind,
      text: text.slice(1),
      oldLine: kind === 'add' ? null : oldLine++,
      newLine: kind === 'del' ? null : newLine++,
      patchLine: i + 1,
      noNewlineAtEof: false,
    });
  }
  return out;
}
