/** Reports a new object-like macro that only renames a string or a name and is used once in its series. */
import type { ChangedFile, Rule } from '../../src/engine/types.js';
import type { MacroDefinition } from '../../src/c/types.js';
import { definitionRemoved } from '../../src/c/macros.js';

/** The conventional macro name: capitals, digits, `_`. */
const MACRO_NAME = /^[A-Z][A-Z0-9_]*$/;
/** What such a macro stands for: a string literal, or a lower-case name (a variable, a function call without arguments). */
const ALIAS = /^(?:"(?:[^"\\]|\\.)*"|[a-z_][a-z0-9_]*(?:\(\))?)$/;

/** Uses of `name` on the lines the patch adds, outside its own definition. */
function usesOf(macro: MacroDefinition, definedIn: string, files: readonly ChangedFile[]): { file: string; line: number }[] {
  const word = new RegExp(`\\b${macro.name}\\b`, 'g');
  const uses: { file: string; line: number }[] = [];
  for (const file of files) {
    for (const segment of file.view.segments) {
      for (const line of segment) {
        if (!line.added || (file.path === definedIn && line.line === macro.line)) continue;
        for (const _ of line.text.matchAll(word)) uses.push({ file: file.path, line: line.line });
      }
    }
  }
  return uses;
}

const rule: Rule = {
  meta: {
    id: 'c/single-use-macro',
    description: 'a new object-like macro that only stands for a string or a name, used once in the whole series: write the value at its use',
    severity: 'info',
    source: {
      title: 'Markus Armbruster, review of "[PATCH v4 1/2] qom: new object to associate device to numa node", 2023-11 (<87r0k772kr.fsf@pond.sub.org>)',
      quote: 'These three macros have exactly one use each.  Get rid of them, please.',
      url: 'https://lore.kernel.org/qemu-devel/87r0k772kr.fsf@pond.sub.org/',
    },
    messages: {
      here: 'new macro {{name}} has a single use in {{scope}} ({{where}}); write {{value}} there instead',
      later: 'new macro {{name}} has a single use in the series, in a later patch; write {{value}} there instead',
    },
    details:
      'Only a one-line #define of a capitalised name standing for a string literal or a lower-case name (not a number: a ' +
      'named constant is documentation). A note, not a warning: reviewers disagree. A macro of a patch in a series (or of ' +
      'a commit in a pull request) is judged once the series has been seen whole (uses on the lines its later patches add ' +
      'count); with part of a series the rule stays quiet. QOM type names (TYPE_*) are used through macro pasting and never reported.',
  },
  create(context) {
    const inSeries = (context.series?.length ?? 1) > 1;
    return {
      cMacro(macro, file) {
        if (!macro.added || macro.params !== null || macro.line !== macro.endLine) return;
        if (!MACRO_NAME.test(macro.name) || macro.name.startsWith('TYPE_') || !ALIAS.test(macro.body)) return;
        if (definitionRemoved(macro.name, context.files)) return;
        const uses = usesOf(macro, file.path, context.files);
        if (uses.length > 1 || (uses.length === 0 && !inSeries)) return;
        const use = uses[0];
        context.report({
          messageKey: use ? 'here' : 'later',
          data: {
            name: macro.name,
            value: macro.body,
            scope: inSeries ? 'the series' : 'this patch',
            where: use ? `${use.file}:${use.line}` : '',
          },
          file: file.path,
          line: macro.line,
          column: macro.column,
          endColumn: macro.column + macro.name.length,
          ...(inSeries ? { seriesUses: { word: macro.name, own: uses.length, total: 1 } } : {}),
        });
      },
    };
  },
};

export default rule;
