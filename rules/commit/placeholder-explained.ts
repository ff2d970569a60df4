/** Reports a bare placeholder error a patch adds ("Not implemented") that its commit message does not mention. */
import type { ChangedFile, Rule } from '../../src/engine/types.js';
import { isCSourcePath } from '../../src/engine/files.js';

/**
 * A string that says nothing but that the code is still to come: the whole literal is the phrase.
 * A message with more in it ("Change to copy mode '%s' is not implemented") tells users about a
 * lasting limit, and a TODO comment is how QEMU keeps notes of work left: neither is a gap the
 * patch leaves for a later one, so neither is reported.
 */
const PLACEHOLDER_TEXT = /"\s*(not (?:yet )?implemented(?: yet)?|unimplemented|not supported yet|to be implemented|todo)\s*[.!]?\s*"/i;
/** Guest-visible gaps of a device model are logged with LOG_UNIMP on purpose: not a placeholder of the patch. */
const DEVICE_GAP = /\bLOG_UNIMP\b/;

/** Words with which a commit message owns up to a gap. */
const MENTIONS =
  /not[- ]?(?:yet[- ])?implemented|unimplemented|placeholder|\bstub|\btodo\b|\bfixme\b|temporar|\b(?:later|next|following|subsequent|future|separate) (?:patch|commit|change)|follow-?up|for now|\bnot yet\b|will (?:be|come)|yet to be/i;

interface Placeholder {
  line: number;
  column: number;
  what: string;
}

function placeholdersIn(file: ChangedFile): Placeholder[] {
  const found: Placeholder[] = [];
  // Code and scripts, not prose files: a placeholder in a doc is the doc's business.
  const code = isCSourcePath(file.path) || /\.(py|sh|rs|pl|mak)$|Makefile|meson\.build$/.test(file.path);
  if (!code) return found;
  for (const segment of file.view.segments) {
    for (const line of segment) {
      if (!line.added || DEVICE_GAP.test(line.text)) continue;
      const text = PLACEHOLDER_TEXT.exec(line.text);
      if (text) found.push({ line: line.line, column: text.index + 1, what: `error ${text[0]}` });
    }
  }
  return found;
}

const rule: Rule = {
  meta: {
    id: 'commit/placeholder-explained',
    description: 'a placeholder error the patch adds (a bare "Not implemented") is mentioned in its commit message',
    severity: 'warning',
    source: {
      title: 'Markus Armbruster, review of "[PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration", 2025-10-06',
      quote: 'This goes away in the next patch.  Fine, but mentioning the gap in the commit message can save reviewer a bit of work.',
    },
    messages: {
      unexplained:
        'the patch adds {{what}}, and its commit message does not say why; a line such as "implemented in the next patch" saves reviewers a bit of work',
    },
    details:
      'Placeholders: string literals on added lines of code that say nothing but "not implemented" (or "unimplemented", ' +
      '"not supported yet", "to be implemented", "TODO"). A message that says more describes a lasting limit, TODO ' +
      'comments are notes QEMU keeps, and LOG_UNIMP logs unimplemented guest features on purpose: none is ' +
      'reported. The commit message mentions the gap when it ' +
      'says "not implemented", "placeholder", "stub", "TODO", "temporary", "later/next patch", "follow-up", "for now", ' +
      '"not yet", "will be ..." and the like.',
  },
  create(context) {
    // Read once per patch, and only for a patch with a file to look at.
    let mentioned: boolean | undefined;
    const mentions = (): boolean => (mentioned ??= MENTIONS.test([context.patch.commit.title, ...context.patch.commit.body.map((l) => l.text)].join('\n')));
    return {
      file(file) {
        if (file.whole || mentions()) return;
        for (const p of placeholdersIn(file)) {
          context.report({ messageKey: 'unexplained', data: { what: p.what }, file: file.path, line: p.line, column: p.column });
        }
      },
    };
  },
};

export default rule;
