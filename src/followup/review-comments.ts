/**
 * A reviewer's comments on a patch, read from a reply the way people on
 * the list write them: quoted patch lines (`> +...`), then the reviewer's
 * text under them.  Each comment is anchored to the quoted lines right
 * above it: the run of changed lines the quote ends with, found in the
 * patch it answers (or lines of the commit message).  What is not an answer
 * to the patch is left out: text above the first quote (the attribution, a
 * top-posted note), quotes of quotes (`> >`, older context), `[...]` gaps,
 * and everything after the signature (`-- `).
 */
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { Patch } from '../patch/types.js';
// A line that says nothing on its own (blank, `#`, a brace): a comment is on the lines around it.
import { isFiller } from '../series/filler.js';

export interface ReviewComment {
  /** The file of the patch, or COMMIT_MESSAGE. */
  file: string;
  /** The line commented on (the last quoted line that carries something), numbered as in the patched file. */
  line: number;
  /** The first line of the quoted run. */
  startLine: number;
  /** The quoted lines of the run, by line number. */
  quoted: Map<number, string>;
  /** The reviewer's words, paragraphs joined by blank lines. */
  text: string;
}

export interface ReadComments {
  comments: ReviewComment[];
  /** Comments that follow no quoted line of the patch (they answer other text, or the patch cannot be found). */
  unanchored: number;
}

interface Quoted {
  text: string;
}

type Piece = { kind: 'quote'; lines: Quoted[] } | { kind: 'text'; lines: string[] } | { kind: 'older' } | { kind: 'gap' };

/** A gap reviewers leave where they cut the quote. */
// \u2026 is the ellipsis character: the bundle is ASCII (src/devtools/build-cli.mjs).
const GAP = /^\s*\[\s*(?:\.\.\.|\u2026|snip(?:ped)?)\s*\]\s*$|^\s*(?:\.\.\.|\u2026)\s*$/i;
/** `On <date>, X wrote:` and `X <x@y> writes:` just above a quote. */
const ATTRIBUTION = /(?:wrote|writes):\s*$/;

/** Splits a reply body into its quotes (first level), older quotes, gaps and text. */
function pieces(body: string): Piece[] {
  const out: Piece[] = [];
  const push = (p: Piece) => {
    const last = out[out.length - 1];
    if (last?.kind === 'quote' && p.kind === 'quote') last.lines.push(...p.lines);
    else if (last?.kind === 'text' && p.kind === 'text') last.lines.push(...p.lines);
    else if (last?.kind !== p.kind) out.push(p);
  };
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\r$/, '');
    // The signature ends what the reviewer says.
    if (line === '-- ' || line === '--') break;
    const depth = /^(?:>\s?)+/.exec(line);
    if (depth) {
      const marks = (depth[0].match(/>/g) ?? []).length;
      if (marks > 1) {
        push({ kind: 'older' });
        continue;
      }
      // One `>`, and the space after it that mailers add.
      push({ kind: 'quote', lines: [{ text: line.startsWith('> ') ? line.slice(2) : line.slice(1) }] });
      continue;
    }
    if (GAP.test(line)) {
      push({ kind: 'gap' });
      continue;
    }
    push({ kind: 'text', lines: [line] });
  }
  return out;
}

/** Where a quoted run of diff lines was found: its file and patched-file line numbers. */
interface Found {
  file: string;
  lines: Array<{ newLine: number | null; text: string; kind: 'add' | 'del' | 'context' }>;
  /** Position in the patch's diff lines, to keep later comments after earlier ones. */
  position: number;
}

interface FlatLine {
  file: string;
  hunk: number;
  kind: 'add' | 'del' | 'context';
  text: string;
  newLine: number | null;
}

const diffMark = (text: string): 'add' | 'del' | 'context' | null => {
  if (text.startsWith('+++ ') || text.startsWith('--- ')) return null;
  if (text.startsWith('+')) return 'add';
  if (text.startsWith('-')) return 'del';
  if (text.startsWith(' ') || text === '') return 'context';
  return null;
};

/** Context lines git puts after a change: a quote ending in no more than these still ends on the change. */
const TRAILING_CONTEXT = 3;

