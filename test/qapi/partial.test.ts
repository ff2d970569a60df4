/**
 * Partial views: runs of lines that start and end anywhere, as diff hunks
 * show them.  Roles must come from the visible lines alone, and be
 * 'unknown' where those lines do not tell.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSchema } from '../../src/qapi/read-schema.js';
import type { LineRole, SchemaView } from '../../src/qapi/types.js';
import { splitLines, viewFromSegments } from '../../src/patch/view.js';
import { parseRoleTable } from '../support/role-table.js';

/** `role | text` rows; the run starts at line `start` of a file we do not see the rest of. */
function run(start: number, table: string): { roles: LineRole[]; schema: SchemaView } {
  const { roles, lines } = parseRoleTable(table);
  const run = lines.map((text, i) => ({ line: start + i, text, added: false }));
  return { roles, schema: readSchema(viewFromSegments('qapi/part.json', [run])) };
}

const cases: { name: string; start: number; table: string }[] = [
  {
    name: 'comment lines followed by ## and code were inside a doc block',
    start: 40,
    table: `
prose     |# @b: the b
#         |#
prose     |# Since: 1.0
delim     |##
code      |{ 'struct': 'Foo', 'data': { 'a': 'int', 'b': 'int' } }
`,
  },
  {
    name: 'a ## followed by comment text opens a block; comments before it are plain',
    start: 40,
    table: `
comment   |# A note to developers above the block
blank     |
delim     |##
symbol    |# @Foo:
#         |#
prose     |# Overview.
`,
  },
  {
    name: 'a closing ## may be followed by a plain comment, as code after it shows',
    start: 940,
    table: `
prose     |# Since: 2.4
delim     |##
comment   |# TODO either fuse back into MigrationParameters, or make
comment   |# MigrationParameters members mandatory
code      |{ 'struct': 'MigrateSetParameters',
`,
  },
  {
    name: 'a run starting at line 1 starts outside any block',
    start: 1,
    table: `
comment   |# -*- Mode: Python -*-
comment   |# vim: filetype=python
comment   |#
`,
  },
  {
    name: 'comment lines with nothing to tell are unknown',
    start: 120,
    table: `
unknown   |# Some text that could be anywhere,
unknown   |# in a doc block or a plain comment.
unknown   |#
`,
  },
  {
    name: 'a member description shows a run lies inside a block even without ##',
    start: 120,
    table: `
prose     |# @c: the c, with a description that goes on
prose     |#     to a second line.
#         |#
prose     |# @d: the d
`,
  },
  {
    name: 'continuation lines at the top are description text when a description follows',
    start: 886,
    table: `
prose     |#     only has effect if the @mapped-ram capability is enabled.
prose     |#     (Since 9.1)
#         |#
prose     |# Features:
#         |#
prose     |# @unstable: Members @x-checkpoint-delay and
prose     |#     @x-vcpu-dirty-limit-period are experimental.
#         |#
prose     |# Since: 2.4
delim     |##
`,
  },
  {
    name: 'continuation lines at the top stay unknown when only a tag follows',
    start: 50,
    table: `
unknown   |#     table header.  At least one file is required.  This field
unknown   |#     excludes @file.
#         |#
prose     |# Since: 1.5
delim     |##
code      |{ 'struct': 'AcpiTableOptions',
`,
  },
  {
    name: 'deeper continuation lines may be a literal block inside a description',
    start: 50,
    table: `
unknown   |#         literal-looking text
#         |#
prose     |# @e: the e
`,
  },
  {
    name: 'unindented text at the top could be a pre-9.2 Example section unless a description follows',
    start: 60,
    table: `
unknown   |# For pc machine type started with -smp 1,maxcpus=2:
#         |#
prose     |# Since: 2.7
delim     |##
`,
  },
  {
    name: 'unindented text at the top followed by a description is prose',
    start: 60,
    table: `
prose     |# which goes on here.
#         |#
prose     |# @a: the a
delim     |##
`,
  },
  {
    name: 'QMP lines are examples wherever they stand',
    start: 70,
    table: `
example   |#     -> { "execute": "query-name" }
example   |#     <- { "return": { "name": "Fred",
example   |#                      "id": 1 } }
delim     |##
code      |{ 'command': 'query-name', 'returns': 'NameInfo' }
`,
  },
  {
    name: 'a symbol line at the top of a cut block is known by the blank line after it',
    start: 13,
    table: `
symbol    |# @AcpiTableOptions:
#         |#
prose     |# Specify an ACPI table on the command line to load.
`,
  },
  {
    name: 'the body of a directive started above is not guessed',
    start: 80,
    table: `
unknown   |#    :annotated:
#         |#
unknown   |#    Set new histograms for all io types with intervals
#         |#
prose     |# .. note:: A note
delim     |##
`,
  },
];

