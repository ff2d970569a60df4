/** Suggested rewrites of whole doc paragraphs. */
import type { Suggestion } from '../engine/types.js';
import type { DocParagraph } from './types.js';
import { columns, paragraphWords, twoSpacedWords, wrapWords } from './prose.js';

/** The documented limit: "wrap text paragraphs so every line is at most 70 characters long". */
export const DOC_WIDTH = 70;

/** Beyond this much text a paragraph is no prose a reviewer would rewrite by hand: no suggestion. */
const MAX_SUGGESTED = 8000;

const tooLong = (p: DocParagraph): boolean => p.lines.reduce((n, l) => n + l.raw.length, 0) > MAX_SUGGESTED;

/** The prefix of the paragraph's first line up to where its words start: `# @name: `. */
function firstPrefix(p: DocParagraph): string {
  const first = p.lines[0]!;
  return first.raw.slice(0, first.raw.length - first.text.length + p.firstIndent + p.lead.length);
}

/** The text of each line after `# ` (after the lead on the first line). */
const textsOf = (p: DocParagraph): string[] => p.lines.map((l, i) => (i === 0 ? l.text.slice(p.firstIndent + p.lead.length) : l.text));

/** The paragraph's words as written, lead excluded. */
export function wordsOf(p: DocParagraph): string[] {
  return paragraphWords(textsOf(p));
}

/**
 * The paragraph rewrapped to the doc width (its continuation lines at
 * `restIndent`), from `texts` (its lines' words, by default as written);
 * null when the paragraph is not wholly visible or nothing would change.
 * Two spaces the author put after a full stop stay two.
 */
export function rewrapParagraph(p: DocParagraph, restIndent = p.restIndent, texts = textsOf(p)): Suggestion | null {
  if (!p.startVisible || !p.endVisible || tooLong(p)) return null;
  const lines = wrapWords(paragraphWords(texts), {
    firstPrefix: firstPrefix(p),
    restPrefix: `# ${' '.repeat(restIndent)}`,
    width: DOC_WIDTH,
    twoSpacedAfter: twoSpacedWords(texts),
  });
  const text = lines.join('\n');
  if (text === p.lines.map((l) => l.raw).join('\n')) return null;
  return { line: p.lines[0]!.line, endLine: p.lines[p.lines.length - 1]!.line, text };
}

/**
 * The paragraph's lines, as edited (their first line still opening with
 * the paragraph's `# @name: `), rewrapped at the doc width with
 * continuation lines at `restIndent`; null when the edits changed that
 * opening, or gave a line that is no doc comment.
 */
export function rewrapEdited(p: DocParagraph, lines: readonly string[], restIndent = p.restIndent): string[] | null {
  const lead = firstPrefix(p);
  if (!lines[0]?.startsWith(lead) || lines.some((l) => !l.startsWith('#'))) return null;
  const texts = lines.map((raw, i) => (i === 0 ? raw.slice(lead.length) : raw.replace(/^#/, '')));
  return wrapWords(paragraphWords(texts), {
    firstPrefix: lead,
    restPrefix: `# ${' '.repeat(restIndent)}`,
    width: DOC_WIDTH,
    twoSpacedAfter: twoSpacedWords(texts),
  });
}

/** Is the paragraph one a fix may rewrite: wholly visible, and not a giant? */
export const rewritable = (p: DocParagraph): boolean => p.startVisible && p.endVisible && !tooLong(p);

/** Lines of the paragraph edited in place; rewrapped only when an edited line gets too long. */
export function editParagraph(p: DocParagraph, editLine: (raw: string, index: number) => string): Suggestion | null {
  if (tooLong(p)) return null;
  const edited = p.lines.map((l, i) => editLine(l.raw, i));
  if (edited.some((l) => columns(l) > DOC_WIDTH)) {
    // Re-read the edited words, then wrap them like any paragraph.
    const lead = firstPrefix(p);
    return rewrapParagraph(p, p.restIndent, edited.map((raw, i) => (i === 0 ? raw.slice(lead.length) : raw.replace(/^#\s*/, ''))));
  }
  if (edited.every((l, i) => l === p.lines[i]!.raw)) return null;
  return { line: p.lines[0]!.line, endLine: p.lines[p.lines.length - 1]!.line, text: edited.join('\n') };
}
