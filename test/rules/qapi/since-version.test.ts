import { describe, expect, it } from 'vitest';
import rule from '../../../rules/qapi/since-version.js';
import { reviewPatch } from '../../../src/engine/run.js';
import { fromDate, fromTreeVersion, nextRelease, type Release } from '../../../src/qapi/releases.js';
import history from '../../../rules/qapi/qemu-releases.json' with { type: 'json' };
import { hunkDiff, newFileDiff, patchOf } from '../../support/patches.js';
import { seriesAfter, testRule } from '../../support/rule-tester.js';
import { addToThing, createThing, docForOldMember, fooCommand, moveIn, moveOut } from './novelty-fixtures.js';

const RELEASES: Release[] = history.releases;

/** A new definition, and a member added to an old one, in a mail of `date`. */
const newDefinition = (since: string) =>
  newFileDiff(
    'qapi/test.json',
    ['##', '# @Thing:', '#', '# @a: An a.', '#', `# ${since}`, '##', "{ 'struct': 'Thing', 'data': { 'a': 'int' } }"].join('\n') + '\n',
  );

const newMember = (description: string[]) =>
  hunkDiff('qapi/test.json', [
    {
      start: 10,
      lines: [
        ' ##',
        ' # @Old:',
        ' #',
        ' # @a: An a.',
        ' #',
        ...description.map((l) => `+${l}`),
        '+#',
        ' # Since: 2.4',
        ' ##',
        " { 'struct': 'Old',",
        "-  'data': { 'a': 'int' } }",
        "+  'data': { 'a': 'int', 'b': 'int' } }",
      ],
    },
  ]);

/** `date`: the Date of a mail that went through the list. */
function findings(diff: string, settings: { qemuVersion?: string } = {}, date?: string) {
  const patch = patchOf(diff);
  if (date) {
    patch.mail.date = new Date(date);
    patch.mail.delivered = true;
  }
  return reviewPatch(patch, [rule], { settings }).findings;
}

// The release of a local patch is today's: these cases pin it.
const at10_2 = { qemuVersion: '10.2' };

testRule(rule, {
  valid: [
    {
      name: 'a paragraph that merely starts with "Since"',
      diff: newDefinition('Since: 10.2').replace('# @a: An a.', '# Since 2.10, things changed.'),
      settings: at10_2,
    },
    { name: 'the member of an old definition with its note', diff: newMember(['# @b: A b.  (Since 10.2)']), settings: at10_2 },
    {
      name: 'an old member whose line the patch only rewords',
      diff: hunkDiff('qapi/test.json', [{ start: 10, lines: [' ##', ' # @Old:', ' #', '-# @a: An a', '+# @a: An a.', ' #', ' # Since: 2.4', ' ##'] }]),
    },
  ],
  invalid: [
    {
      name: '"Since 9.0" without a colon is only text',
      diff: newDefinition('Since 9.0'),
      settings: at10_2,
      // One finding, with the release the section should name: not a second one asking for the section.
      findings: [{ line: 6, message: 'is no Since section to the QAPI generator, only text: write "Since: 10.2"' }],
    },
    {
      name: '"since: 9.0" in lower case is only text',
      diff: newDefinition('since: 9.0'),
      settings: at10_2,
      findings: [{ line: 6, message: 'write "Since: 10.2"' }],
    },
    {
      name: '"Since 10.2" without a colon, naming the right release',
      diff: newDefinition('Since 10.2'),
      settings: at10_2,
      findings: [{ line: 6, message: 'write "Since: 10.2"' }],
    },
    {
      name: '"(since: 10.2)" is not the documented form',
      diff: newMember(['# @b: A b.  (since: 10.2)']),
      settings: at10_2,
      findings: [{ line: 15, message: 'write "(Since 10.2)"' }],
    },
  ],
});

/** The release under development in the novelty cases: what they name otherwise is wrong. */
const V = { qemuVersion: '10.1' };

