/** Reports paths in a diff that reach outside the source tree: `../`, absolute paths, symlinks leading out. */
import type { Rule } from '../../src/engine/types.js';
import { unsafePathReason } from '../../src/tree/source-tree.js';

const rule: Rule = {
  meta: {
    id: 'patch/unsafe-path',
    description: "a path in the diff reaches outside the source tree ('..', an absolute path, a symlink leading out)",
    severity: 'error',
    source: { title: 'git apply ("affected file is beyond a symbolic link", "invalid path"); patch -p1 safety' },
    messages: {
      unsafe: "path '{{path}}' is {{why}}: the patch is refused{{tree}}",
    },
    scope: 'patch',
    details: 'With --tree the whole patch is then left unapplied and reviewed from the diff alone.',
  },
  create(context) {
    return {
      patch(patch) {
        const reported = new Set<string>();
        for (const diff of patch.files) {
          for (const path of [diff.oldPath, diff.newPath]) {
            if (path === null || reported.has(path)) continue;
            const why = unsafePathReason(path);
            if (!why) continue;
            reported.add(path);
            context.report({ messageKey: 'unsafe', data: { path, why, tree: context.tree ? ', not applied to the tree' : '' }, file: diff.path, line: 1 });
          }
        }
        // Lexically fine paths can still lead out of the tree through a symlink in it.
        const refused = context.tree?.refused;
        if (refused && reported.size === 0) {
          const m = /^'(.*)' is (.*)$/.exec(refused);
          const path = m?.[1] ?? patch.files[0]?.path ?? '';
          context.report({ messageKey: 'unsafe', data: { path, why: m?.[2] ?? refused, tree: ', not applied to the tree' }, file: path, line: 1 });
        }
      },
    };
  },
};

export default rule;
