/** Reports one space where two sentences meet in QAPI doc prose. */
import type { Rule } from '../../src/engine/types.js';
import type { DocParagraph } from '../../src/qapi/types.js';
import { singleSpacedSentenceEnds } from '../../src/qapi/prose.js';

/** Where the words of the line start, so a leading `1.` or `@name:` is not taken for a sentence. */
function wordsStart(raw: string, text: string, indent: number, lead: string): number {
  return raw.length - text.length + indent + lead.length;
}

const rule: Rule = {
  meta: {
    id: 'qapi/sentence-spacing',
    description: 'sentences in QAPI doc prose are separated by two spaces, also before "(Since x.y)"',
    severity: 'warning',
    source: {
      title: 'docs/devel/qapi-code-gen.rst, "Documentation markup"',
      quote: 'Separate sentences with two spaces.',
    },
    messages: {
      oneSpace: 'one space after "{{end}}"; separate sentences with two spaces',
      oneSpaceMore: 'one space after "{{end}}" and {{more}} more sentence ends on this line; separate sentences with two spaces',
    },
    details:
      'A sentence end is ".", "?" or "!" (closing quotes and parentheses allowed) followed by a capital, ' +
      'an @reference or "(Since". Not sentence ends: e.g., i.e., etc. and other abbreviations, initials, ' +
      'ellipses, and list labels such as "1." that start a line.',
  },
  create(context) {
    return {
      qapiDoc(block, file) {
        for (const p of block.paragraphs) checkParagraph(p, file.path);
      },
    };

    function checkParagraph(p: DocParagraph, path: string): void {
      const gapsByLine = p.lines.map((line, i) => {
        if (line.role !== 'doc-prose') return [];
        const start = wordsStart(line.raw, line.text, line.indent, i === 0 ? p.lead : '');
        return singleSpacedSentenceEnds(line.raw, start).filter((g) => g.index > start);
      });
      if (gapsByLine.every((g) => g.length === 0)) return;
      // One more space at every gap of the paragraph: the fix of each line's finding is the paragraph's.
      const edits = p.lines.flatMap((line, i) => gapsByLine[i]!.map((gap) => ({ line: line.line, start: gap.index, end: gap.index, text: ' ' })));
      // One finding per line, at its first single space: a reviewer points at the line once.
      p.lines.forEach((line, i) => {
        const gaps = gapsByLine[i]!;
        const first = gaps[0];
        if (!first) return;
        context.report({
          messageKey: gaps.length > 1 ? 'oneSpaceMore' : 'oneSpace',
          data: { end: first.end, more: gaps.length - 1 },
          file: path,
          line: line.line,
          column: first.index + 1,
          endColumn: first.index + 2,
          fix: { edits },
        });
      });
    }
  },
};

export default rule;