describe('what is new', () => {
  testRule(rule, {
    valid: [
      { name: 'a command moved to a new module', settings: V, diff: moveOut() + moveIn() },
      {
        name: 'a command moved to a module the patch extends',
        settings: V,
        diff: moveOut() + hunkDiff('qapi/foo.json', [{ start: 5, lines: [" { 'command': 'query-qux' }", ' ', ...fooCommand('2.1').map((l) => `+${l}`)] }]),
      },
      { name: 'a command an earlier patch of the series removed, added back elsewhere', settings: V, earlier: [moveOut()], diff: moveIn() },
      { name: 'a doc line with its note for a member the definition had', settings: V, diff: docForOldMember('A b.  (since 2.12)') },
      { name: 'a doc line without a note for a member the definition had', settings: V, diff: docForOldMember('A b.') },
      { name: 'a member added to a definition an earlier patch of the series created', settings: V, earlier: [createThing('10.0')], diff: addToThing('shown') },
      { name: 'a member added to a definition new in this release', settings: V, diff: addToThing('shown', '10.1') },
      { name: 'a member added where the Since section is out of sight', settings: V, diff: addToThing('hidden') },
    ],
    invalid: [
      {
        name: 'a moved command that gains a member',
        settings: V,
        diff: moveOut() + moveIn(fooCommand('2.1', { extra: true })),
        findings: [{ line: 11, message: 'new member @extra of an existing definition has no "(Since 10.1)"' }],
      },
      {
        name: 'a new command next to a moved one',
        settings: V,
        diff: moveOut() + moveIn([...fooCommand('2.1'), '', ...fooCommand('2.1', { name: 'query-new' })]),
        findings: [{ line: 23, message: '"Since: 2.1" of new definition query-new names 2.1, but --qemu-version 10.1 means 10.1' }],
      },
      {
        name: 'a member added to a released definition, the Since section in sight',
        settings: V,
        diff: addToThing('shown'),
        findings: [{ line: 6, message: 'new member @c of an existing definition' }],
      },
      {
        name: 'a member added to a definition of another series',
        settings: V,
        earlier: [createThing('10.0').replace(/Thing/g, 'Other')],
        diff: addToThing('shown'),
        findings: [{ line: 6, message: 'new member @c of an existing definition' }],
      },
    ],
  });
});

describe('qapi/since-version and the release under development', () => {
  it('takes --qemu-version first', () => {
    expect(findings(newDefinition('Since: 10.2'), { qemuVersion: '10.2' })).toEqual([]);
    const [f] = findings(newDefinition('Since: 10.2'), { qemuVersion: '11.0' });
    expect(f!.message).toBe('"Since: 10.2" of new definition Thing names 10.2, but --qemu-version 11.0 means 11.0');
    expect(f!.column).toBe(10);
    expect(f!.suggestion).toEqual({ line: 6, endLine: 6, text: '# Since: 11.0' });
  });

  it("asks a new member of an old definition for its note, and checks the note's release", () => {
    expect(findings(newMember(['# @b: A b.']), { qemuVersion: '10.2' }).map((f) => f.message)).toEqual([
      'new member @b of an existing definition has no "(Since 10.2)"',
    ]);
    expect(findings(newMember(['# @b: A b.  (Since 10.1)']), { qemuVersion: '10.2' }).map((f) => f.line)).toEqual([15]);
  });

  it('asks a new definition for a Since section', () => {
    const diff = newFileDiff('qapi/test.json', ['##', '# @Thing:', '#', '# Text.', '##', "{ 'struct': 'Thing', 'data': {} }"].join('\n') + '\n');
    expect(findings(diff, { qemuVersion: '10.2' }).map((f) => f.message)).toEqual(['new definition Thing has no "Since: 10.2" section']);
  });

  it('judges a list mail by its date: a released version is wrong, and in a soft freeze the next one passes too', () => {
    // 10.1 was out on 2025-08-26; 10.2's soft freeze began 2025-11-04, its rc0 2025-11-11.
    expect(findings(newDefinition('Since: 10.2'), {}, '2025-09-23T10:01:07Z')).toEqual([]);
    expect(findings(newDefinition('Since: 10.1'), {}, '2025-09-23T10:01:07Z').map((f) => f.message)).toEqual([
      '"Since: 10.1" of new definition Thing names 10.1, but a mail of 2025-09-23 means 10.2',
    ]);
    expect(findings(newDefinition('Since: 11.0'), {}, '2025-09-23T10:01:07Z')).toHaveLength(1);
    expect(findings(newDefinition('Since: 11.0'), {}, '2025-11-06T10:00:00Z')).toEqual([]);
    expect(findings(newDefinition('Since: 10.2'), {}, '2025-11-06T10:00:00Z')).toEqual([]);
  });

  it('says nothing of the release of a list mail without a date', () => {
    expect(findings(newDefinition('Since: 1.0'), {}, 'not a date')).toEqual([]);
  });
});

