/** Reports a new enum value, union branch or member that breaks the visible order of a sorted list (ObjectType, ObjectOptions). */
import type { Rule, SchemaFile } from '../../src/engine/types.js';
import type { Definition } from '../../src/qapi/types.js';
import { noveltyOf } from '../../src/qapi/novelty.js';
import { closesAfter, entryRuns, misplacedEntries, opensBefore, whereOf, type ListEntry } from '../../src/lists/sorted-entries.js';

/**
 * A definition shown whole whose old entries are all sorted is
 * qapi/member-list-order's to judge (it reads every entry); this rule
 * speaks where the patch shows a part, or the whole with old exceptions.
 */
function judgedWhole(file: SchemaFile, entry: ListEntry, isNew: (def: Definition, name: string) => boolean): boolean {
  const def = file.schema.definitions.find((d) => d.membersComplete && d.startLine <= entry.line && entry.line <= d.endLine);
  if (!def) return false;
  const member = def.members.find((m) => m.nameRange.start.line === entry.line);
  if (!member) return false;
  const old = def.members.filter((m) => m.container === member.container && !isNew(def, m.name)).map((m) => m.name);
  return old.length >= 3 && old.every((n, i) => i === 0 || old[i - 1]! < n);
}

const rule: Rule = {
  meta: {
    id: 'qapi/sorted-list',
    description: 'a new entry of a sorted list (ObjectType values, ObjectOptions branches) goes where it sorts among the neighbours the patch shows',
    severity: 'warning',
    source: {
      title: 'Markus Armbruster, qemu-devel reviews of patches adding QOM object types to qapi/qom.json (ObjectType, ObjectOptions)',
      quote: 'Please keep the members sorted.',
    },
    messages: {
      misplaced: "keep the list sorted: '{{name}}' belongs {{where}}",
    },
    details:
      'Judged from the lines the patch shows: a new entry inserted between two old neighbours it does not sort ' +
      'between, with at least four old entries around it (up to three on each side) in order; or appended ' +
      'at the end of the list (or prepended at its start) past at least three old entries in order that it sorts ' +
      'before (after). Old neighbours out of order (QEMU\'s historic exceptions, as \'s390-pv-guest\' after ' +
      '\'thread-context\') keep it quiet. Order: lower-cased byte order, \'_\' as \'-\', a name before its longer ' +
      'variants, as QEMU sorts ObjectType and qapi/meson.build. Conditional entries ({ \'name\': ..., \'if\': ... }) ' +
      'and union branches with a type object count like plain ones. Where the place is in sight and the entry ' +
      'and its new neighbour end in a comma, the fix moves the entry there. An entry the patch moves (removes ' +
      'anywhere in it or an earlier patch of the series) counts as old.',
  },
  create(context) {
    const novelty = noveltyOf(context);
    return {
      qapiSchema(file) {
        const isOld = (e: ListEntry) => file.whole || file.view.line(e.line)?.added !== true || novelty.existedBefore(e.name);
        const isNewMember = (def: Definition, name: string) => {
          const m = def.members.find((x) => x.name === name);
          return m !== undefined && novelty.isNewMember(file, m);
        };
        for (const run of entryRuns(file.view, (l) => file.schema.roles.get(l.line) === 'code')) {
          if (run.every(isOld)) continue;
          const shape = { isOld, closesAfter: closesAfter(file.view, run), opensBefore: opensBefore(file.view, run) };
          for (const m of misplacedEntries(run, shape, file.view)) {
            if (judgedWhole(file, m.entry, isNewMember)) continue;
            context.report({
              messageKey: 'misplaced',
              data: { name: m.entry.name, where: whereOf(m) },
              file: file.path,
              line: m.entry.line,
              ...(m.entry.endLine !== m.entry.line ? { endLine: m.entry.endLine } : {}),
              ...(m.move ? { suggestion: m.move } : {}),
            });
          }
        }
      },
    };
  },
};

export default rule;
