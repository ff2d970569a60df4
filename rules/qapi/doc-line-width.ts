/** Reports QAPI doc prose lines wider than 70 columns. */
import type { Rule } from '../../src/engine/types.js';
import type { DocLine, DocParagraph } from '../../src/qapi/types.js';
import { columns } from '../../src/qapi/prose.js';
import { DOC_WIDTH } from '../../src/qapi/rewrap.js';

/** Would wrapping help: does every word fit on a continuation line of its own?  A long URL does not. */
function wrappable(line: DocLine, p: DocParagraph | undefined): boolean {
  const room = DOC_WIDTH - 2 - (p?.restIndent ?? line.indent);
  return line.text.split(/\s+/).every((word) => columns(word) <= room);
}

const rule: Rule = {
  meta: {
    id: 'qapi/doc-line-width',
    description: 'QAPI doc comment prose lines are at most 70 columns wide, "# " included',
    severity: 'warning',
    source: {
      title: 'docs/devel/qapi-code-gen.rst, "Documentation markup"',
      quote: 'For legibility, wrap text paragraphs so every line is at most 70 characters long.',
    },
    messages: {
      tooWide: 'doc comment line is {{width}} columns wide; wrap QAPI doc text at 70',
    },
    details:
      'Counts the whole line, "# " included (tabs to multiples of 8). Only prose: literal blocks, examples, ' +
      'directive bodies and plain "#" comments are left alone, and so is a line holding a word too long for any ' +
      'line (a URL). The suggestion rewraps the whole paragraph.',
  },
  create(context) {
    return {
      qapiDoc(block, file) {
        const paragraphOf = new Map(block.paragraphs.flatMap((p) => p.lines.map((l) => [l, p] as const)));
        for (const line of block.lines) {
          if (line.role !== 'doc-prose') continue;
          const width = columns(line.raw);
          if (width <= DOC_WIDTH) continue;
          const paragraph = paragraphOf.get(line);
          if (!wrappable(line, paragraph)) continue;
          context.report({
            messageKey: 'tooWide',
            data: { width },
            file: file.path,
            line: line.line,
            column: DOC_WIDTH + 1,
            endColumn: line.raw.length + 1,
            ...(paragraph ? { fix: { rewrap: {} } } : {}),
          });
        }
      },
    };
  },
};

export default rule;