describe('the release history', () => {
  it('reads development versions from VERSION; release candidates (after rc0) mean the release after', () => {
    expect(fromTreeVersion('10.1.50', RELEASES)?.accept).toEqual(['10.2']);
    expect(fromTreeVersion('10.2.50', RELEASES)?.accept).toEqual(['11.0']);
    expect(fromTreeVersion('10.1.90', RELEASES)).toEqual({ accept: ['11.0'], suggest: '11.0', basis: "the tree's VERSION 10.1.90 (10.2 in hard freeze)" });
    expect(fromTreeVersion('10.0.13', RELEASES)).toBeNull();
  });

  it('goes on past its end: X.2 is followed by (X+1).0', () => {
    expect(nextRelease('11.1', RELEASES)).toBe('11.2');
    expect(nextRelease('11.2', RELEASES)).toBe('12.0');
    expect(fromDate(new Date('2026-09-01'), history, 'a mail of')?.accept).toEqual(['11.2']);
    expect(fromDate(new Date('2026-11-26'), history, 'a mail of')?.accept).toEqual(['12.0']);
  });

  it('is in date order: soft freeze, then rc0, then the release, then the next soft freeze', () => {
    for (const [i, r] of RELEASES.entries()) {
      expect(r.softFreeze < r.hardFreeze && r.hardFreeze < r.released, r.version).toBe(true);
      if (i > 0) expect(RELEASES[i - 1]!.released < r.softFreeze, r.version).toBe(true);
    }
  });
});

/** The common accepted shape: a value appended to a one-line enum list, its description noting the release. */
const appendedValue = (note: string) =>
  hunkDiff('qapi/job.json', [
    {
      start: 19,
      lines: [
        ' #',
        ' # @make: image making job',
        ' #',
        `+# @resize: image resizing job ${note}`,
        '+#',
        ' # Since: 1.7',
        ' ##',
        " { 'enum': 'JobKind',",
        "-  'data': ['copy', 'stream', 'make'] }",
        "+  'data': ['copy', 'stream', 'make', 'resize'] }",
      ],
    },
  ]);

/** A struct renamed in place (its Since shortened on the way): its doc and members carried over. */
const renamedStruct = (name: string) =>
  hunkDiff('qapi/block.json', [
    {
      start: 30,
      lines: [
        ' ##',
        '-# @BlockdevOptionsOld:',
        `+# @${name}:`,
        ' #',
        ' # Options for the old driver, which keeps',
        ' # its data in one file.',
        ' #',
        ' # @file: the file',
        ' #',
        '-# Since: 2.9.0',
        '+# Since: 2.9',
        ' ##',
        "-{ 'struct': 'BlockdevOptionsOld', 'data': { 'file': 'str' } }",
        `+{ 'struct': '${name}', 'data': { 'file': 'str' } }`,
      ],
    },
  ]);

describe('renamed definitions', () => {
  it('takes a type renamed with its doc for the old one, in place or moved', () => {
    expect(findings(renamedStruct('BlockdevOptionsNew'), { qemuVersion: '10.1' })).toEqual([]);
    const moved =
      moveOut(fooCommand('2.1', { name: 'OldName' }).map((l) => l.replace("'command'", "'struct'"))) +
      moveIn(fooCommand('2.1', { name: 'NewName' }).map((l) => l.replace("'command'", "'struct'")));
    expect(findings(moved, { qemuVersion: '10.1' })).toEqual([]);
  });

  it('takes a renamed command for a new one: its name is the interface', () => {
    const moved = moveOut(fooCommand('2.1', { name: 'query-old' })) + moveIn(fooCommand('2.1', { name: 'query-new' }));
    expect(findings(moved, { qemuVersion: '10.1' }).map((f) => f.message)).toEqual([
      '"Since: 2.1" of new definition query-new names 2.1, but --qemu-version 10.1 means 10.1',
    ]);
  });
});

describe('what stays new', () => {
  it('judges the note of a value appended to an old enum, and asks for a missing one', () => {
    expect(findings(appendedValue('(since 10.1)'), { qemuVersion: '10.1' })).toEqual([]);
    expect(findings(appendedValue('(since 10.0)'), { qemuVersion: '10.1' }).map((f) => `${f.line} ${f.message}`)).toEqual([
      '22 "(since 10.0)" of new member @resize names 10.0, but --qemu-version 10.1 means 10.1',
    ]);
    expect(findings(appendedValue(''), { qemuVersion: '10.1' }).map((f) => `${f.line} ${f.message}`)).toEqual([
      '22 new member @resize of an existing definition has no "(Since 10.1)"',
    ]);
  });

  it('knows the enum by its code when its `# @Name:` line is cut off: created earlier in the series, it asks for nothing', () => {
    const created = newFileDiff(
      'qapi/job.json',
      ['##', '# @JobKind:', '#', '# @copy: c', '#', '# Since: 1.7', '##', "{ 'enum': 'JobKind', 'data': ['copy'] }"].join('\n') + '\n',
    );
    const patch = patchOf(appendedValue(''));
    const series = seriesAfter([created], [rule]);
    expect(reviewPatch(patch, [rule], { settings: { qemuVersion: '10.1' }, series }).findings).toEqual([]);
  });
});

