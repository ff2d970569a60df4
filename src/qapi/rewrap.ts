/** Rewrapping doc paragraphs: the fixer's last step (src/engine/fixer.ts). */
import type { DocParagraph } from './types.js';
import { paragraphWords, twoSpacedWords, wrapWords } from './prose.js';

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
