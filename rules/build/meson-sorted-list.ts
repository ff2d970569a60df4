/** Reports a new entry that breaks the visible order of a sorted string list in a meson.build file (qapi/meson.build's modules). */
import type { Rule } from '../../src/engine/types.js';
import { closesAfter, entryRuns, misplacedEntries, misplacedProblem, type ListEntry } from '../../src/lists/sorted-entries.js';

const rule: Rule = {
  meta: {
    id: 'build/meson-sorted-list',
    description: "a new entry of a sorted meson.build list (qapi/meson.build's schema modules) goes where it sorts among the neighbours the patch shows",
    severity: 'warning',
    source: {
      title: "Markus Armbruster, qemu-devel review of a patch appending 'ebpf' after 'yank' in qapi/meson.build's qapi_all_modules",
      quote: 'Please keep the list sorted.',
    },
    messages: {
      misplaced: "keep the list sorted: '{{name}}' belongs {{where}}",
    },
    details:
      "Lists of one quoted string per line ('authz', or 'foo.c'), as the patch shows them: a new entry inserted " +
      'between two old neighbours it does not sort between, with at least four old entries around it in order; ' +
      'or appended at the end of the list past at least three old entries in order. ' +
      "Lists out of order around the entry (qapi/meson.build's 'machine-common', 'machine') keep it quiet. Order " +
      'and fix as qapi/sorted-list. An entry the patch also removes elsewhere in the file counts as old.',
  },
  create(context) {
    return {
      file(file) {
        if (file.path !== 'meson.build' && !file.path.endsWith('/meson.build')) return;
        // A name the patch removes from the file and adds back is moved or re-punctuated, not new.
        const removed = new Set<string>();
        for (const hunk of file.diff.hunks) {
          for (const l of hunk.lines) if (l.kind === 'del') for (const m of l.text.matchAll(/'([^'\s]+)'/g)) removed.add(m[1]!);
        }
        const isOld = (e: ListEntry) => file.whole || file.view.line(e.line)?.added !== true || removed.has(e.name);
        for (const run of entryRuns(file.view, (l) => !l.text.trimStart().startsWith('#'))) {
          if (run.every(isOld)) continue;
          const shape = { isOld, closesAfter: closesAfter(file.view, run) };
          for (const m of misplacedEntries(run, shape, file.view)) {
            context.report(misplacedProblem(m, file.path));
          }
        }
      },
    };
  },
};

export default rule;