describe('a member documented while another is added', () => {
  it("asks only the added member for its note, even when another definition's member has the old one's name", () => {
    const diff = hunkDiff('qapi/test.json', [
      {
        start: 10,
        lines: [
          ' ##',
          ' # @Old:',
          ' #',
          ' # @a: An a.',
          ' #',
          '+# @b: A b.',
          '+#',
          '+# @c: A c.',
          '+#',
          ' # @d: A d.',
          ' #',
          ' # Since: 2.4',
          ' ##',
          " { 'struct': 'Old',",
          "   'data': { 'a': 'int', 'b': 'int',",
          "+            'c': 'int',",
          "             'd': 'int' } }",
          ' ',
          " { 'struct': 'Other',",
          "-  'data': { 'a': 'int' } }",
          "+  'data': { 'a': 'int', 'b': 'int' } }",
        ],
      },
    ]);
    expect(findings(diff, { qemuVersion: '10.1' }).map((f) => `${f.line} ${f.message}`)).toEqual([
      '17 new member @c of an existing definition has no "(Since 10.1)"',
    ]);
  });
});

describe('a definition with tens of thousands of members', () => {
  // A guard against looking each description's member up in the whole list: generous, for a busy machine.
  it('asks a note of each of 40,000 members added to a released struct', { timeout: 30_000 }, () => {
    // One length and a long shared prefix: names that take a search long to tell apart.
    const names = Array.from({ length: 40_000 }, (_, i) => `member-of-a-struct-that-keeps-growing-${String(i).padStart(5, '0')}`);
    const diff = hunkDiff('qapi/test.json', [
      {
        start: 10,
        lines: [
          ' ##',
          ' # @Old:',
          ' #',
          ' # @a: An a.',
          ' #',
          ...names.flatMap((n) => [`+# @${n}: An ${n}.`, '+#']),
          ' # Since: 2.4',
          ' ##',
          " { 'struct': 'Old',",
          "-  'data': { 'a': 'int' } }",
          `+  'data': { 'a': 'int', ${names.map((n) => `'${n}': 'int'`).join(', ')} } }`,
        ],
      },
    ]);
    const found = findings(diff, at10_2);
    expect(found.map((f) => f.line)).toEqual(names.map((_, i) => 15 + 2 * i));
    expect(found[39_999]!.message).toContain(`@${names[39_999]!} of an existing definition`);
  });
});

