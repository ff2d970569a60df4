/** Reports a new object-like macro that only renames a string or a name and is used once in its series. */
import type { CFile, ChangedFile, Rule } from '../../src/engine/types.js';
import type { MacroDefinition } from '../../src/c/types.js';
import { definitionRemoved, usesOnLines } from '../../src/c/macros.js';

/** The conventional macro name: capitals, digits, `_`. */
const MACRO_NAME = /^[A-Z][A-Z0-9_]*$/;
/**
 * What such a macro stands for: a string literal, or a lower-case name (a variable, a function call
 * without arguments). Not `true` or `false`: like a number, a named truth value documents a default.
 */
const ALIAS = /^(?:"(?:[^"\\]|\\.)*"|(?!(?:true|false)$)[a-z_][a-z0-9_]*(?:\(\))?)$/;

/** The name up to its second `_`-separated word, `_` included (`PC_MACHINE_` of PC_MACHINE_I8042); null for a shorter name. */
function familyOf(name: string): string | null {
  const words = name.split('_');
  return words.length > 2 ? `${words[0]}_${words[1]}_` : null;
}

/**
 * The file already names its values this way: a `#define` the patch leaves as it is, of the same
 * family and kind (PC_MACHINE_PIT "pit" beside a new PC_MACHINE_I8042 "i8042"). A new member of an
 * established list of names follows the file's convention, which reviewers ask for.
 */
function joinsFamily(macro: MacroDefinition, file: CFile): boolean {
  const family = familyOf(macro.name);
  if (family === null) return false;
  return file.macros.some((m) => !m.added && m.params === null && m.name !== macro.name && m.name.startsWith(family) && ALIAS.test(m.body));
}

interface Use {
  file: string;
  line: number;
  /** The use sits in another `#define`, so it is made wherever that one is used. */
  inDefinition: boolean;
}

/**
 * Uses of `name` on the lines of code the patch adds, outside its own definition; null when the macro is a
 * knob of the preprocessor: tested (`#ifdef`, `#if defined`) or undefined (`#undef`, the parameter
 * of a file included after it) on any line shown.
 */
function usesOf(macro: MacroDefinition, definedIn: string, files: readonly ChangedFile[]): Use[] | null {
  const word = new RegExp(`\\b${macro.name}\\b`, 'g');
  const directive = new RegExp(`^\\s*#\\s*(?:undef|ifn?def|if|elif)\\b.*\\b${macro.name}\\b`);
  const uses: Use[] = [];
  for (const file of files) {
    for (const segment of file.view.segments) {
      const texts = segment.map((l) => l.text);
      if (!texts.some((t) => t.includes(macro.name))) continue;
      if (texts.some((t) => t.includes(macro.name) && directive.test(t))) return null;
      const counted = (i: number) => segment[i]!.added && !(file.path === definedIn && segment[i]!.line === macro.line);
      for (const u of usesOnLines(texts, macro.name, word, counted)) uses.push({ file: file.path, line: segment[u.index]!.line, inDefinition: u.inDefinition });
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
      'named constant or truth value is documentation). A macro the preprocessor tests or undefines, one used inside ' +
      'another macro, and one that joins a family the file already has (an unchanged #define of the same first two ' +
      'words and kind, as PC_MACHINE_PIT beside a new PC_MACHINE_I8042) are not judged. A note, not a warning: ' +
      'reviewers disagree. A macro of a patch in a series (or of a commit in a pull request) is judged once the series ' +
      'has been seen whole (uses on the lines its later patches add count); with part of a series the rule stays ' +
      'quiet. QOM type names (TYPE_*) are used through macro pasting and never reported.',
  },
  create(context) {
    const inSeries = (context.series?.length ?? 1) > 1;
    return {
      cMacro(macro, file) {
        if (!macro.added || macro.params !== null || macro.line !== macro.endLine) return;
        if (!MACRO_NAME.test(macro.name) || macro.name.startsWith('TYPE_') || !ALIAS.test(macro.body)) return;
        if (definitionRemoved(macro.name, context.files) || joinsFamily(macro, file)) return;
        const uses = usesOf(macro, file.path, context.files);
        // A use in another macro is made wherever that one is used: how often is not known.
        if (uses === null || uses.length > 1 || uses.some((u) => u.inDefinition) || (uses.length === 0 && !inSeries)) return;
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
