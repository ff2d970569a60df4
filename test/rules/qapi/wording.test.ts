import rule from '../../../rules/qapi/wording.js';
import { newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const documented = (...doc: string[]) =>
  newFileDiff('qapi/test.json', ['##', '# @Foo:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': {} }"].join('\n') + '\n');

testRule(rule, {
  valid: [
    { name: 'the settled wording', diff: documented('# @a: it must be a UNIX domain socket.') },
    { name: 'an example is not prose', diff: documented('# .. qmp-example::', '#', '#     -> { "execute": "x", "arguments": { "unix socket": 1 } }') },
  ],
  invalid: [
    {
      name: 'the seed review: "unix socket", fixed in place',
      diff: documented('# @a: migration channel (which should be unix socket).'),
      findings: [
        {
          line: 4,
          column: 42,
          message: 'write "UNIX domain socket" rather than "unix socket"',
          suggestion: '# @a: migration channel (which should be UNIX domain socket).',
        },
      ],
    },
    {
      name: 'across a line break, and plural',
      diff: documented('# @a: This requires the channels to be unix', '#     sockets.'),
      findings: [
        {
          line: 4,
          endLine: 5,
          message: 'write "UNIX domain sockets" rather than "unix sockets"',
          suggestion: '# @a: This requires the channels to be UNIX domain sockets.',
        },
      ],
      output: [
        '##',
        '# @Foo:',
        '#',
        '# @a: This requires the channels to be UNIX domain sockets.',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'struct': 'Foo', 'data': {} }",
      ].join('\n'),
    },
  ],
});
