import rule from '../../../rules/qapi/member-list-order.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { findingsOf, testRule } from '../../support/rule-tester.js';
import { describe, expect, it } from 'vitest';

const featureDoc = (...lines: string[]) =>
  newFileDiff(
    'qapi/test.json',
    ['##', '# @Params:', '#', '# @a: A.', '#', '# Features:', '#', ...lines, '#', '# Since: 2.4', '##', "{ 'struct': 'Params', 'data': { 'a': 'int' } }"].join(
      '\n',
    ) + '\n',
  );

/** An enum whose values the patch changes: `values` with `+` for added ones. */
const enumHunk = (...values: string[]) =>
  hunkDiff('qapi/test.json', [
    {
      start: 10,
      lines: [
        ' ##',
        ' # @Colour:',
        ' #',
        ' # Since: 1.0',
        ' ##',
        " { 'enum': 'Colour',",
        "   'data': [",
        ...values,
        ...(values.at(-1)!.endsWith('] }') ? [] : ['   ] }']),
      ],
    },
  ]);

testRule(rule, {
  valid: [
    {
      name: 'a sorted member list',
      diff: featureDoc('# @unstable: Members @backend-transfer, @x-checkpoint-delay and', '#     @x-vcpu-dirty-limit-period are experimental.'),
    },
    {
      name: 'fields listed in an order of their own outside feature descriptions',
      diff: newFileDiff(
        'qapi/test.json',
        [
          '##',
          '# @OsInfo:',
          '#',
          '# .. note:: On POSIX systems the fields @id, @name and',
          '#    @kernel-release come from os-release.',
          '#',
          '# Since: 2.10',
          '##',
          "{ 'struct': 'OsInfo', 'data': {} }",
        ].join('\n') + '\n',
      ),
    },
    { name: 'two names in prose that are not a member list', diff: featureDoc('# @deprecated: Use @top instead of @base.  Compares @modelb and @modela.') },
    {
      name: 'a sorted definition gets a value in its place',
      diff: enumHunk("     'blue',", "     'green',", "+    'indigo',", "     'red',", "     'yellow'"),
    },
    {
      name: 'three values in order may be so by chance: one appended after them',
      diff: enumHunk("     'none',", "     'zlib',", "-    'zstd' ] }", "+    'zstd',", "+    'qatzip' ] }"),
    },
    { name: 'an unsorted definition gets a value at its end', diff: enumHunk("     'red',", "     'green',", "     'blue',", "+    'violet'") },
    {
      name: 'only part of the list is visible',
      diff: hunkDiff('qapi/test.json', [
        { start: 30, lines: ["             'blue',", "             'green',", "             'red',", "+            'amber',", '             ] }'] },
      ]),
    },
  ],
  invalid: [
    {
      name: 'a value appended out of order; the old last value, re-punctuated, is not new',
      diff: enumHunk("     'amber',", "     'blue',", "     'green',", "-    'red' ] }", "+    'red',", "+    'cyan' ] }"),
      findings: [{ line: 21, message: "'cyan' breaks the alphabetical order of Colour's 'data'; it belongs after 'blue'" }],
    },
    {
      name: 'the seed review: a member appended to a sorted list',
      diff: featureDoc('# @unstable: Members @x-checkpoint-delay,', '#     @x-vcpu-dirty-limit-period and @backend-transfer are experimental.'),
      findings: [
        {
          line: 8,
          endLine: 9,
          message: '@backend-transfer, @x-checkpoint-delay, @x-vcpu-dirty-limit-period',
          suggestion: '# @unstable: Members @backend-transfer, @x-checkpoint-delay and\n#     @x-vcpu-dirty-limit-period are experimental.',
        },
      ],
      // Sorted, and rewrapped because the sorted line would be 72 columns: the fixer rewraps what an edit widens.
      output: [
        '##',
        '# @Params:',
        '#',
        '# @a: A.',
        '#',
        '# Features:',
        '#',
        '# @unstable: Members @backend-transfer, @x-checkpoint-delay and',
        '#     @x-vcpu-dirty-limit-period are experimental.',
        '#',
        '# Since: 2.4',
        '##',
        "{ 'struct': 'Params', 'data': { 'a': 'int' } }",
      ].join('\n'),
    },
    {
      name: 'a values list in a feature description',
      diff: featureDoc('# @deprecated: Values @zstd and @none are deprecated.'),
      findings: [{ line: 8, suggestion: '# @deprecated: Values @none and @zstd are deprecated.' }],
    },
    {
      name: 'a two-member list on one line, swapped in place',
      diff: featureDoc('# @deprecated: Members @top and @base are deprecated.'),
      findings: [{ line: 8, column: 24, suggestion: '# @deprecated: Members @base and @top are deprecated.' }],
    },
    {
      name: 'a value inserted out of order into a sorted enum',
      diff: enumHunk("     'blue',", "     'green',", "+    'amber',", "     'red',", "     'yellow'"),
      findings: [{ line: 19, message: "'amber' breaks the alphabetical order of Colour's 'data'; it belongs before 'blue'" }],
    },
  ],
});

