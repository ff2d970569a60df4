/** Reports what the mail's decoding could not keep as sent: the text reviewed is not quite the text that was mailed. */
import { COMMIT_MESSAGE, type Rule } from '../../src/engine/types.js';

const rule: Rule = {
  meta: {
    id: 'patch/encoding',
    description: 'the mail could not be decoded exactly as sent (unknown charset, bytes invalid in it, lost whitespace)',
    severity: 'warning',
    source: {
      title:
        'git mailinfo (git am) decodes quoted-printable keeping unencoded trailing whitespace, which RFC 2045 lets a decoder drop; an unknown charset leaves bytes undecodable',
    },
    messages: {
      decoding: '{{warning}}; the text reviewed may differ from what git am applies',
    },
    scope: 'patch',
    details: 'Send patches with git send-email, which declares the charset and encodes what needs encoding.',
  },
  create(context) {
    return {
      patch(patch) {
        for (const warning of patch.mail.decodeWarnings) {
          context.report({ messageKey: 'decoding', data: { warning }, file: COMMIT_MESSAGE, line: 1 });
        }
      },
    };
  },
};

export default rule;
