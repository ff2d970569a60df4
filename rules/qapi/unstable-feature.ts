/** Reports experimental members, values, commands and events that lack the 'unstable' feature. */
import type { Fix, Rule, SchemaFile } from '../../src/engine/types.js';
import type { DefinitionMember, DocBlock } from '../../src/qapi/types.js';
import { experimentalDefinition, hasExperimentalPrefix, isBranch } from '../../src/qapi/names.js';
import { noveltyOf } from '../../src/qapi/novelty.js';

/** What the `@unstable:` feature description calls experimental: names, or the definition itself. */
function experimentalNames(doc: DocBlock | null, self: string | null): { names: Set<string>; whole: boolean } {
  const names = new Set<string>();
  let whole = false;
  const section = doc?.sections.find((s) => s.kind === 'feature' && s.name === 'unstable');
  if (!section) return { names, whole };
  const text = section.lines
    .map((l) => l.text)
    .join(' ')
    .replace(/^\s*@unstable:\s*/, '');
  for (const sentence of text.split(/(?<=[.;])\s+/)) {
    const at = sentence.search(/\bexperimental\b/);
    if (at < 0) continue;
    const before = sentence.slice(0, at);
    if (/\b(?:[Tt]his|[Tt]he) (?:command|event|interface)\b/.test(before)) whole = true;
    for (const m of before.matchAll(/@([\w-]+)/g)) {
      if (m[1] === self) whole = true;
      else names.add(m[1]!);
    }
  }
  return { names, whole };
}

/** The edit giving the entry 'unstable' among its features; null when it spans lines. */
function withUnstable(member: DefinitionMember, file: SchemaFile): Fix | null {
  const { start, end } = member.range;
  if (start.line !== end.line) return null;
  const raw = file.view.line(start.line)?.text;
  if (raw === undefined) return null;
  const entry = raw.slice(start.column - 1, end.column - 1);
  let fixed: string | null = null;
  if (/'features'\s*:\s*\[/.test(entry)) {
    fixed = entry.replace(/('features'\s*:\s*\[)([^\]]*?)(\s*)\]/, (_, open: string, items: string, space: string) =>
      items.trim() === '' ? `${open} 'unstable' ]` : `${open}${items}, 'unstable'${space}]`,
    );
  } else if (member.form === 'string') {
    fixed = `{ 'name': ${entry}, 'features': [ 'unstable' ] }`;
  } else if (member.form === 'object' || /:\s*\{/.test(entry)) {
    fixed = entry.replace(/\s*\}$/, ", 'features': [ 'unstable' ] }");
  } else if (member.form === 'member') {
    const colon = /^('[^']*')\s*:\s*(.+)$/.exec(entry);
    if (colon) fixed = `${colon[1]}: { 'type': ${colon[2]}, 'features': [ 'unstable' ] }`;
  }
  if (fixed === null || fixed === entry) return null;
  return { edits: [{ line: start.line, start: start.column - 1, end: end.column - 1, text: fixed }] };
}

const rule: Rule = {
  meta: {
    id: 'qapi/unstable-feature',
    description: "experimental members, values, commands and events (named under @unstable, or x-) carry 'features': [ 'unstable' ]",
    severity: 'error',
    source: {
      title:
        'Markus Armbruster, review of "[PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration", 2025-10-06; docs/devel/qapi-code-gen.rst, "Special features"',
      quote: "Forgot feature 'unstable'?",
    },
    messages: {
      documented: "'{{name}}' is documented as experimental under @unstable, but lacks 'features': [ 'unstable' ]",
      prefixed: "'{{name}}' has the x- prefix of an experimental interface, but lacks 'features': [ 'unstable' ]",
      definition: "{{meta}} '{{name}}' is {{why}}, but has no 'features': [ 'unstable' ]",
    },
    details:
      "QEMU's generator checks that features are documented, not that what the doc calls experimental has the " +
      'feature. Experimental means: named in the @unstable feature description before the word "experimental", ' +
      "or an x- name (an event's X_, event names being ALL_CAPS; not when a y- twin shows it is a coordinate, as x-origin and y-origin). Union branches and " +
      'alternatives take no features and are left alone. Works across hunks when the doc block and the definition ' +
      'are both visible in the patch. A file reviewed as it stands (--files) is judged by its doc alone: its old x- names ' +
      'were left without the feature on purpose where they are stable. What the patch moves (removes anywhere in the patch or an earlier patch ' +
      'of the series) is left alone unless the patch newly documents it as experimental.',
  },
  create(context) {
    const novelty = noveltyOf(context);
    return {
      qapiDefinition(def, file) {
        const experimental = experimentalNames(def.doc, def.name);
        // What the patch only moves keeps the features it had; it is no new problem, unless the
        // patch newly calls it experimental.
        const unstableDoc = def.doc?.sections.find((s) => s.kind === 'feature' && s.name === 'unstable');
        const newlyExperimental =
          unstableDoc !== undefined && unstableDoc.lines.some((l) => file.view.line(l.line)?.added === true) && !novelty.existedBefore('unstable');
        const moved = (name: string) => novelty.existedBefore(name) && !newlyExperimental;
        const names = new Set(def.members.map((m) => m.name));
        for (const member of def.members) {
          // Union branches and alternatives take no features: their enum values or types carry them.
          if (isBranch(def.meta, member.container)) continue;
          const documented = experimental.names.has(member.name);
          // A file reviewed as it stands keeps its old x- names, some stable on purpose
          // (x-use-canonical-path-for-ramblock-id): only what its doc calls experimental can be judged.
          if (!documented && (file.whole || !hasExperimentalPrefix(member.name, names))) continue;
          if (member.features?.includes('unstable') || moved(member.name)) continue;
          const fix = withUnstable(member, file);
          context.report({
            messageKey: documented ? 'documented' : 'prefixed',
            data: { name: member.name },
            file: file.path,
            line: member.nameRange.start.line,
            column: member.nameRange.start.column,
            endColumn: member.nameRange.end.column,
            ...(fix ? { fix } : {}),
          });
        }
        // 'unstable' is not supported on types, only on commands and events.
        if ((def.meta === 'command' || def.meta === 'event') && def.name && !def.features?.includes('unstable') && !moved(def.name)) {
          const why = experimental.whole
            ? 'documented as experimental under @unstable'
            : experimentalDefinition(def.name) !== null && !file.whole
              ? `named with the ${def.name.startsWith('X_') ? 'X_' : 'x-'} prefix of an experimental interface`
              : null;
          if (why) {
            context.report({
              messageKey: 'definition',
              data: { meta: def.meta === 'command' ? 'Command' : 'Event', name: def.name, why },
              file: file.path,
              line: def.startLine,
            });
          }
        }
      },
    };
  },
};

export default rule;
