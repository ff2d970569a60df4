/** A doc paragraph's words as one string, for matches that may cross line breaks. */
import type { DocParagraph } from './types.js';

export interface ParagraphText {
  /** The text after each line's `# `, lines joined by single spaces. */
  text: string;
  /** Where index `i` of `text` stands: the paragraph line, and the 0-based index in that line's raw text. */
  at(i: number): { lineIndex: number; index: number };
}

export function paragraphText(p: DocParagraph): ParagraphText {
  const starts: number[] = [];
  let text = '';
  p.lines.forEach((line, i) => {
    if (i > 0) text += ' ';
    starts.push(text.length);
    text += line.text;
  });
  return {
    text,
    at(i) {
      let lineIndex = starts.length - 1;
      while (starts[lineIndex]! > i) lineIndex--;
      const line = p.lines[lineIndex]!;
      return { lineIndex, index: line.raw.length - line.text.length + i - starts[lineIndex]! };
    },
  };
}
