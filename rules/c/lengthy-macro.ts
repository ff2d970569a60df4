/** Reports new multi-line, statement-like macros that the patch uses once or not at all. */
import type { ChangedFile, Rule } from '../../src/engine/types.js';
import type { MacroDefinition } from '../../src/c/types.js';
import { definitionRemoved } from '../../src/c/macros.js';

/** A definition this many lines long (the `#define` line included) counts as lengthy. */
const LENGTHY_LINES = 6;

/** Statements, not an expression: `({ ... })`, `do { ... } while (0)`, or two or more `;`. */
function hasStatements(body: string): boolean {
  return /\(\s*\{/.test(body) || /\bdo\s*\{/.test(body) || (body.match(/;/g) ?? []).length >= 2;
}

interface Use {
  file: string;
  line: number;
  function: string | null;
}

/** Calls of `name(` on lines the patch adds, outside the macro's own definition. */
function usesOf(macro: MacroDefinition, definedIn: string, files: readonly ChangedFile[]): Use[] {
  const call = new RegExp(`\\b${macro.name}\\s*\\(`, 'g');
  const uses: Use[] = [];
  for (const file of files) {
    for (const segment of file.view.segments) {
      segment.forEach((line, i) => {
        if (!line.added) return;
        if (file.path === definedIn && line.line >= macro.line && line.line <= macro.endLine) return;
        for (const _ of line.text.matchAll(call)) uses.push({ file: file.path, line: line.line, function: enclosingFunction(segment, i) });
      });
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
    },
    details:
      `Lengthy: a function-like macro whose definition spans ${LENGTHY_LINES} or more lines and holds statements ` +
      '(a ({ ... }) statement expression, a do { ... } while (0) block, or two or more ";"). Uses are counted on ' +
      'the lines the patch adds, or with --tree in all C sources of the tree after the patch; a macro the patch ' +
      'moves (deletes elsewhere) is not new.',
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
        if (uses.length > 1) return;
        const use = uses[0];
        const scope = context.tree ? 'in the tree' : 'in this patch';
        context.report({
          messageKey: use ? 'singleUse' : 'unused',
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
