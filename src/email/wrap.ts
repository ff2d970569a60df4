/** Wrapping the bot's own prose the way mail is written: at 72 columns, on spaces. */

export const PROSE_WIDTH = 72;

/** Width in columns, counting code points (an accented letter is one column, not two UTF-16 units). */
export function columns(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Greedy wrap of one paragraph: words are never split, so a word longer than
 * the width (a URL, a path) gets a line of its own.  `indent` starts every
 * line after the first (hanging indent).  Runs of spaces between words
 * collapse, except the two after a sentence end, which QEMU prose keeps.
 */
export function wrapParagraph(text: string, width = PROSE_WIDTH, indent = ''): string[] {
  const words = text.split(/(\s+)/);
  const lines: string[] = [];
  let line = '';
  let gap = '';
  for (const piece of words) {
    if (piece === '') continue;
    if (/^\s+$/.test(piece)) {
      // Two spaces after a full stop stay two; any other run is one space.
      gap = /[.?!]$/.test(line) && piece.startsWith('  ') ? '  ' : ' ';
      continue;
    }
    if (line === '') {
      line = piece;
    } else if (columns(line) + gap.length + columns(piece) <= width) {
      line += gap + piece;
    } else {
      lines.push(line);
      line = indent + piece;
    }
    gap = '';
  }
  if (line !== '') lines.push(line);
  return lines;
}
