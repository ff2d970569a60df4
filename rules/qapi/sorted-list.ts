/** Reports a new enum value, union branch or member that breaks the visible order of a sorted list (ObjectType, ObjectOptions). */
import type { Rule, SchemaFile } from '../../src/engine/types.js';
import type { Definition } from '../../src/qapi/types.js';
import { noveltyOf } from '../../src/qapi/novelty.js';
import { isBranch } from '../../src/qapi/names.js';
import { closesAfter, entryRuns, misplacedEntries, misplacedProblem, type ListEntry } from '../../src/lists/sorted-entries.js';
import byMeaning from './lists-by-meaning.json' with { type: 'json' };

/** Old entries a hunk must share with a list QEMU orders by meaning before the stretch is taken for part of it. */
const RECOGNISED = 3;

/**
 * The stretch the hunk shows is part of a list QEMU keeps in an order of
 * meaning (rules/qapi/lists-by-meaning.json, from a release): named so
 * where the definition is in sight, else recognised by its old entries.
 * Such a stretch can look sorted around a new entry and still not be.
 */
function orderedByMeaning(file: SchemaFile, run: readonly ListEntry[], isOld: (e: ListEntry) => boolean): boolean {
  const first = run[0]!;
  const def = file.schema.definitions.find((d) => d.name !== null && d.startLine <= first.line && first.line <= d.endLine);
  if (def) return byMeaning.lists.some((l) => l.name === def.name);
  const olds = run.filter(isOld).map((e) => e.name);
  if (olds.length < RECOGNISED) return false;
  return byMeaning.lists.some((l) => olds.every((n) => l.entries.includes(n)));
}

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

/** Lists that may be sorted: enum values, union branches, alternatives; never the members of a struct, command or event, which go by meaning. */
function sortableList(file: SchemaFile, run: readonly ListEntry[]): boolean {
  const first = run[0]!;
  const def = file.schema.definitions.find((d) => d.meta !== null && d.startLine <= first.line && first.line <= d.endLine);
  const shapedSo = () => run.every((e) => e.form === 'value' || e.branchLike);
  if (!def) return shapedSo(); // out of sight, the entries tell: values, or members shaped like branches
  if (def.meta === 'enum' || def.meta === 'pragma') return true;
  if (def.meta !== 'union' && def.meta !== 'alternate') return false;
  // A union's base members are no branches.
  const member = def.members.find((m) => m.nameRange.start.line === first.line);
  return member ? isBranch(def.meta, member.container) : shapedSo();
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
      'at the end of the list past at least three old entries in order that it sorts ' +
      "before; not at the start of a list, where lists ordered by meaning put 'none' or 'default'. Old neighbours out of order (QEMU's historic exceptions, as 's390-pv-guest' after " +
      "'thread-context') keep it quiet. Order: byte order (capitalised names first), '_' as '-', a name before its longer " +
      'variants, as QEMU sorts ObjectType, qapi/meson.build and the pragma lists. Only enum values, union branches and ' +
      'alternatives (and pragma name lists): members of structs, commands and events go by meaning; where the ' +
      'definition is out of sight, members count as branches only when none is optional and each names a ' +
      "capitalised type. Conditional entries ({ 'name': ..., 'if': ... }) " +
      'and union branches with a type object count like plain ones. Where the place is in sight and the entry ' +
      'and its new neighbour end in a comma, the fix moves the entry there. Lists QEMU orders by meaning ' +
      '(rules/qapi/lists-by-meaning.json, generated from a release: NetClientDriver, Netdev, RunState...) are never ' +
      'judged, by their name where the definition is in sight, else when three or more old entries in sight are theirs. ' +
      'An entry the patch moves (removes ' +
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
          if (run.every(isOld) || !sortableList(file, run) || orderedByMeaning(file, run, isOld)) continue;
          const shape = { isOld, closesAfter: closesAfter(file.view, run) };
          for (const m of misplacedEntries(run, shape, file.view)) {
            if (judgedWhole(file, m.entry, isNewMember)) continue;
            context.report(misplacedProblem(m, file.path));
          }
        }
      },
    };
  },
};

export default rule;
