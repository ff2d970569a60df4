/** Reports a patch mail whose text a mailer changed (format=flowed), instead of linting the damage. */
import { COMMIT_MESSAGE, type Rule } from '../../src/engine/types.js';

const rule: Rule = {
  meta: {
    id: 'patch/mangled',
    description: 'the mailer re-flowed the patch (format=flowed): it cannot be reviewed or applied as sent',
    severity: 'error',
    source: {
      title: 'docs/devel/submitting-a-patch.rst ("git send-email"); RFC 3676 format=flowed',
    },
    messages: {
      mangled: '{{why}}; no other check ran on this patch. Send it with git send-email, or turn off format=flowed',
    },
    scope: 'patch',
  },
  create(context) {
    return {
      patch(patch) {
        if (patch.mangled) context.report({ messageKey: 'mangled', data: { why: patch.mangled }, file: COMMIT_MESSAGE, line: 1 });
      },
    };
  },
};

export default rule;
