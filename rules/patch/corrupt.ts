/** Reports hunks that do not add up to their @@ header, which nothing else can review. */
import type { Rule } from '../../src/engine/types.js';

const rule: Rule = {
  meta: {
    id: 'patch/corrupt',
    description: 'a hunk whose lines do not match its @@ header (line-wrapped or hand-edited patch)',
    severity: 'error',
    source: {
      title: 'git apply ("corrupt patch at line N"); scripts/checkpatch.pl ("patch seems to be corrupt (line wrapped?)")',
    },
    messages: {
      corrupt: 'hunk "{{header}}" is corrupt: {{why}}; it was not reviewed and will not apply',
    },
    scope: 'patch',
    details: 'The rest of the patch is still reviewed; the corrupt hunk is never guessed at.',
  },
  create(context) {
    return {
      patch(patch) {
        for (const file of patch.files) {
          for (const hunk of file.hunks) {
            if (!hunk.corrupt) continue;
            context.report({
              messageKey: 'corrupt',
              data: { header: hunk.header, why: hunk.corrupt },
              file: file.path,
              line: Math.max(hunk.newStart, 1),
            });
          }
        }
      },
    };
  },
};

export default rule;
