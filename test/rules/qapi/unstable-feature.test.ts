import rule from '../../../rules/qapi/unstable-feature.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { findingsOf, testRule } from '../../support/rule-tester.js';
import { describe, expect, it } from 'vitest';
import { fooCommand, moveIn, moveOut } from './novelty-fixtures.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewFiles } from '../../../src/review/files.js';
import { SourceTree } from '../../../src/tree/source-tree.js';
import { TreeSession } from '../../../src/tree/tree-session.js';
import { tempDir } from '../../support/temp.js';

const schema = (...lines: string[]) => newFileDiff('qapi/test.json', lines.join('\n') + '\n');

/** The seed's shape: a doc block naming experimental members, and an enum whose list the patch extends. */
const docAndEnum = (unstableDoc: string[], newValue: string) =>
  hunkDiff('qapi/migration.json', [
    {
      start: 936,
      lines: [
        ' #     only has effect if the @mapped-ram capability is enabled.',
        ' #     (Since 9.1)',
        ' #',
        '+# @backend-transfer: List of targets for backend-transfer migration.',
        '+#',
        ' # Features:',
        ' #',
        ...unstableDoc,
        ' #',
        ' # Since: 2.4',
        ' ##',
      ],
    },
    {
      start: 966,
      lines: [
        "            'vcpu-dirty-limit',",
        "            'mode',",
        "            'zero-page-detection',",
        "-           'direct-io'] }",
        "+           'direct-io',",
        newValue,
      ],
    },
  ]);

const unstableDoc = [
  '-# @unstable: Members @x-checkpoint-delay and',
  '+# @unstable: Members @backend-transfer, @x-checkpoint-delay and',
  ' #     @x-vcpu-dirty-limit-period are experimental.',
];

testRule(rule, {
  valid: [
    {
      name: 'an X_ event with the feature',
      diff: schema(
        '##',
        '# @X_CONFIG_READ:',
        '#',
        '# Features:',
        '#',
        '# @unstable: This event is experimental.',
        '#',
        '# Since: 10.2',
        '##',
        "{ 'event': 'X_CONFIG_READ', 'features': [ 'unstable' ] }",
      ),
    },
    { name: 'an event merely starting with X (XEN_...)', diff: schema('##', '# @XEN_FOO:', '#', '# Since: 10.2', '##', "{ 'event': 'XEN_FOO' }") },
    {
      name: 'the v7 fix: the value carries the feature',
      diff: docAndEnum(unstableDoc, "+           { 'name': 'backend-transfer', 'features': ['unstable'] } ] }"),
    },
    {
      name: 'experimental struct members with the feature',
      diff: schema(
        '##',
        '# @Params:',
        '#',
        '# @x-foo: Foo.',
        '#',
        '# @bar: Bar.',
        '#',
        '# Features:',
        '#',
        '# @unstable: Member @bar is experimental.',
        '#',
        '# Since: 2.4',
        '##',
        "{ 'struct': 'Params',",
        "  'data': { '*x-foo': { 'type': 'int', 'features': [ 'unstable' ] },",
        "            'bar': { 'type': 'str', 'features': [ 'unstable', 'deprecated' ] } } }",
      ),
    },
    {
      name: 'a member the doc does not call experimental',
      diff: docAndEnum(
        unstableDoc.map((l) => l.replace('@backend-transfer, ', '')),
        "+           'backend-transfer' ] }",
      ),
    },
    {
      name: 'an experimental command with the feature',
      diff: schema(
        '##',
        '# @x-query-foo:',
        '#',
        '# Features:',
        '#',
        '# @unstable: This command is experimental.',
        '#',
        '# Since: 6.0',
        '##',
        "{ 'command': 'x-query-foo', 'features': [ 'unstable' ] }",
      ),
    },
    {
      name: 'x- as a coordinate, and union branches, which take no features',
      diff: schema(
        '##',
        '# @Screen:',
        '#',
        '# @x-origin: left edge',
        '#',
        '# @y-origin: top edge',
        '#',
        '# Since: 4.2',
        '##',
        "{ 'struct': 'Screen', 'data': { '*x-origin': 'str', '*y-origin': 'str' } }",
        '##',
        '# @Options:',
        '#',
        '# @type: the type',
        '#',
        '# Since: 6.0',
        '##',
        "{ 'union': 'Options', 'base': { 'type': 'ObjectType' }, 'discriminator': 'type',",
        "  'data': { 'x-remote-object': 'RemoteObjectProperties' } }",
        '##',
        '# @Alt:',
        '#',
        '# @x-str: a string',
        '#',
        '# Since: 6.0',
        '##',
        "{ 'alternate': 'Alt', 'data': { 'x-str': 'str', 'num': 'int' } }",
      ),
    },
  ],
  invalid: [
    {
      name: 'the seed review: "Forgot feature \'unstable\'?" across two hunks',
      diff: docAndEnum(unstableDoc, "+           'backend-transfer' ] }"),
      findings: [
        {
          line: 970,
          column: 12,
          message: "'backend-transfer' is documented as experimental under @unstable",
          suggestion: "           { 'name': 'backend-transfer', 'features': [ 'unstable' ] } ] }",
        },
      ],
    },
    {
      name: 'x- members without the feature, as plain and as object entries',
      diff: schema(
        '##',
        '# @Params:',
        '#',
        '# @x-foo: Foo.',
        '#',
        '# @x-bar: Bar.',
        '#',
        '# Since: 2.4',
        '##',
        "{ 'struct': 'Params',",
        "  'data': { '*x-foo': 'int',",
        "            'x-bar': { 'type': 'str', 'features': [ 'deprecated' ] } } }",
      ),
      findings: [
        { line: 11, message: "'x-foo' has the x- prefix", suggestion: "  'data': { '*x-foo': { 'type': 'int', 'features': [ 'unstable' ] }," },
        { line: 12, suggestion: "            'x-bar': { 'type': 'str', 'features': [ 'deprecated', 'unstable' ] } } }" },
      ],
      output: [
        '##',
        '# @Params:',
        '#',
        '# @x-foo: Foo.',
        '#',
        '# @x-bar: Bar.',
        '#',
        '# Since: 2.4',
        '##',
        "{ 'struct': 'Params',",
        "  'data': { '*x-foo': { 'type': 'int', 'features': [ 'unstable' ] },",
        "            'x-bar': { 'type': 'str', 'features': [ 'deprecated', 'unstable' ] } } }",
      ].join('\n'),
    },
    {
      name: 'an X_ event without the feature: event names are ALL_CAPS, their x- prefix too',
      diff: schema('##', '# @X_CONFIG_READ:', '#', '# Emitted when the configuration is read.', '#', '# Since: 10.2', '##', "{ 'event': 'X_CONFIG_READ' }"),
      findings: [{ line: 8, message: "Event 'X_CONFIG_READ' is named with the X_ prefix of an experimental interface" }],
    },
    {
      name: 'a command documented as experimental without the feature',
      diff: schema(
        '##',
        '# @query-foo:',
        '#',
        '# Features:',
        '#',
        '# @unstable: This command is experimental.',
        '#',
        '# Since: 6.0',
        '##',
        "{ 'command': 'query-foo' }",
      ),
      findings: [{ line: 10, message: "Command 'query-foo' is documented as experimental" }],
    },
  ],
});

