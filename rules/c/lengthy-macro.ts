/** Reports new multi-line, statement-like macros that the patch uses once or not at all. */
import type { ChangedFile, Rule } from '../../src/engine/types.js';
import type { MacroDefinition } from '../../src/c/types.js';
import { definitionRemoved, usesOnLines } from '../../src/c/macros.js';

/** A definition this many lines long (the `#define` line included) counts as lengthy. */
const LENGTHY_LINES = 6;

/** Statements, not an expression: `({ ... })`, `do { ... } while (0)`, or two or more `;`. */
function hasStatements(body: string): boolean {
  return /\(\s*\{/.test(body) || /\bdo\s*\{/.test(body) || (body.match(/;/g) ?? []).length >= 2;
}

/**
 * What a static inline function cannot do: paste or stringify tokens, take a type or any number of
 * arguments, declare things, leave its caller (`return`, `goto`), name its caller's place
 * (`__LINE__`), check at compile time, or open a loop the caller's statement completes (`WITH_...`).
 */
const NOT_A_FUNCTION = [
  /##/,
  /(?:^|[\s(,])#\s*[A-Za-z_]/,
  /\b__VA_ARGS__\b/,
  /\b(?:typeof\w*|__typeof__|_Generic|x?glue|stringify|QEMU_BUILD_BUG_\w*)\b/,
  /\b(?:static|extern|typedef)\b/,
  /\b(?:return|goto)\b/,
  /\b__(?:LINE|FILE|func|FUNCTION)__\b/,
];

/** A parameter a function would get as a value cannot be: the size of an array, a type, a member's name. */
const notAValue = (param: string): RegExp => new RegExp(`\\b(?:sizeof|ARRAY_SIZE|offsetof|container_of)\\s*\\([^)]*\\b${param}\\b|(?:->|\\.)\\s*${param}\\b`);

function couldBeFunction(macro: MacroDefinition): boolean {
  const params = macro.params!;
  if (params.some((p) => p.endsWith('...'))) return false;
  if (/^(?:for|while|if)\b/.test(macro.body) && !/[;}]$/.test(macro.body)) return false;
  if (NOT_A_FUNCTION.some((re) => re.test(macro.body))) return false;
  return !params.some((p) => /^\w+$/.test(p) && notAValue(p).test(macro.body));
}

interface Use {
  file: string;
  line: number;
  function: string | null;
  /** The use sits in another `#define`, so it is made wherever that one is used. */
  inDefinition: boolean;
}

/** Calls of `name(` on the lines of code the patch adds, outside the macro's own definition. */
function usesOf(macro: MacroDefinition, definedIn: string, files: readonly ChangedFile[]): Use[] {
  const call = new RegExp(`\\b${macro.name}\\s*\\(`, 'g');
  const uses: Use[] = [];
  for (const file of files) {
    for (const segment of file.view.segments) {
      const texts = segment.map((l) => l.text);
      if (!texts.some((t) => t.includes(macro.name))) continue;
      const counted = (i: number) => segment[i]!.added && !(file.path === definedIn && segment[i]!.line >= macro.line && segment[i]!.line <= macro.endLine);
      for (const u of usesOnLines(texts, macro.name, call, counted))
        uses.push({ file: file.path, line: segment[u.index]!.line, function: enclosingFunction(segment, u.index), inDefinition: u.inDefinition });
    }
  }
  return uses;
}

/** The function a line sits in, when its header is visible above it: `type name(args)` at column 0, then `{`. */
function enclosingFunction(segment: readonly { text: string }[], i: number): string | null {
  for (let j = i; j > 0; j--) {
    if (segment[j]!.text === '}') return null;
    if (segment[j]!.text !== '{') continue;
    const header = /^[A-Za-z_][\w\s*]*?\b([A-Za-z_]\w*)\s*\(/.exec(segment[j - 1]!.text);
    return header ? header[1]! : null;
  }
  return null;
}

const rule: Rule = {
  meta: {
    id: 'c/lengthy-macro',
    description: 'a new lengthy function-like macro that the patch uses once or not at all: open-code it or make it a static inline function',
    severity: 'info',
    source: {
      title: 'Markus Armbruster, review of "[PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration", 2025-10-06',
      quote: "Not a fan of lengthy macros.  There's a single use below",
    },
    messages: {
      unused: 'new {{lines}}-line macro {{name}} has no use {{scope}}; a static inline function is easier to read and debug',
      singleUse: 'new {{lines}}-line macro {{name}} has a single use {{scope}} ({{where}}); open-code it there, or make it a static inline function',
      singleUseNoFunction: 'new {{lines}}-line macro {{name}} has a single use {{scope}} ({{where}}); open-code it there',
    },
    details:
      `Lengthy: a function-like macro whose definition spans ${LENGTHY_LINES} or more lines and holds statements ` +
      '(a ({ ... }) statement expression, a do { ... } while (0) block, or two or more ";"). Uses are counted on ' +
      'the lines the patch adds, or with --tree in all C sources of the tree after the patch; a use inside another ' +
      'macro leaves the count unknown, and a macro the patch moves (deletes elsewhere) is not new. A macro no function ' +
      'could replace (token pasting or stringification, typeof, variable arguments, declarations, return or goto, ' +
      '__LINE__, a compile-time check, a loop header, a parameter taken as an array, a type or a member name) is ' +
      'reported only with a single use, and only to be open-coded.',
  },
  create(context) {
    return {
      cMacro(macro, file) {
        if (!macro.added || macro.params === null) return;
        const lines = macro.endLine - macro.line + 1;
        if (lines < LENGTHY_LINES || !hasStatements(macro.body)) return;
        if (definitionRemoved(macro.name, context.files)) return;
        // With a tree, uses anywhere in it count (after the patch); without, the patch's own lines.
        const patchUses = usesOf(macro, file.path, context.files);
        const uses = context.tree
          ? context.tree.callsOf(macro.name).map((c) => patchUses.find((u) => u.file === c.file && u.line === c.line) ?? { ...c, function: null })
          : patchUses;
        // A use in another macro is made wherever that one is used: how often is not known.
        if (uses.length > 1 || uses.some((u) => u.inDefinition)) return;
        const use = uses[0];
        const asFunction = couldBeFunction(macro);
        // Unused, it may be for the next patch or for code the patch does not show: only the form can be judged.
        if (!use && !asFunction) return;
        const scope = context.tree ? 'in the tree' : 'in this patch';
        context.report({
          messageKey: use ? (asFunction ? 'singleUse' : 'singleUseNoFunction') : 'unused',
          data: {
            lines,
            name: macro.name,
            scope,
            where: use ? `${use.function ? `${use.function}(), ` : ''}${use.file}:${use.line}` : '',
          },
          file: file.path,
          line: macro.line,
          endLine: macro.endLine,
          column: macro.column,
          endColumn: macro.column + macro.name.length,
        });
      },
    };
  },
};

export default rule;