describe('partial views: roles from the visible lines only', () => {
  it.each(cases)('$name', ({ start, table }) => {
    const { roles, schema } = run(start, table);
    expect(roles.map((_, i) => schema.roles.get(start + i))).toEqual(roles);
  });
});

const tableOf = (name: string) => cases.find((c) => c.name.startsWith(name))!.table;

describe('partial views: blocks, sections and paragraphs', () => {
  it('puts continuation lines at the top in a section of unknown kind', () => {
    const { schema } = run(886, tableOf('continuation lines at the top are description text'));
    const [block] = schema.docs;
    expect(block).toMatchObject({ opened: false, closed: true, symbol: null, freeForm: false, startLine: 886, endLine: 895 });
    expect(block!.sections.map((s) => [s.kind, s.name ?? s.tag ?? null, s.line])).toEqual([
      ['unknown', null, 886],
      ['features', null, 889],
      ['feature', 'unstable', 891],
      ['tagged', 'Since', 894],
    ]);
    const [first, unstable] = block!.paragraphs;
    expect(first).toMatchObject({ startVisible: false, endVisible: true, lead: '', firstIndent: 4, restIndent: 4 });
    expect(first!.section.kind).toBe('unknown');
    expect(unstable).toMatchObject({ startVisible: true, endVisible: true, lead: '@unstable: ', restIndent: 4 });
  });

  it('cannot tell member from feature descriptions under a cut-off top without `Features:`', () => {
    const { schema } = run(120, tableOf('a member description shows'));
    expect(schema.docs[0]!.sections.map((s) => [s.kind, s.name])).toEqual([
      ['description', 'c'],
      ['description', 'd'],
    ]);
    const text = ['#     cut-off text', '#', '# @a: the a', '#', '# Features:', '#', '# @f: the f', '##'];
    const lines = text.map((t, i) => ({ line: 30 + i, text: t, added: false }));
    const block = readSchema(viewFromSegments('qapi/part.json', [lines])).docs[0]!;
    expect(block.sections.map((s) => [s.kind, s.name ?? null])).toEqual([
      ['unknown', null],
      ['member', 'a'],
      ['features', null],
      ['feature', 'f'],
    ]);
  });

  it('marks a paragraph cut at the bottom of a run', () => {
    const { schema } = run(120, tableOf('a member description shows'));
    const last = schema.docs[0]!.paragraphs.at(-1)!;
    expect(last).toMatchObject({ startVisible: true, endVisible: false, lead: '@d: ' });
  });

  it('reads two runs of one block as two cut blocks', () => {
    const text = ['##', '# @Foo:', '#', '# @a: the a', '#', '# @b: the b', '#', '# Since: 1.0', '##'];
    const lines = text.map((t, i) => ({ line: 10 + i, text: t, added: false }));
    const schema = readSchema(viewFromSegments('qapi/part.json', [lines.slice(0, 4), lines.slice(6)]));
    expect(schema.docs.map((d) => [d.opened, d.closed, d.symbol?.name ?? null])).toEqual([
      [true, false, 'Foo'],
      [false, true, null],
    ]);
  });
});

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const shared = path.resolve(repoRoot, '../shared');
const migrationJson = path.join(shared, 'qemu/10.0.13/qapi/migration.json');

