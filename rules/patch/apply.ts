/** Reports files of a patch that do not apply to the tree given with --tree, and were reviewed from the diff alone. */
import type { Rule } from '../../src/engine/types.js';

const rule: Rule = {
  meta: {
    id: 'patch/apply',
    description: 'with --tree: a file of the patch does not apply to the tree (it is reviewed from the diff alone)',
    severity: 'info',
    source: { title: 'git apply / patch: a hunk that matches nowhere, even with offset and fuzz' },
    messages: {
      notApplied: 'does not apply to the tree: {{why}}; reviewed from the diff alone',
      alreadyApplied: 'already applied in the tree: reviewed against the tree as it was before the patch',
    },
    scope: 'patch',
    details:
      'Hunks are looked for at their place, then further away, then with up to two context lines dropped, as patch does. ' +
      'A file that the patch does not apply to but undoes cleanly (the branch holds the patch already) is said to be already applied, ' +
      'and reviewed against the tree before it.',
  },
  create(context) {
    return {
      patch(patch) {
        for (const failure of context.tree?.failures ?? []) {
          const diff = patch.files.find((f) => f.path === failure.file);
          context.report({ messageKey: 'notApplied', data: { why: failure.why }, file: failure.file, line: Math.max(diff?.hunks[0]?.newStart ?? 1, 1) });
        }
        for (const file of context.tree?.alreadyApplied ?? []) {
          const diff = patch.files.find((f) => f.path === file);
          context.report({ messageKey: 'alreadyApplied', file, line: Math.max(diff?.hunks[0]?.newStart ?? 1, 1) });
        }
      },
    };
  },
};

export default rule;
