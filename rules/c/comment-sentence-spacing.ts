/** Reports one space between sentences in C comments, where the maintainers or the file put two. */
import type { Rule } from '../../src/engine/types.js';
import { addedComments, mayVoice, percent, spacingHabit, voiceFor } from '../../src/c/comment-style.js';
import { singleSpacedEnds } from '../../src/c/comments.js';

/** The habit is read with the width the comment-width rule uses; spacing does not depend on it. */
const ANY_WIDTH = 70;

const rule: Rule = {
  meta: {
    id: 'c/comment-sentence-spacing',
    description: 'one space between sentences in C comments whose maintainers, or whose file, separate sentences with two',
    severity: 'info',
    optIn: true,
    source: {
      title: 'QAPI/QMP maintainer reviews of monitor/ code (issue "Catch what reviewers flag everywhere they flag it")',
      quote: 'Two spaces between sentences, please, for consistency with the rest of the file.',
    },
    messages: {
      asked: 'one space after "{{end}}"; {{who}} separates sentences with two spaces',
      habit: 'one space after "{{end}}", while {{share}} of this file\'s comment sentences are two spaces apart; use two for consistency with the file',
    },
    details:
      'Off unless turned on: by the config or --rule for every file, by a maintainer profile (rules/maintainer-profiles.json) ' +
      'for the files of a MAINTAINERS section, or, with --tree, by the file itself when at least 95% of the sentence ends ' +
      '(10 or more) in its other comments are followed by two spaces. Sentence ends are found as in qapi/sentence-spacing.',
  },
  create(context) {
    return {
      file(file) {
        if (!mayVoice(context, file)) return;
        const single = addedComments(file)
          .map(({ line, comment }) => ({ line, gaps: singleSpacedEnds(line.text, comment) }))
          .filter((l) => l.gaps.length > 0);
        if (single.length === 0) return;
        const voice = voiceFor(context, file, ANY_WIDTH, spacingHabit);
        if (!voice) return;
        for (const { line, gaps } of single) {
          const first = gaps[0]!;
          context.report({
            messageKey: voice.kind,
            data: { end: first.end, ...(voice.kind === 'asked' ? { who: voice.who } : { share: percent(voice.share) }) },
            file: file.path,
            line: line.line,
            column: first.index + 1,
            endColumn: first.index + 2,
            // Every single space of the line at once: one finding per line, one fix for it.
            fix: { edits: gaps.map((g) => ({ line: line.line, start: g.index, end: g.index, text: ' ' })) },
          });
        }
      },
    };
  },
};

export default rule;
