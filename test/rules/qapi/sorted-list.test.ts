import rule from '../../../rules/qapi/sorted-list.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

/** ObjectType's values around 'input-linux', as qapi/qom.json has them (10.0). */
const objectTypeInputs = (added: string[], at: 'before' | 'after') =>
  hunkDiff('qapi/qom.json', [
    {
      start: 1090,
      lines: [
        "     'filter-rewriter',",
        "     'input-barrier',",
        ...(at === 'before' ? added : []),
        "     { 'name': 'input-linux',",
        "       'if': 'CONFIG_LINUX' },",
        ...(at === 'after' ? added : []),
        "     'iothread',",
        "     'main-loop',",
        "     { 'name': 'memory-backend-epc',",
      ],
    },
  ]);

/** The end of ObjectOptions' branches, with a branch appended (qapi/qom.json, 10.0). */
const objectOptionsEnd = (branch: string[]) =>
  hunkDiff('qapi/qom.json', [
    {
      start: 1160,
      lines: [
        "       'tls-creds-x509':             'TlsCredsX509Properties',",
        "       'tls-cipher-suites':          'TlsCredsProperties',",
        "       'x-remote-object':            'RemoteObjectProperties',",
        "-      'x-vfio-user-server':         'VfioUserServerProperties'",
        "+      'x-vfio-user-server':         'VfioUserServerProperties',",
        ...branch,
        '   } }',
        ' ',
      ],
    },
  ]);

/** ObjectType's values around QEMU's historic exception. */
const aroundS390 = (added: string) =>
  hunkDiff('qapi/qom.json', [
    {
      start: 1120,
      lines: [
        "     'sev-guest',",
        "     'sev-snp-guest',",
        "     'thread-context',",
        added,
        "     's390-pv-guest',",
        "     'throttle-group',",
        "     'tls-creds-anon',",
      ],
    },
  ]);

testRule(rule, {
  valid: [
    {
      // Netdev's branches go by meaning; this stretch only looks sorted (rules/qapi/lists-by-meaning.json).
      name: 'a list QEMU orders by meaning, recognised by its old entries',
      diff: hunkDiff('qapi/net.json', [
        {
          start: 760,
          lines: [
            "    'bridge':   'NetdevBridgeOptions',",
            "    'hubport':  'NetdevHubPortOptions',",
            "    'netmap':   'NetdevNetmapOptions',",
            "+    'af-xdp':   { 'type': 'NetdevAFXDPOptions',",
            "+                  'if': 'CONFIG_AF_XDP' },",
            "    'vhost-user': 'NetdevVhostUserOptions',",
            "    'vhost-vdpa': 'NetdevVhostVDPAOptions',",
          ],
        },
      ]),
    },
    { name: 'a conditional value where it sorts', diff: objectTypeInputs(["+    { 'name': 'iommufd', 'if': 'CONFIG_IOMMUFD' },"], 'after') },
    { name: 'a branch appended where it sorts', diff: objectOptionsEnd(["+      'zzz-object':                 'ZzzProperties'"]) },
    { name: "next to QEMU's historic exception: the neighbours are out of order themselves", diff: aroundS390("+    'sev-tdx-guest',") },
    {
      name: 'a list QEMU keeps in another order (MigrationStatus)',
      diff: hunkDiff('qapi/migration.json', [
        {
          start: 170,
          lines: [
            "   'data': [ 'none', 'setup', 'cancelling', 'cancelled',",
            "             'active', 'postcopy-device', 'postcopy-active',",
            "+            'aaa-new',",
            "             'completed', 'failed', 'colo',",
            "             'pre-switchover', 'device', 'wait-unplug' ] }",
          ],
        },
      ]),
    },
    {
      name: 'one value a line, in an order of their own',
      diff: hunkDiff('qapi/x.json', [
        { start: 10, lines: ["     'none',", "     'setup',", "     'active',", "+    'aaa-new',", "     'completed',", "     'failed',", "     'colo',"] },
      ]),
    },
    {
      name: 'an append after too few old entries to tell the list is sorted',
      diff: hunkDiff('qapi/x.json', [{ start: 10, lines: ["   'data': [", "     'alpha',", "-    'beta' ] }", "+    'beta',", "+    'able' ] }"] }]),
    },
    {
      name: 'a last visible entry in a list that goes on out of sight is no append',
      diff: hunkDiff('qapi/qom.json', [
        { start: 1090, lines: ["     'filter-replay',", "     'filter-rewriter',", "     'input-barrier',", "+    'aaa-first'"] },
      ]),
    },
    {
      name: 'struct members in no particular order',
      diff: hunkDiff('qapi/x.json', [
        {
          start: 10,
          lines: [
            "   'data': { 'id': 'str',",
            "             'bus': 'str',",
            "             'addr': 'int',",
            "+            '*aaa': 'int',",
            "             'size': 'int' } }",
          ],
        },
      ]),
    },
  ],
  invalid: [
    {
      name: 'ObjectType: a conditional value inserted before a neighbour it sorts after, moved by the fix',
      diff: objectTypeInputs(["+    { 'name': 'iommufd', 'if': 'CONFIG_IOMMUFD' },"], 'before'),
      findings: [{ line: 1092, message: "keep the list sorted: 'iommufd' belongs after 'input-linux'" }],
      output: [
        "    'filter-rewriter',",
        "    'input-barrier',",
        "    { 'name': 'input-linux',",
        "      'if': 'CONFIG_LINUX' },",
        "    { 'name': 'iommufd', 'if': 'CONFIG_IOMMUFD' },",
        "    'iothread',",
        "    'main-loop',",
        "    { 'name': 'memory-backend-epc',",
      ].join('\n'),
    },
    {
      name: "ObjectOptions: a conditional branch appended after 'x-vfio-user-server'; its place is out of sight",
      diff: objectOptionsEnd([
        "+      'iommufd':                    { 'type': 'IOMMUFDProperties',",
        "+                                      'if': 'CONFIG_IOMMUFD' }",
      ]),
      findings: [{ line: 1164, endLine: 1165, message: "keep the list sorted: 'iommufd' belongs before 'tls-creds-x509', further up", suggestion: null }],
    },
    {
      name: 'ObjectType: a value appended at the end of the enum',
      diff: hunkDiff('qapi/qom.json', [
        {
          start: 1130,
          lines: [
            "     'tls-creds-x509',",
            "     'tls-cipher-suites',",
            "     { 'name': 'x-remote-object', 'features': [ 'unstable' ] },",
            "-    { 'name': 'x-vfio-user-server', 'features': [ 'unstable' ] }",
            "+    { 'name': 'x-vfio-user-server', 'features': [ 'unstable' ] },",
            "+    { 'name': 'iommufd', 'if': 'CONFIG_IOMMUFD' }",
            '   ] }',
          ],
        },
      ]),
      findings: [{ line: 1134, message: "'iommufd' belongs before 'tls-creds-x509', further up" }],
    },
  ],
});