describe.skipIf(!existsSync(migrationJson))('partial views of QEMU 10.0.13 migration.json', () => {
  const text = existsSync(migrationJson) ? readFileSync(migrationJson, 'utf8') : '';
  const lines = splitLines(text);
  const numbered = lines.map((t, i) => ({ line: i + 1, text: t, added: false }));
  const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
  /** A view of inclusive 1-based line ranges. */
  const view = (...ranges: [number, number][]) =>
    readSchema(
      viewFromSegments(
        migrationJson,
        ranges.map(([a, b]) => numbered.slice(a - 1, b)),
      ),
    );

  const unstable = lineOf('# @unstable: Members @x-checkpoint-delay and');
  const head = lineOf("{ 'enum': 'MigrationParameter',");
  const listEnd = lineOf("'direct-io'] }", head);

  it('finds its landmarks', () => {
    expect([unstable, head, listEnd].every((n) => n > 0)).toBe(true);
    expect(head - unstable).toBe(5);
  });

  it('ties the end of the MigrationParameter data list to the doc block above it', () => {
    // As a patch shows them: the end of the doc block, and (a gap later) the end of the enum.
    const docRun: [number, number] = [unstable - 5, head - 1];
    const listRun: [number, number] = [listEnd - 4, listEnd + 3];
    const schema = view(docRun, listRun);

    const block = schema.docs.find((d) => d.endLine === head - 1)!;
    expect(block).toMatchObject({ opened: false, closed: true, freeForm: false });
    expect(block.sections.find((s) => s.kind === 'feature')?.name).toBe('unstable');

    const fragment = schema.definitions.find((d) => d.startLine >= listRun[0])!;
    expect(fragment).toMatchObject({ meta: 'enum', name: null, complete: false, membersComplete: false });
    expect(fragment.doc).toBe(block);

    const rangeOf = (line: number, needle: string, until = needle) => {
      const l = lines[line - 1]!;
      const start = l.indexOf(needle);
      return { start: { line, column: start + 1 }, end: { line, column: l.indexOf(until, start) + until.length + 1 } };
    };
    const object = listEnd - 4;
    expect(fragment.members).toEqual([
      {
        name: 'x-vcpu-dirty-limit-period',
        optional: false,
        nameRange: rangeOf(object, "'x-vcpu-dirty-limit-period'"),
        range: rangeOf(object, '{', '}'),
        features: ['unstable'],
        container: 'data',
        form: 'object',
      },
      ...['vcpu-dirty-limit', 'mode', 'zero-page-detection', 'direct-io'].map((name, i) => {
        const r = rangeOf(object + 1 + i, `'${name}'`);
        return { name, optional: false, nameRange: r, range: r, features: null, container: 'data', form: 'string' };
      }),
    ]);
  });

  it('takes the name from the symbol when the whole doc block is in view', () => {
    const symbol = lineOf('# @MigrationParameter:');
    const schema = view([symbol - 1, head - 1], [listEnd - 2, listEnd + 1]);
    const fragment = schema.definitions.find((d) => d.startLine >= listEnd - 2)!;
    expect(fragment).toMatchObject({ meta: 'enum', name: 'MigrationParameter' });
    expect(fragment.members.map((m) => m.name)).toEqual(['mode', 'zero-page-detection', 'direct-io']);
  });

  it('reads the doc lines around the feature description as in the whole file', () => {
    const schema = view([unstable - 5, head - 1]);
    expect(schema.roles.get(unstable)).toBe('doc-prose');
    expect(schema.roles.get(unstable + 1)).toBe('doc-prose');
    const paragraph = schema.docs[0]!.paragraphs.find((p) => p.lines[0]!.line === unstable)!;
    expect(paragraph).toMatchObject({ lead: '@unstable: ', firstIndent: 0, restIndent: 4, startVisible: true, endVisible: true });
    expect(paragraph.section).toMatchObject({ kind: 'feature', name: 'unstable' });
  });
});
