import rule from '../../../rules/qapi/x-prefix.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';
import { describe } from 'vitest';
import { fooCommand, moveIn, moveOut } from './novelty-fixtures.js';

testRule(rule, {
  valid: [
    {
      name: 'an old x- member in context',
      diff: hunkDiff('qapi/test.json', [
        { start: 20, lines: [" { 'struct': 'P',", "   'data': { '*x-old': 'int',", "+            '*new': 'int',", "             'b': 'int' } }"] },
      ]),
    },
    { name: 'x- as a coordinate', diff: newFileDiff('qapi/test.json', "{ 'struct': 'S', 'data': { 'x-origin': 'int', 'y-origin': 'int' } }\n") },
    {
      name: 'an event merely starting with X',
      diff: newFileDiff('qapi/test.json', ['##', '# @XEN_FOO:', '#', '# Since: 10.2', '##', "{ 'event': 'XEN_FOO' }"].join('\n') + '\n'),
    },
    {
      name: 'an x- debugging command with feature unstable, as writing-monitor-commands.rst shows',
      diff: newFileDiff(
        'qapi/test.json',
        [
          '##',
          '# @x-accel-stats:',
          '#',
          '# Query accelerator statistics',
          '#',
          '# Features:',
          '#',
          '# @unstable: This command is meant for debugging.',
          '#',
          '# Since: 10.1',
          '##',
          "{ 'command': 'x-accel-stats',",
          "  'returns': 'HumanReadableText',",
          "  'features': [ 'unstable' ] }",
        ].join('\n') + '\n',
      ),
    },
    {
      name: 'an x- member with feature unstable',
      diff: newFileDiff('qapi/test.json', "{ 'struct': 'S', 'data': { 'x-fast': { 'type': 'bool', 'features': [ 'unstable' ] } } }\n"),
    },
    {
      name: 'the unstable feature without a prefix',
      diff: newFileDiff('qapi/test.json', "{ 'enum': 'E', 'data': [ { 'name': 'fast', 'features': [ 'unstable' ] } ] }\n"),
    },
  ],
  invalid: [
    {
      name: 'a new x- value and a new x- command',
      diff: newFileDiff(
        'qapi/test.json',
        ["{ 'enum': 'E', 'data': [ 'a', 'x-fast' ] }", '##', '# @x-query-foo:', '#', '# Since: 10.2', '##', "{ 'command': 'x-query-foo' }"].join('\n') + '\n',
      ),
      findings: [
        {
          line: 1,
          column: 31,
          message:
            "new value 'x-fast': the x- prefix no longer marks experimental interfaces, feature 'unstable' does (with it, the name may drop the prefix: 'fast')",
        },
        { line: 3, message: "new definition 'x-query-foo'" },
      ],
    },
    {
      name: 'a new X_ event: event names are ALL_CAPS, their x- prefix too',
      diff: newFileDiff('qapi/test.json', ['##', '# @X_CONFIG_READ:', '#', '# Since: 10.2', '##', "{ 'event': 'X_CONFIG_READ' }"].join('\n') + '\n'),
      findings: [
        {
          line: 2,
          message:
            "new definition 'X_CONFIG_READ': the X_ prefix no longer marks experimental interfaces, feature 'unstable' does (with it, the name may drop the prefix: 'CONFIG_READ')",
        },
      ],
    },
    {
      name: "an x- member whose features are other than 'unstable'",
      diff: newFileDiff('qapi/test.json', "{ 'struct': 'S', 'data': { 'x-fast': { 'type': 'bool', 'features': [ 'deprecated' ] } } }\n"),
      findings: [{ line: 1, message: "new member 'x-fast'" }],
    },
  ],
});

describe('names the patch moves', () => {
  // Without feature 'unstable': with it, the x- name would pass as it stands.
  const xCommand = fooCommand('6.0', { name: 'x-query-foo' });
  testRule(rule, {
    valid: [
      { name: 'an x- command moved to a new module', diff: moveOut(xCommand) + moveIn(xCommand) },
      { name: 'an x- command an earlier patch of the series removed', earlier: [moveOut(xCommand)], diff: moveIn(xCommand) },
      {
        name: 'an x- member moved from one struct to its new base in another module',
        diff:
          hunkDiff('qapi/a.json', [
            { start: 20, lines: [" { 'struct': 'P',", "-  'data': { 'a': 'int', '*x-perf': 'int' } }", "+  'base': 'Base', 'data': { 'a': 'int' } }"] },
          ]) + newFileDiff('qapi/b.json', "{ 'struct': 'Base', 'data': { '*x-perf': 'int' } }\n"),
      },
    ],
    invalid: [
      {
        name: 'an x- command after a patch of the series that removed another one',
        earlier: [moveOut(xCommand.map((l) => l.replace('x-query-foo', 'x-query-other')))],
        diff: moveIn(xCommand),
        findings: [{ line: 5, message: "new definition 'x-query-foo'" }],
      },
    ],
  });
});