/** Reads the comments of a reply to `patch`; `body` is the reply's text. */
export function readReviewComments(body: string, patch: Patch): ReadComments {
  const flat: FlatLine[] = [];
  patch.files.forEach((f, fi) =>
    f.hunks.forEach((h, hi) => {
      if (h.corrupt) return;
      for (const l of h.lines) flat.push({ file: f.path, hunk: fi * 100_000 + hi, kind: l.kind, text: l.text.trimEnd(), newLine: l.newLine });
    }),
  );
  const commit = [patch.commit.title, '', ...patch.commit.body.map((l) => l.text)].map((t) => t.trimEnd());

  const comments: ReviewComment[] = [];
  let unanchored = 0;
  let seenQuote = false;
  let cursor = 0;
  let inDiff = false;
  let file: string | null = null;
  let lastQuote: Quoted[] | null = null;
  for (const piece of pieces(body)) {
    if (piece.kind === 'quote') {
      seenQuote = true;
      lastQuote = piece.lines;
      continue;
    }
    if (piece.kind === 'older' || piece.kind === 'gap') {
      // A comment under a quote of a quote answers that older mail, not the patch.
      lastQuote = piece.kind === 'older' ? null : lastQuote;
      continue;
    }
    const text = paragraphs(piece.lines);
    // Above the first quote: the attribution, or a top-posted note about the whole mail.
    if (!seenQuote || text === '' || (piece.lines.some((l) => ATTRIBUTION.test(l)) && text.split('\n').length <= 2)) {
      continue;
    }
    const quote = lastQuote;
    lastQuote = null;
    if (!quote) {
      unanchored++;
      continue;
    }
    for (const q of quote) {
      // The file the reviewer is reading, from the headers they kept.
      const header = /^diff --git a\/\S+ b\/(\S+)$/.exec(q.text) ?? /^\+\+\+ b\/(\S+)$/.exec(q.text);
      if (header) file = header[1]!;
      if (header || /^@@ -\d/.test(q.text)) inDiff = true;
    }
    const found = inDiff || quote.some((q) => diffMark(q.text) === 'add' && q.text.length > 1) ? findInDiff(quote, flat, cursor, file) : null;
    if (found) {
      cursor = found.position;
      const anchored = anchorOf(found, text);
      if (anchored) {
        comments.push(anchored);
        continue;
      }
    }
    const inCommit = findInCommit(quote, commit);
    if (inCommit) comments.push({ ...inCommit, text });
    else unanchored++;
  }
  return { comments, unanchored };
}

function paragraphs(lines: string[]): string {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join('\n\n');
}

/**
 * The quote's last run of diff lines (from the end back to the last line
 * that is neither added nor removed, or context alone when nothing was
 * changed), located in the patch at or after `cursor`.
 */
function findInDiff(quote: Quoted[], flat: FlatLine[], cursor: number, file: string | null): Found | null {
  const lines = quote.map((q) => q.text.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  // A hunk quoted whole ends in its context lines; the comment is on the change above them.
  let context = 0;
  while (context < TRAILING_CONTEXT && context < lines.length && diffMark(lines[lines.length - 1 - context]!) === 'context') context++;
  const changed = diffMark(lines[lines.length - 1 - context] ?? '');
  if (context > 0 && (changed === 'add' || changed === 'del')) lines.splice(lines.length - context);
  let start = lines.length;
  while (start > 0) {
    const mark = diffMark(lines[start - 1]!);
    if (mark !== 'add' && mark !== 'del') break;
    start--;
  }
  // No changed line at the end: the comment is on the context line above it.
  if (start === lines.length) start = Math.max(0, lines.length - 1);
  const run = lines.slice(start).map((t) => ({ kind: diffMark(t), text: t.slice(1).trimEnd() }));
  if (run.length === 0 || run.some((r) => r.kind === null)) return null;
  const matchesAt = (p: number): boolean =>
    run.every((r, k) => {
      const f = flat[p + k];
      // A mailer may drop the space of an empty context line.
      return f !== undefined && f.hunk === flat[p]!.hunk && f.kind === r.kind && f.text === r.text;
    });
  const all: number[] = [];
  for (let p = 0; p + run.length <= flat.length; p++) if (matchesAt(p)) all.push(p);
  const inFile = all.filter((p) => flat[p]!.file === file);
  const positions = inFile.length > 0 ? inFile : all;
  if (positions.length === 0) return null;
  // Reviewers go through a patch in order: of equal runs, the first one not before the last comment.
  const p = positions.find((q) => q >= cursor) ?? positions[0]!;
  return {
    file: flat[p]!.file,
    lines: run.map((_, k) => ({ newLine: flat[p + k]!.newLine, text: flat[p + k]!.text, kind: flat[p + k]!.kind })),
    position: p + run.length,
  };
}

function anchorOf(found: Found, text: string): ReviewComment | null {
  const numbered = found.lines.filter((l) => l.newLine !== null);
  if (numbered.length === 0) return null;
  // The line commented on: the last one that says something, not a trailing blank line.
  const telling = numbered.filter((l) => !isFiller(l.text));
  const line = (telling[telling.length - 1] ?? numbered[numbered.length - 1]!).newLine!;
  const quoted = new Map<number, string>();
  for (const l of numbered) quoted.set(l.newLine!, l.text);
  return { file: found.file, line, startLine: numbered[0]!.newLine!, quoted, text };
}

/** The quote's last non-blank lines found in the commit message, as lines of COMMIT_MESSAGE. */
function findInCommit(quote: Quoted[], commit: string[]): Omit<ReviewComment, 'text'> | null {
  const lines = quote.map((q) => q.text.trimEnd()).filter((t) => t !== '');
  const last = lines[lines.length - 1];
  if (last === undefined || diffMark(last) === 'add') return null;
  const at = commit.lastIndexOf(last);
  if (at < 0) return null;
  const quoted = new Map<number, string>([[at + 1, last]]);
  return { file: COMMIT_MESSAGE, line: at + 1, startLine: at + 1, quoted };
}
