import rule from '../../../rules/qapi/sentence-spacing.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

/** A new schema whose single definition is documented by `doc` lines. */
const lines = (...doc: string[]) => ['##', '# @Foo:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': {} }"].join('\n');
const documented = (...doc: string[]) => newFileDiff('qapi/test.json', `${lines(...doc)}\n`);
/** The schema of `documented` with its doc lines fixed. */
const expectedFile = lines;

testRule(rule, {
  valid: [
    { name: 'two spaces between sentences', diff: documented('# First sentence.  Second sentence.  (Since 9.1)') },
    { name: 'abbreviations are not sentence ends', diff: documented('# Extent type (e.g. FLAT or SPARSE), i.e. How it is stored, etc. And more.') },
    {
      name: 'list numbers are not sentence ends',
      diff: documented('# Notes:', '#', '# 1. The guest may be in a catastrophic state.', '# 2. Dirty bitmap mode captures writes.'),
    },
    { name: 'initials and ellipses are not sentence ends', diff: documented('# Written by J. Doe, who waited... Then left.') },
    { name: 'a lower-case parenthesis after a period', diff: documented('# @reconnect: deprecated, use @reconnect-ms instead. (default: 0)') },
    { name: 'a period inside a name or version', diff: documented('# Uses qemu.org and version 2.4 of the protocol.') },
    {
      name: 'an example is not prose',
      diff: documented('# .. qmp-example::', '#', '#     -> { "execute": "foo" } Then. Stop', '#     <- { "return": {} }'),
    },
    {
      name: 'a plain comment outside doc blocks',
      diff: newFileDiff('qapi/test.json', '# -*- Mode: Python -*-\n# See the COPYING file. It says so.\n#\n'),
    },
    {
      name: 'a line the patch does not change',
      diff: hunkDiff('qapi/test.json', [
        { start: 5, lines: [' ##', ' # @Foo:', ' #', ' # Old text. Not ours.', '+# New text.  Ours.', ' #', ' # Since: 1.0', ' ##'] },
      ]),
    },
  ],
  invalid: [
    {
      name: 'one space between sentences, fixed in place',
      diff: documented('# @virtio-net-tap: Enable migration for virtio-net/tap. When', '#     enabled, state is passed on.'),
      findings: [
        {
          line: 4,
          column: 56,
          message: 'one space after "virtio-net/tap."',
          suggestion: '# @virtio-net-tap: Enable migration for virtio-net/tap.  When\n#     enabled, state is passed on.',
        },
      ],
    },
    {
      name: 'one space before (Since x.y), also after a parenthesis',
      diff: documented('# @backend-transfer: List of targets.  This requires a socket', '#     (to pass fds through). (Since 10.2)'),
      findings: [
        {
          line: 5,
          message: 'one space after "through)."',
          suggestion: '# @backend-transfer: List of targets.  This requires a socket\n#     (to pass fds through).  (Since 10.2)',
        },
      ],
    },
    {
      name: 'a number ending a sentence, an @reference starting one, two on a line',
      diff: documented('# @level: Defaults to 1. (Since 2.6) Set it. @foo must be set.'),
      findings: [{ line: 4, message: 'one space after "1." and 1 more sentence ends on this line' }],
    },
    {
      name: 'one fix for all the lines of a paragraph',
      diff: documented('# @a: First. Second sentence here.', '#     Third. Fourth.'),
      findings: [{ line: 4 }, { line: 5 }],
      output: expectedFile('# @a: First.  Second sentence here.', '#     Third.  Fourth.'),
    },
    {
      name: 'the fix would pass 70 columns, so the paragraph is rewrapped',
      diff: documented('# @member: A description that is just short enough. To fit in seventy.'),
      findings: [{ line: 4, suggestion: '# @member: A description that is just short enough.  To fit in\n#     seventy.' }],
    },
  ],
});