describe('what the patch moves', () => {
  /** An old struct whose x- member predates the feature, as `prefix`ed lines. */
  const oldStruct = ['##', '# @Perf:', '#', '# @x-perf: Performance options.', '#', '# Since: 6.0', '##', "{ 'struct': 'Perf', 'data': { '*x-perf': 'int' } }"];
  const withUnstableDoc = [...oldStruct.slice(0, 5), '# Features:', '#', '# @unstable: Member @x-perf is experimental.', '#', ...oldStruct.slice(5)];
  testRule(rule, {
    valid: [
      { name: 'an x- member without the feature, moved to a new module', diff: moveOut(oldStruct) + moveIn(oldStruct) },
      {
        name: 'an x- command without the feature, moved by an earlier patch of the series',
        earlier: [moveOut(fooCommand('6.0', { name: 'x-query-foo' }))],
        diff: moveIn(fooCommand('6.0', { name: 'x-query-foo' })),
      },
    ],
    invalid: [
      {
        name: 'a moved member the patch newly documents as experimental',
        diff: moveOut(oldStruct) + moveIn(withUnstableDoc),
        findings: [{ line: 15, message: "'x-perf' is documented as experimental under @unstable" }],
      },
      {
        name: 'an x- member without the feature, added next to a moved one',
        diff: moveOut(oldStruct) + moveIn([...oldStruct.slice(0, -1), "{ 'struct': 'Perf', 'data': { '*x-perf': 'int', '*x-new': 'int' } }"]),
        findings: [{ line: 11, message: "'x-new' has the x- prefix" }],
      },
    ],
  });
});

describe('a definition with tens of thousands of members', () => {
  // A fix a member line: a guard against grouping each fix by searching all the others. Generous, for a busy machine.
  it('reports and offers a fix for each of 40,000 x- members without the feature', { timeout: 60_000 }, () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `x-knob-${i}`);
    const diff = schema(
      '##',
      '# @Huge:',
      '#',
      '# Knobs.',
      '#',
      '# Since: 2.4',
      '##',
      "{ 'struct': 'Huge', 'data': {",
      ...names.map((n, i) => `    '${n}': 'int'${i === names.length - 1 ? ' } }' : ','}`),
    );
    const findings = findingsOf(rule, { name: 'huge struct', diff });
    expect(findings.map((f) => f.line)).toEqual(names.map((_, i) => 9 + i));
    expect(findings[39_999]!.message).toContain("'x-knob-39999' has the x- prefix");
    expect(findings[0]!.suggestion?.text).toContain("'features': [ 'unstable' ]");
  });
});

describe('a schema reviewed as it stands (--files)', () => {
  it('judges by the doc alone: an old x- name may be stable on purpose, what the doc calls experimental is not', () => {
    const tree = tempDir('qemu-review-unstable-files-');
    mkdirSync(join(tree, 'qapi'));
    const text = [
      '##',
      '# @Backend:',
      '#',
      '# @x-use-canonical-path: stable for years, x- kept for compatibility',
      '#',
      '# @fast: an experimental knob',
      '#',
      '# Features:',
      '#',
      '# @unstable: Member @fast is experimental.',
      '#',
      '# Since: 4.0',
      '##',
      "{ 'struct': 'Backend', 'data': { '*x-use-canonical-path': 'bool', '*fast': 'bool' } }",
      '',
    ].join('\n');
    writeFileSync(join(tree, 'qapi', 'backend.json'), text);
    const [result] = [...reviewFiles(new TreeSession(new SourceTree(tree)), ['qapi/backend.json'], [rule])];
    expect(result!.findings.map((f) => f.message)).toEqual(["'fast' is documented as experimental under @unstable, but lacks 'features': [ 'unstable' ]"]);
    // Added by a patch, the x- name is new, and speaks for itself.
    expect(findingsOf(rule, { name: 'added', diff: newFileDiff('qapi/backend.json', text) }).map((f) => f.message)).toEqual([
      "'x-use-canonical-path' has the x- prefix of an experimental interface, but lacks 'features': [ 'unstable' ]",
      "'fast' is documented as experimental under @unstable, but lacks 'features': [ 'unstable' ]",
    ]);
  });
});
