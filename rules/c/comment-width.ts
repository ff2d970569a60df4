/** Reports C comment lines wider than 70 columns, where the maintainers or the file keep comments narrow. */
import type { Rule } from '../../src/engine/types.js';
import { columns } from '../../src/qapi/prose.js';
import { addedComments, mayVoice, percent, voiceFor, widthHabit } from '../../src/c/comment-style.js';
import { wrapPoint } from '../../src/c/comments.js';

const WIDTH = 70;

const rule: Rule = {
  meta: {
    id: 'c/comment-width',
    description: `comment lines wider than ${WIDTH} columns in C code whose maintainers, or whose file, keep comments within ${WIDTH}`,
    severity: 'info',
    optIn: true,
    source: {
      title: 'QAPI/QMP maintainer reviews of monitor/ code (issue "Catch what reviewers flag everywhere they flag it")',
      quote: 'Please wrap comment lines around column 70, for consistency with the rest of the file.',
    },
    messages: {
      asked: 'comment line is {{cols}} columns; {{who}} wraps comments at {{width}}',
      habit:
        "comment line is {{cols}} columns, while {{share}} of this file's comment lines are at most {{width}}; wrap at {{width}} for consistency with the file",
    },
    details:
      `Off unless turned on: by the config or --rule for every file, by a maintainer profile (rules/maintainer-profiles.json) ` +
      `for the files of a MAINTAINERS section, or, with --tree, by the file itself when at least 95% of its other comment ` +
      `lines (20 or more) are at most ${WIDTH} columns. Only lines that hold nothing but comment, and that a space at or ` +
      `before column ${WIDTH} could break (not a lone long URL), are reported.`,
  },
  create(context) {
    return {
      file(file) {
        if (!mayVoice(context, file)) return;
        const wide = addedComments(file).filter(({ line, comment }) => columns(line.text.trimEnd()) > WIDTH && wrapPoint(line.text, comment, WIDTH) >= 0);
        if (wide.length === 0) return;
        const voice = voiceFor(context, file, WIDTH, widthHabit);
        if (!voice) return;
        for (const { line } of wide) {
          context.report({
            messageKey: voice.kind,
            data: {
              cols: columns(line.text.trimEnd()),
              width: WIDTH,
              ...(voice.kind === 'asked' ? { who: voice.who } : { share: percent(voice.share) }),
            },
            file: file.path,
            line: line.line,
            column: WIDTH + 1,
          });
        }
      },
    };
  },
};

export default rule;