describe('schemas outside qapi/: docs/interop/firmware.json', () => {
  /** A new enum value added to firmware.json's FirmwareFeature, with its own note, and a new definition. */
  const firmware = (memberSince: string, definitionSince: string) =>
    hunkDiff('docs/interop/firmware.json', [
      {
        start: 40,
        lines: [
          ' ##',
          ' # @FirmwareFeature:',
          ' #',
          ' # @acpi-s3: The firmware supports S3 sleep.',
          ' #',
          `+# @igvm: The firmware is an IGVM file.  ${memberSince}`,
          '+#',
          ' # Since: 3.0',
          ' ##',
          " { 'enum' : 'FirmwareFeature',",
          "-  'data' : [ 'acpi-s3' ] }",
          "+  'data' : [ 'acpi-s3', 'igvm' ] }",
          '+',
          '+##',
          '+# @FirmwareIgvm:',
          '+#',
          '+# An IGVM file.',
          '+#',
          `+# Since: ${definitionSince}`,
          '+##',
          "+{ 'struct' : 'FirmwareIgvm', 'data' : { 'filename' : 'str' } }",
        ],
      },
    ]);

  it('placeholders and an old release are reported there as in qapi/', () => {
    const found = reviewPatch(patchOf(firmware('(Since FIXME)', '9.0')), [rule], { settings: { qemuVersion: '10.2' } }).findings;
    expect(found.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([
      'docs/interop/firmware.json:45: "(Since FIXME)" of new member @igvm is a placeholder: --qemu-version 10.2 means 10.2',
      'docs/interop/firmware.json:57: "Since: 9.0" of new definition FirmwareIgvm names 9.0, but --qemu-version 10.2 means 10.2',
    ]);
    expect(reviewPatch(patchOf(firmware('(Since 10.2)', '10.2')), [rule], { settings: { qemuVersion: '10.2' } }).findings).toEqual([]);
  });
});

describe('qapi/since-version on a large schema', () => {
  it("looks up each doc block's definition once per file, not once per block (linear in the schema)", () => {
    const count = 3000;
    const text = Array.from({ length: count }, (_, i) =>
      ['##', `# @Thing${i}:`, '#', '# Text.', '#', '# Since: 10.2', '##', `{ 'struct': 'Thing${i}', 'data': {} }`].join('\n'),
    ).join('\n');
    const patch = patchOf(newFileDiff('qapi/test.json', `${text}\n`));
    // Searches over an array as long as the schema's definitions: one per new block was quadratic.
    const find = Array.prototype.find;
    let searches = 0;
    Array.prototype.find = function (this: unknown[], ...args: Parameters<typeof find>) {
      if (this.length >= count) searches++;
      return find.apply(this, args);
    } as typeof find;
    let findings;
    try {
      findings = reviewPatch(patch, [rule], { settings: { qemuVersion: '10.2' } }).findings;
    } finally {
      Array.prototype.find = find;
    }
    expect(findings).toEqual([]);
    expect(searches).toBeLessThan(10);
  }, 60_000);
});

describe('an old release the commit message claims on purpose', () => {
  const enumOf = (since: string, member: string) =>
    newFileDiff(
      'qapi/arch.json',
      [
        '##',
        '# @Arch:',
        '#',
        `# @x86_64: The x86-64 architecture.${member}`,
        '#',
        `# Since: ${since}`,
        '##',
        "{ 'enum': 'Arch', 'data': [ 'x86_64' ] }",
        '',
      ].join('\n'),
    );
  const found = (message: string, since = '3.0', member = '') =>
    reviewPatch(patchOf(enumOf(since, member), { message }), [rule], { settings: { qemuVersion: '10.2' } }).findings.map((f) => f.message);

  it('is not reported, nor are the notes of its members; an unexplained one still is', () => {
    const claim = 'Replace the string by an enum.\n\nClaim "Since: 3.0" for the new enum, because that is correct for its members.';
    expect(found(claim, '3.0', '  (Since 7.1)')).toEqual([]);
    expect(found('Replace the string by an enum.', '3.0')).toEqual(['"Since: 3.0" of new definition Arch names 3.0, but --qemu-version 10.2 means 10.2']);
    // Another release named in the message explains nothing about this one.
    expect(found('Claim "Since: 2.12" as the old type did.', '3.0')).toHaveLength(1);
  });
});

describe('a new type that an existing member takes, in place of another', () => {
  /** FdSocketAddress, a copy of String for SocketAddress's branch @fd, with String's release. */
  const copied = (since: string, retype: boolean) =>
    hunkDiff('qapi/sockets.json', [
      {
        start: 114,
        lines: [
          ' ##',
          '+# @FdSocketAddress:',
          '+#',
          '+# A file descriptor name or number.',
          '+#',
          '+# @str: decimal is for file descriptor number, otherwise a name.',
          '+#',
          `+# Since: ${since}`,
          '+##',
          "+{ 'struct': 'FdSocketAddress', 'data': { 'str': 'str' } }",
          '+',
          '+##',
          ' # @SocketAddress:',
        ],
      },
      {
        start: 190,
        lines: [
          "   'data': { 'inet': 'InetSocketAddress',",
          "             'unix': 'UnixSocketAddress',",
          "             'vsock': 'VsockSocketAddress',",
          ...(retype ? ["-            'fd': 'String' } }", "+            'fd': 'FdSocketAddress' } }"] : ["             'fd': 'String' } }"]),
        ],
      },
    ]);
  const found = (since: string, retype: boolean) =>
    reviewPatch(patchOf(copied(since, retype)), [rule], { settings: { qemuVersion: '9.0' } }).findings.map((f) => f.message);

  it("may keep the member's older release", () => {
    expect(found('1.2', true)).toEqual([]);
  });

  it('is judged like any new type when no member takes it, or when it names a later release', () => {
    expect(found('1.2', false)).toEqual(['"Since: 1.2" of new definition FdSocketAddress names 1.2, but --qemu-version 9.0 means 9.0']);
    expect(found('9.1', true)).toEqual(['"Since: 9.1" of new definition FdSocketAddress names 9.1, but --qemu-version 9.0 means 9.0']);
  });
});
