import rule from '../../../rules/qapi/doc-line-width.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const schema = (...lines: string[]) => newFileDiff('qapi/test.json', lines.join('\n') + '\n');
const seventy = '# @exactly-seventy: ' + 'x'.repeat(48) + ' y'; // 70 columns

testRule(rule, {
  valid: [
    {
      name: 'lines of at most 70 columns',
      diff: schema('##', '# @Foo:', '#', seventy, '#     short.', '#', '# Since: 10.2', '##', "{ 'enum': 'Foo', 'data': [ 'exactly-seventy' ] }"),
    },
    {
      name: 'a long line inside a qmp-example',
      diff: schema(
        '##',
        '# @query-foo:',
        '#',
        '# Query foo.',
        '#',
        '# Since: 10.2',
        '#',
        '# .. qmp-example::',
        '#',
        '#     -> { "execute": "query-foo", "arguments": { "long-argument-name": "a long value" } }',
        '#     <- { "return": {} }',
        '##',
        "{ 'command': 'query-foo' }",
      ),
    },
    {
      name: 'a long line inside a literal block',
      diff: schema(
        '##',
        '# @Foo:',
        '#',
        '# The layout looks like::',
        '#',
        '#     +-------------------------------------------------------------------------+',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'struct': 'Foo', 'data': {} }",
      ),
    },
    {
      name: 'a long licence header line (a plain comment, not doc)',
      diff: schema('# -*- Mode: Python -*-', '# This work is licensed under the terms of the GNU GPL, version 2 or later. See the COPYING file.', '#'),
    },
    {
      name: 'a long line the patch does not touch',
      diff: hunkDiff('qapi/test.json', [
        {
          start: 10,
          lines: [
            ' ##',
            ' # @Foo:',
            ' #',
            ' # @bar: a description that was already much too long before this patch came along',
            '+#     and a new short line.',
            ' #',
            ' # Since: 10.2',
            ' ##',
          ],
        },
      ]),
    },
    {
      name: 'a line with nothing to break before column 70 (a URL)',
      diff: schema(
        '##',
        '# @Foo:',
        '#',
        '# See https://gitlab.com/qemu-project/qemu/-/blob/master/docs/devel/qapi-code-gen.rst',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'struct': 'Foo', 'data': {} }",
      ),
    },
    {
      name: 'long schema code, which is not a doc comment',
      diff: schema("{ 'struct': 'Foo', 'data': { 'a-rather-long-member-name': 'str', 'another-long-member': 'int' } }"),
    },
    {
      name: 'a long line in a file that is not a QAPI schema',
      diff: newFileDiff('docs/notes.json', '##\n# @Foo: a description that is much too long for a QAPI doc comment but this is no schema\n##\n'),
    },
  ],
  invalid: [
    {
      name: 'a long member description line, with the paragraph rewrapped',
      diff: schema(
        '##',
        '# @Foo:',
        '#',
        '# @bar: Enable backend-transfer migration for virtio-net/tap.  When enabled, state is',
        '#     passed to the destination.',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'enum': 'Foo', 'data': [ 'bar' ] }",
      ),
      findings: [
        {
          line: 4,
          column: 71,
          message: '85 columns wide',
          suggestion: '# @bar: Enable backend-transfer migration for virtio-net/tap.  When\n#     enabled, state is passed to the destination.',
        },
      ],
    },
    {
      name: 'a long line added in the middle of a doc block shown by a hunk',
      diff: hunkDiff('qapi/test.json', [
        {
          start: 20,
          lines: [
            ' #     (since 9.1)',
            ' #',
            '+# @new-member: List of targets to enable backend-transfer migration for.',
            '+#     This requires the migration channel to be a UNIX domain socket.',
            ' #',
            ' # Since: 2.4',
            ' ##',
            " { 'struct': 'Params',",
          ],
        },
      ]),
      findings: [{ line: 22, message: '72 columns wide' }],
    },
    {
      name: 'a long free-form paragraph line and a long list item',
      diff: schema(
        '##',
        '# = Migration',
        '#',
        '# Free-form text that runs on and on past the seventieth column of the line.',
        '#',
        '# * a list item that is also much longer than the seventy columns allowed',
        '#   for doc text.',
        '##',
      ),
      findings: [
        { line: 4, suggestion: '# Free-form text that runs on and on past the seventieth column of the\n# line.' },
        { line: 6, suggestion: '# * a list item that is also much longer than the seventy columns\n#   allowed for doc text.' },
      ],
    },
    {
      // "(default:" starts no sentence to the spacing rule, but the author's two spaces stay two.
      name: 'the rewrap keeps two spaces before a parenthesised note',
      diff: schema(
        '##',
        '# @Foo:',
        '#',
        '# @max-queue-size: the number of packets to keep in the queue for comparing them.  If the',
        '#     queue is full, further packets are dropped.  (default: 1024)',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'struct': 'Foo', 'data': { 'max-queue-size': 'int' } }",
      ),
      findings: [
        {
          line: 4,
          suggestion:
            '# @max-queue-size: the number of packets to keep in the queue for\n' +
            '#     comparing them.  If the queue is full, further packets are\n' +
            '#     dropped.  (default: 1024)',
        },
      ],
      output: [
        '##',
        '# @Foo:',
        '#',
        '# @max-queue-size: the number of packets to keep in the queue for',
        '#     comparing them.  If the queue is full, further packets are',
        '#     dropped.  (default: 1024)',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'struct': 'Foo', 'data': { 'max-queue-size': 'int' } }",
      ].join('\n'),
    },
  ],
});