describe('entries the patch moves', () => {
  testRule(rule, {
    valid: [
      {
        name: 'a value moved from another enum keeps the place it had there',
        diff:
          hunkDiff('qapi/other.json', [
            { start: 5, lines: [" { 'enum': 'Shade',", "-  'data': [ 'dark', 'cyan', 'light' ] }", "+  'data': [ 'dark', 'light' ] }"] },
          ]) + enumHunk("     'amber',", "     'blue',", "     'green',", "-    'red' ] }", "+    'red',", "+    'cyan' ] }"),
      },
      {
        name: 'a value an earlier patch of the series removed',
        earlier: [
          hunkDiff('qapi/other.json', [
            { start: 5, lines: [" { 'enum': 'Shade',", "-  'data': [ 'dark', 'cyan', 'light' ] }", "+  'data': [ 'dark', 'light' ] }"] },
          ]),
        ],
        diff: enumHunk("     'amber',", "     'blue',", "     'green',", "-    'red' ] }", "+    'red',", "+    'cyan' ] }"),
      },
    ],
    invalid: [
      {
        name: 'a new value next to one moved from elsewhere',
        diff:
          hunkDiff('qapi/other.json', [{ start: 5, lines: [" { 'enum': 'Shade',", "-  'data': [ 'light', 'zinc' ] }", "+  'data': [ 'light' ] }"] }]) +
          enumHunk("     'amber',", "     'blue',", "     'green',", "-    'red' ] }", "+    'red',", "+    'zinc',", "+    'cyan' ] }"),
        findings: [{ line: 22, message: "'cyan' breaks the alphabetical order" }],
      },
    ],
  });
});

describe('lists of tens of thousands of entries', () => {
  const values = Array.from({ length: 40_000 }, (_, i) => `v${String(i).padStart(6, '0')}`);
  const oneLine = (names: readonly string[]) => `{ 'enum': 'Huge', 'data': [ ${names.map((n) => `'${n}'`).join(', ')} ] }`;
  /** The patch rewrites the one-line enum, so every old value stands on a removed line and is not new. */
  const rewrite = (names: readonly string[]) => hunkDiff('qapi/test.json', [{ start: 1, lines: [' ##', `-${oneLine(values)}`, `+${oneLine(names)}`, ' ##'] }]);

  // A guard against the per-member copying that once took 47 s here: generous, for a busy machine.
  it('finds the one value out of place among 40,000, and its place', { timeout: 30_000 }, () => {
    const names = [...values];
    names.splice(100, 0, 'v025000a');
    names.push('a-first');
    const findings = findingsOf(rule, { name: 'huge enum', diff: rewrite(names) });
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [2, "'v025000a' breaks the alphabetical order of Huge's 'data'; it belongs after 'v025000'"],
      [2, "'a-first' breaks the alphabetical order of Huge's 'data'; it belongs before 'v000000'"],
    ]);
  });

  it('names the place of each of 20,000 values inserted out of order', { timeout: 30_000 }, () => {
    const inserted = Array.from({ length: 20_000 }, (_, i) => `w${String(19_999 - i).padStart(6, '0')}`);
    const findings = findingsOf(rule, { name: 'many misplaced', diff: rewrite([...inserted, ...values]) });
    // Descending, each w… value has a neighbour on the wrong side; all belong after the last old value.
    expect(findings).toHaveLength(20_000);
    expect(new Set(findings.map((f) => f.message.replace(/'w\d+'/, "'w'")))).toEqual(
      new Set(["'w' breaks the alphabetical order of Huge's 'data'; it belongs after 'v039999'"]),
    );
  });

  it('sorts a prose list of 40,000 members', { timeout: 30_000 }, () => {
    const diff = newFileDiff(
      'qapi/test.json',
      [
        '##',
        '# @P:',
        '#',
        `# Members ${[...values]
          .reverse()
          .map((n) => `@${n}`)
          .join(', ')} and @a.`,
        '#',
        '# Since: 2.4',
        '##',
        "{ 'struct': 'P', 'data': { 'a': 'int' } }",
      ].join('\n') + '\n',
    );
    const [finding, ...rest] = findingsOf(rule, { name: 'huge prose list', diff });
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(`list members in alphabetical order: ${['a', ...values].map((n) => `@${n}`).join(', ')}`);
  });
});
