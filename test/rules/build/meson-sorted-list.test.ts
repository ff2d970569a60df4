import rule from '../../../rules/build/meson-sorted-list.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

/** qapi/meson.build's qapi_all_modules (10.0), from 'authz' to 'yank'. */
const MODULES = [
  'authz',
  'block',
  'block-core',
  'block-export',
  'char',
  'common',
  'compat',
  'control',
  'crypto',
  'cxl',
  'dump',
  'error',
  'introspect',
  'job',
  'machine-common',
  'machine',
  'machine-target',
  'migration',
  'misc',
  'misc-target',
  'net',
  'pragma',
  'qom',
  'replay',
  'run-state',
  'sockets',
  'stats',
  'trace',
  'transaction',
  'vfio',
  'virtio',
  'yank',
];
const entry = (name: string) => `  '${name}',`;

/** A hunk at the end of the list: `added` after 'yank'. */
const appended = (added: string) =>
  hunkDiff('qapi/meson.build', [
    { start: 52, lines: [` ${entry('vfio')}`, ` ${entry('virtio')}`, ` ${entry('yank')}`, `+${entry(added)}`, ' ]', ' if have_system'] },
  ]);

/** The whole list in sight (as with --tree), `added` appended. */
const wholeList = (added: string) =>
  hunkDiff('qapi/meson.build', [{ start: 20, lines: [' qapi_all_modules = [', ...MODULES.map((m) => ` ${entry(m)}`), `+${entry(added)}`, ' ]'] }]);

testRule(rule, {
  valid: [
    { name: 'appended where it sorts', diff: appended('zoned') },
    {
      name: 'inserted where it sorts',
      diff: hunkDiff('qapi/meson.build', [
        {
          start: 30,
          lines: [
            ` ${entry('crypto')}`,
            ` ${entry('cxl')}`,
            ` ${entry('dump')}`,
            `+${entry('ebpf')}`,
            ` ${entry('error')}`,
            ` ${entry('introspect')}`,
            ` ${entry('job')}`,
          ],
        },
      ]),
    },
    {
      name: "next to the list's own exception ('machine-common' before 'machine')",
      diff: hunkDiff('qapi/meson.build', [
        {
          start: 36,
          lines: [
            ` ${entry('introspect')}`,
            ` ${entry('job')}`,
            ` ${entry('machine-common')}`,
            `+${entry('machine-arm')}`,
            ` ${entry('machine')}`,
            ` ${entry('machine-target')}`,
            ` ${entry('migration')}`,
          ],
        },
      ]),
    },
    {
      name: 'a list of sources in no order',
      diff: hunkDiff('hw/foo/meson.build', [
        { start: 3, lines: ["   'foo-core.c',", "   'bar.c',", "   'foo-bus.c',", "+  'aaa.c',", "   'zed.c',", "   'baz.c',"] },
      ]),
    },
    {
      name: 'not a meson.build',
      diff: hunkDiff('qapi/modules.txt', [{ start: 52, lines: [` ${entry('vfio')}`, ` ${entry('virtio')}`, ` ${entry('yank')}`, `+${entry('ebpf')}`, ' ]'] }]),
    },
  ],
  invalid: [
    {
      name: "'ebpf' appended after 'yank' (the review's case): its place is out of sight",
      diff: appended('ebpf'),
      findings: [{ line: 55, message: "keep the list sorted: 'ebpf' belongs before 'vfio', further up", suggestion: null }],
    },
    {
      name: 'the whole list in sight: where it belongs, and the move',
      diff: wholeList('ebpf'),
      findings: [{ line: 53, message: "keep the list sorted: 'ebpf' belongs after 'dump'" }],
      output: ['qapi_all_modules = [', ...MODULES.flatMap((m) => (m === 'dump' ? [entry(m), entry('ebpf')] : [entry(m)])), ']'].join('\n'),
      fixedPath: 'qapi/meson.build',
    },
  ],
});
