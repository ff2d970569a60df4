/**
 * The comment lines of C source: lines that hold nothing but comment, and
 * where their words start.  A hunk may begin inside a block comment, so a
 * leading ` * words` line counts only once the comment closes (star, slash)
 * before any code: a `*` line that is really a continued multiplication
 * never does.
 */
import { columns, singleSpacedSentenceEnds } from '../qapi/prose.js';

/** A comment-only line: `words` is the index of its first word (past `/*`, `*` or `//`). */
export interface CommentLine {
  /** Index of the line in the sequence scanned. */
  index: number;
  words: number;
  /** Where the comment's words end on this line (before the star-slash that closes it). */
  end: number;
}

const OPENER = /^(\s*)(\/\*+|\/\/+)\s*/;
const LEADER = /^(\s*)\*(?!\/)\s*/;

/**
 * The comment-only lines of `texts`, consecutive lines of a file.  With
 * `fromFileStart`, the first line is known to be outside any comment.
 */
export function commentLines(texts: readonly string[], fromFileStart = false): CommentLine[] {
  const found: CommentLine[] = [];
  let inside = false;
  let known = fromFileStart;
  let pending: CommentLine[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const close = text.indexOf('*/');
    if (inside) {
      const lead = LEADER.exec(text) ?? /^\s*/.exec(text)!;
      const after = close < 0 ? '' : text.slice(close + 2).trim();
      if (after === '') found.push({ index: i, words: lead[0].length, end: close < 0 ? text.length : close });
      if (close >= 0) inside = opensComment(text.slice(close + 2));
      continue;
    }
    const opener = OPENER.exec(text);
    if (opener) {
      known = true;
      pending = [];
      const line = opener[2]!.startsWith('//');
      const closeAfter = line ? -1 : text.indexOf('*/', opener[1]!.length + 2);
      const end = line ? text.length : closeAfter < 0 ? text.length : closeAfter;
      const rest = line || closeAfter < 0 ? '' : text.slice(closeAfter + 2).trim();
      if (rest === '') found.push({ index: i, words: opener[0].length, end });
      inside = !line && (closeAfter < 0 || opensComment(text.slice(closeAfter + 2)));
      continue;
    }
    if (!known && /^\s*\*\//.test(text)) {
      // A bare closing line: the lines before it were inside the comment.
      if (text.trim() === '*/') found.push(...pending);
      pending = [];
      known = true;
      continue;
    }
    const lead = known ? null : LEADER.exec(text);
    if (lead) {
      const candidate = { index: i, words: lead[0].length, end: close < 0 ? text.length : close };
      if (close < 0) {
        pending.push(candidate);
        continue;
      }
      // The comment closes before any code: the lines before it were inside it.
      if (text.slice(close + 2).trim() === '') found.push(...pending, candidate);
      pending = [];
      known = true;
      continue;
    }
    if (text.trim() !== '') {
      known = true;
      pending = [];
      inside = opensComment(text);
    }
  }
  return found;
}

/** Does code end its line inside a block comment it opened? */
function opensComment(text: string): boolean {
  const open = text.lastIndexOf('/*');
  return open >= 0 && text.indexOf('*/', open + 2) < 0 && !/\/\/|"/.test(text.slice(0, open));
}

/** Where a comment line wider than `width` columns could break at or before it, or -1: a single long word (a URL) cannot. */
export function wrapPoint(text: string, line: CommentLine, width: number): number {
  for (let i = Math.min(text.length - 1, line.end - 1); i > line.words; i--) {
    if (text[i] === ' ' && text[i - 1] !== ' ' && columns(text.slice(0, i)) <= width) return i;
  }
  return -1;
}

/** Sentence ends followed by a single space in the words of a comment line. */
export function singleSpacedEnds(text: string, line: CommentLine): { index: number; end: string }[] {
  return singleSpacedSentenceEnds(text.slice(0, line.end), line.words).filter((g) => g.index > line.words);
}

/** How a file writes its comments: the share of comment lines within a width, and of sentences two spaces apart. */
export interface CommentHabit {
  lines: number;
  narrow: number;
  sentenceGaps: number;
  twoSpaced: number;
}

/**
 * The comment habit of a file's text; lines whose number (1-based) is in
 * `skip` are left out (the patch's own lines, judged against the rest).
 */
export function commentHabit(text: string, width: number, skip: ReadonlySet<number>): CommentHabit {
  const texts = text.split('\n').map((t) => (t.endsWith('\r') ? t.slice(0, -1) : t));
  const habit: CommentHabit = { lines: 0, narrow: 0, sentenceGaps: 0, twoSpaced: 0 };
  for (const line of commentLines(texts, true)) {
    if (skip.has(line.index + 1)) continue;
    const t = texts[line.index]!;
    if (t.slice(line.words, line.end).trim() === '') continue;
    habit.lines++;
    if (columns(t.trimEnd()) <= width) habit.narrow++;
    const words = t.slice(0, line.end);
    const single = singleSpacedSentenceEnds(words, line.words).length;
    // Two spaces read as one: the sentence ends only the two-spaced ones add.
    const all = singleSpacedSentenceEnds(words.replace(/([.?!]["')\]]*) {2}(?! )/g, '$1 '), line.words).length;
    habit.sentenceGaps += all;
    habit.twoSpaced += all - single;
  }
  return habit;
}
