/** Reports continuation lines of member descriptions and tagged sections not indented by 4 spaces. */
import type { Rule } from '../../src/engine/types.js';
import type { DocParagraph } from '../../src/qapi/types.js';

/** The documented hanging indent of `@name:` descriptions and tagged sections. */
const INDENT = 4;

/** Sections whose text hangs at 4: descriptions of members and features, and tagged sections. */
const HANGING = new Set(['member', 'feature', 'description', 'tagged']);

/** A list item's label (`- `, `* `, and rST's enumerators `1. `, `1) `, `(1) `, `a. `): its lines line up with the item's text instead. */
const isListItem = (p: DocParagraph): boolean => /^([-*+]|(?:\d+|[a-zA-Z#])[.)]|\((?:\d+|[a-zA-Z#])\))\s/.test(p.lead);

/** Is the line's indentation wrong for its place in the paragraph? */
function misindented(p: DocParagraph): (indent: number, i: number) => boolean {
  const opensSection = p.lead !== '' && p.section.lines[0] === p.lines[0];
  // The text after `@name: ` hangs at exactly 4.  Later paragraphs may go deeper
  // (block quotes, list items), never shallower: that ends the section.
  if (opensSection) return (indent, i) => i > 0 && indent !== INDENT;
  // Within one paragraph every line shares the first one's indentation: a line at 4 followed by one at 6
  // is no block quote (that needs a blank line) but a slip, wherever the hunk starts.
  const first = p.lines[0]!.indent;
  return (indent, i) => indent < INDENT || (first === INDENT && i > 0 && indent > INDENT);
}

const rule: Rule = {
  meta: {
    id: 'qapi/doc-indent',
    description: 'continuation lines of @member: descriptions and tagged sections are indented by 4 spaces',
    severity: 'warning',
    source: {
      title: 'docs/devel/qapi-code-gen.rst, "Definition documentation"',
      quote: "Descriptions start with '\\@name:'.  The description text must be indented like this",
    },
    messages: {
      indent: 'indent the text of {{what}} by 4 spaces, not {{actual}}',
    },
    details:
      'Applies to the lines after the first of @member: and @feature: descriptions and of Since:, Returns:, ' +
      'Errors: and TODO: sections (exactly 4), and to their further paragraphs (at least 4: deeper is a block ' +
      "quote or a list; but a line deeper than the paragraph's first line at 4, as where a hunk shows only the " +
      'middle of a description, is a slip). List items and literal blocks keep their own indentation. The suggestion re-indents ' +
      '(and rewraps) the paragraph.',
  },
  create(context) {
    return {
      qapiDoc(block, file) {
        for (const p of block.paragraphs) {
          if (!HANGING.has(p.section.kind)) continue;
          if (isListItem(p)) continue;
          const wrongAt = misindented(p);
          const wrong = p.lines.filter((l, i) => l.role === 'doc-prose' && wrongAt(l.indent, i));
          if (wrong.length === 0) continue;
          const what = p.section.kind === 'tagged' ? `the ${p.section.tag ?? ''} section`.replace('  ', ' ') : `@${p.section.name ?? 'member'}`;
          // One finding per paragraph: a reviewer says it once, however many lines.
          const first = wrong[0]!;
          const last = wrong[wrong.length - 1]!;
          context.report({
            messageKey: 'indent',
            data: { what, actual: [...new Set(wrong.map((l) => l.indent))].join(' or ') },
            file: file.path,
            line: first.line,
            ...(last.line !== first.line ? { endLine: last.line } : {}),
            column: first.raw.length - first.text.length + 1,
            fix: { rewrap: { indent: INDENT } },
          });
        }
      },
    };
  },
};

export default rule;
