import rule from '../../../rules/qapi/doc-indent.js';
import { newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const documented = (...doc: string[]) =>
  newFileDiff('qapi/test.json', ['##', '# @Foo:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': {} }"].join('\n') + '\n');

testRule(rule, {
  valid: [
    { name: 'continuations at 4', diff: documented('# @a: first line', '#     second line', '#', '#     a further paragraph', '#', '# TODO: first', '#     second') },
    { name: 'a block quote and a list deeper in a description', diff: documented('# @a: a formula:', '#', '#        x = y - z', '#', '#     - an item that', '#       runs on') },
    { name: 'a literal block', diff: documented('# @a: layout::', '#', '#   +---+', '#   | x |') },
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
      name: 'a tagged section',
      diff: documented('# Returns: the thing, or', '#   nothing'),
      findings: [{ line: 5, message: 'the Returns section' }],
    },
  ],
});
