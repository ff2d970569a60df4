/** Reports wording QAPI docs have settled on otherwise, from the phrase list in wording.json. */
import type { Rule } from '../../src/engine/types.js';
import { paragraphText } from '../../src/qapi/paragraph-text.js';
import phrases from './wording.json' with { type: 'json' };

interface Phrase {
  pattern: RegExp;
  replace: string;
  why: string;
}

const PHRASES: readonly Phrase[] = phrases.entries.map((e) => ({
  pattern: new RegExp(e.pattern, (e as { caseSensitive?: boolean }).caseSensitive ? 'g' : 'gi'),
  replace: e.replace,
  why: e.why,
}));

const rule: Rule = {
  meta: {
    id: 'qapi/wording',
    description: 'wording QAPI docs have settled on, from a phrase list maintainers extend (rules/qapi/wording.json)',
    severity: 'warning',
    source: {
      title:
        'rules/qapi/wording.json; first entry from Markus Armbruster, review of "[PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration", 2025-10-06',
      quote: 'Suggest ... "should be a UNIX domain socket".',
    },
    messages: {
      prefer: 'write "{{preferred}}" rather than "{{found}}": {{why}}',
    },
    details:
      'Each entry of rules/qapi/wording.json gives a pattern, the preferred wording, why, and its source. Doc prose only; examples and code are left alone.',
  },
  create(context) {
    return {
      qapiDoc(block, file) {
        for (const p of block.paragraphs) {
          if (p.lines.some((l) => l.role !== 'doc-prose')) continue;
          const { text, at } = paragraphText(p);
          for (const phrase of PHRASES) {
            for (const m of text.matchAll(phrase.pattern)) {
              const preferred = m[0].replace(new RegExp(phrase.pattern.source, phrase.pattern.flags.replace('g', '')), phrase.replace);
              const start = at(m.index!);
              const end = at(m.index! + m[0].length - 1);
              const sameLine = start.lineIndex === end.lineIndex;
              // The phrase may cross a line break: the edit spans it, and a rewrap follows if a line gets too long.
              const edit = {
                line: p.lines[start.lineIndex]!.line,
                start: start.index,
                endLine: p.lines[end.lineIndex]!.line,
                end: end.index + 1,
                text: preferred,
              };
              context.report({
                messageKey: 'prefer',
                data: { preferred, found: m[0].replace(/\s+/g, ' '), why: phrase.why },
                file: file.path,
                line: p.lines[start.lineIndex]!.line,
                endLine: p.lines[end.lineIndex]!.line,
                column: start.index + 1,
                ...(sameLine ? { endColumn: start.index + 1 + m[0].length } : {}),
                fix: { edits: [edit] },
              });
            }
          }
        }
      },
    };
  },
};

export default rule;
