import rule from '../../../rules/qapi/doc-indent.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const documented = (...doc: string[]) =>
  newFileDiff('qapi/test.json', ['##', '# @Foo:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': {} }"].join('\n') + '\n');

testRule(rule, {
  valid: [
    {
      name: 'continuations at 4',
      diff: documented('# @a: first line', '#     second line', '#', '#     a further paragraph', '#', '# TODO: first', '#     second'),
    },
    {
      name: 'a block quote and a list deeper in a description',
      diff: documented('# @a: a formula:', '#', '#        x = y - z', '#', '#     - an item that', '#       runs on'),
    },
    { name: 'a literal block', diff: documented('# @a: layout::', '#', '#   +---+', '#   | x |') },
    {
      name: "an enumerated list item written '1)', its lines under its text (qom.json's ObjectPropertyInfo)",
      diff: documented('# @type: one of these forms:', '#', '#     1) A primitive type such as', "#        'u8'.", '#', '#     2) A child type.'),
    },
    {
      // Without the paragraph's start in sight, the reader cannot rule out a literal block: quiet.
      name: 'deeper lines where the hunk shows only the middle of a description',
      diff: hunkDiff('qapi/a.json', [{ start: 10, lines: [' #     foo bar', ' #     baz', '+#       new wrongly', '+#       indented', ' #', ' # @b: x'] }]),
    },
    {
      name: 'a hunk in the middle of a description, at 4',
      diff: hunkDiff('qapi/a.json', [{ start: 10, lines: [' #     foo bar', ' #     baz', '+#     new text', '+#     more', ' #', ' # @b: x'] }]),
    },
    { name: 'a block quote paragraph, after a blank line', diff: documented('# @a: first', '#     second', '#', '#       quoted', '#       text') },
  ],
  invalid: [
    {
      name: 'a continuation aligned under the text (QEMU 7.2 style), re-indented',
      diff: documented('# @a: first line of a', '#      second line'),
      findings: [{ line: 5, message: 'indent the text of @a by 4 spaces, not 5', suggestion: '# @a: first line of a second line' }],
    },
    {
      name: 'a de-indented continuation, which ends the description for QEMU',
      diff: documented('# @nsamples: the number of samples (default 480,', '# 10ms at 48kHz).'),
      findings: [{ line: 5, message: 'not 0' }],
    },
    {
      name: 'a whole paragraph at 3, one finding for its lines',
      diff: documented('# @legacy: a description', '#    that goes on', '#    and on'),
      findings: [{ line: 5, endLine: 6, message: 'not 3', suggestion: '# @legacy: a description that goes on and on' }],
      output: ['##', '# @Foo:', '#', '# @legacy: a description that goes on and on', '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': {} }"].join('\n'),
    },
    {
      name: 'continuations at 6 in a description whose @name: line is in sight',
      diff: hunkDiff('qapi/a.json', [{ start: 10, lines: [' # @a: foo bar', ' #     baz', '+#       new wrongly', '+#       indented', ' #', ' # @b: x'] }]),
      findings: [{ line: 12, endLine: 13, message: 'not 6' }],
    },
    {
      name: 'a line at 7 in a further paragraph at 4, in firmware.json',
      diff: newFileDiff(
        'docs/interop/firmware.json',
        [
          '##',
          '# @Foo:',
          '#',
          '# @a: first',
          '#     second',
          '#',
          '#     a further paragraph',
          '#        at seven',
          '#',
          '# Since: 10.2',
          '##',
          "{ 'struct': 'Foo', 'data': { 'a': 'int' } }",
        ].join('\n') + '\n',
      ),
      findings: [{ line: 8, message: 'not 7' }],
    },
    {
      name: 'a tagged section',
      diff: documented('# Returns: the thing, or', '#   nothing'),
      findings: [{ line: 5, message: 'the Returns section' }],
    },
  ],
});
