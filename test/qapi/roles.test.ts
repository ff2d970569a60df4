/**
 * Line roles, sections and paragraphs of whole (complete) schema files.
 *
 * Each case is a table: one line per schema line, `role | text`, where the
 * role is written short (`#` for a lone-`#` doc line, `delim` for `##`).
 */
import { describe, expect, it } from 'vitest';
import { readSchema } from '../../src/qapi/read-schema.js';
import type { DocBlock, LineRole } from '../../src/qapi/types.js';
import { viewOfText } from '../../src/patch/view.js';
import { parseRoleTable } from '../support/role-table.js';

function parseTable(table: string): { roles: LineRole[]; text: string } {
  const { roles, lines } = parseRoleTable(table);
  return { roles, text: lines.join('\n') + '\n' };
}

function read(text: string) {
  return readSchema(viewOfText('qapi/test.json', text));
}

const roleCases: { name: string; table: string }[] = [
  {
    name: 'licence header, modelines and a free-form heading block',
    table: `
comment   |# -*- Mode: Python -*-
comment   |# vim: filetype=python
comment   |#
comment   |# This work is licensed under the terms of the GNU GPL, version 2 or later.
comment   |# See the COPYING file in the top-level directory.
blank     |
delim     |##
heading   |# = Migration
#         |#
prose     |# Free-form text under the heading.
delim     |##
blank     |
code      |{ 'include': 'common.json' }
`,
  },
  {
    name: 'definition documentation: overview, members, features, tagged sections',
    table: `
delim     |##
symbol    |# @BlockStats:
#         |#
prose     |# Statistics of a virtual block device.  Second sentence of the
prose     |# overview.
#         |#
prose     |# @device: If the stats are for a virtual block device, the name
prose     |#     corresponding to the virtual block device.
#         |#
prose     |# @node-name: The node name of the device.  (Since 2.3)
#         |#
prose     |# Features:
#         |#
prose     |# @unstable: Member @node-name is experimental.
#         |#
prose     |# Errors:
prose     |#     - If @device does not exist, DeviceNotFound
prose     |#     - Any other error returns a GenericError.
#         |#
prose     |# Since: 0.14
#         |#
prose     |# TODO: either fuse back into something, or make
prose     |#     members mandatory
delim     |##
code      |{ 'struct': 'BlockStats',
code      |  'data': {'*device': 'str', '*node-name': 'str' } }
`,
  },
  {
    name: 'a literal block after a paragraph ending in ::, and the expanded form',
    table: `
delim     |##
symbol    |# @x-foo:
#         |#
prose     |# The notation is::
#         |#
literal   |#   $ echo foo
literal   |#     indented further
#         |#
literal   |#   still literal after a blank line
#         |#
prose     |# Back at the paragraph's level, so prose again.
#         |#
prose     |# ::
#         |#
literal   |#   expanded form
#         |#
prose     |# Since: 9.0
delim     |##
code      |{ 'command': 'x-foo' }
`,
  },
  {
    name: 'a literal block inside a member description is deeper than its text',
    table: `
delim     |##
symbol    |# @Foo:
#         |#
prose     |# @member: one of the following values, written as
prose     |#     follows::
#         |#
literal   |#         value-one
literal   |#         value-two
#         |#
prose     |#     Text of the description goes on.
#         |#
prose     |# Since: 9.0
delim     |##
code      |{ 'struct': 'Foo', 'data': { 'member': 'str' } }
`,
  },
  {
    name: 'qmp-example: plain, with :title:, and :annotated: with nested literal blocks',
    table: `
delim     |##
symbol    |# @query-name:
#         |#
prose     |# Returns: the name
#         |#
prose     |# Since: 9.1
#         |#
directive |# .. qmp-example::
#         |#
example   |#     -> { "execute": "query-name" }
example   |#     <- { "return": { "name": "Fred" } }
#         |#
directive |# .. qmp-example::
directive |#    :title: Naming the machine first, then querying it, which is a long title
#         |#
example   |#     -> { "execute": "query-name" }
example   |#     <- { "return": {
example   |#            "name": "Fred" } }
#         |#
directive |# .. qmp-example::
directive |#    :annotated:
directive |#    :title: A more complex demonstration
#         |#
prose     |#    This is a more complex example that can use
prose     |#    \`\`arbitrary rST syntax\`\` in its exposition::
#         |#
example   |#     -> { "execute": "query-block" }
example   |#     <- { "return": [
example   |#             {
example   |#               "device": "ide0-hd0",
example   |#               ...
example   |#             }
example   |#          ] }
#         |#
prose     |#    Above, lengthy output has been omitted for brevity.
#         |#
prose     |#    ::
#         |#
example   |#      -> { "execute": "balloon", "arguments": { "value": 536870912 } }
delim     |##
code      |{ 'command': 'query-name', 'returns': 'NameInfo' }
`,
  },
  {
    name: 'admonitions are prose, code blocks and tables are not',
    table: `
delim     |##
symbol    |# @Bar:
#         |#
prose     |# .. note:: This command just issues a request to the guest.  When it
prose     |#    returns, the balloon size may not have changed.
#         |#
directive |# .. admonition:: Notes
#         |#
prose     |#     1. The 'query-migrate' command should be used to check
prose     |#        migration's progress.
#         |#
prose     |#     2. All boolean arguments default to false.
#         |#
directive |# .. caution::
#         |#
prose     |#    Errors were not reliably returned until 1.1, which is a long caution.
#         |#
directive |# .. code-block:: c
#         |#
literal   |#     int main(void) { return some_function_with_a_very_long_name(argument); }
#         |#
directive |# .. table:: Valid parameters combination table
directive |#    :widths: auto
#         |#
literal   |#    =============  ========  =====
literal   |#    remote         local     okay?
literal   |#    =============  ========  =====
#         |#
prose     |# Please refer to the
prose     |# :doc:\`QEMU Machine Protocol Specification </interop/qmp-spec>\`
prose     |# for the general format.
#         |#
prose     |# Since: 7.2
delim     |##
code      |{ 'struct': 'Bar', 'data': {} }
`,
  },
  {
    name: 'pre-9.2 Example and Note sections (QEMU 7.2)',
    table: `
delim     |##
symbol    |# @query-status:
#         |#
prose     |# Query the run status of all VCPUs
#         |#
prose     |# Returns: @StatusInfo reflecting all VCPUs
#         |#
prose     |# Notes: This command is not supported by all machines.  The text of a
prose     |#        note is prose.
#         |#
prose     |# Since: 0.14
#         |#
prose     |# Example:
#         |#
example   |# -> { "execute": "query-status" }
example   |# <- { "return": { "running": true,
example   |#                  "singlestep": false,
example   |#                  "status": "running" } }
#         |#
example   |# 2. An annotated second exchange, part of the example all the same.
example   |# { "event": "QUORUM_REPORT_BAD",
example   |#      "data": { "node-name": "node0", "sector-num": 345435, "sectors-count": 5 } }
delim     |##
code      |{ 'command': 'query-status', 'returns': 'StatusInfo',
code      |  'allow-preconfig': true }
`,
  },
  {
    name: 'an Example section ends at the next tag',
    table: `
delim     |##
symbol    |# @foo:
#         |#
prose     |# Examples:
#         |#
example   |# -> { "execute": "foo" }
example   |# <- { "return": {} }
#         |#
prose     |# Since: 2.1
delim     |##
code      |{ 'command': 'foo' }
`,
  },
  {
    name: 'bulleted and numbered lists, and QMP lines in running text',
    table: `
delim     |##
heading   |# == Lists
#         |#
prose     |# An event's state is modified if:
#         |#
prose     |# - its name matches the @name pattern, and
prose     |# - if @vcpu is given, the event has the "vcpu" property.
#         |#
prose     |# 1. First item, may span
prose     |#    multiple lines
prose     |# 2. Second item
#         |#
prose     |# Notation:
#         |#
example   |# -> data issued by the client
example   |# <- { "return": {},
example   |#      "id": 1 }
#         |#
prose     |# Back to text.
delim     |##
`,
  },
  {
    name: 'comments between and inside expressions',
    table: `
code      |{ 'enum': 'ErrorClass',
comment   |  # Keep this in sync with ErrorClass in error.h
code      |  'data': [ 'GenericError', 'CommandNotFound' ] } # trailing comment
blank     |
comment   |# TODO either fuse back into MigrationParameters, or make
comment   |# MigrationParameters members mandatory
code      |{ 'struct': 'MigrateSetParameters', 'data': {} }
`,
  },
];

describe('line roles of whole files', () => {
  it.each(roleCases)('$name', ({ table }) => {
    const { roles, text } = parseTable(table);
    const schema = read(text);
    const actual = roles.map((_, i) => schema.roles.get(i + 1));
    expect(actual).toEqual(roles);
  });
});

function onlyBlock(table: string): DocBlock {
  const schema = read(parseTable(table).text);
  expect(schema.docs).toHaveLength(1);
  return schema.docs[0]!;
}

describe('sections', () => {
  it('splits definition documentation into overview, descriptions, features and tagged sections', () => {
    const block = onlyBlock(roleCases.find((c) => c.name.startsWith('definition documentation'))!.table);
    expect(block.symbol).toEqual({ name: 'BlockStats', line: 2 });
    expect(block.freeForm).toBe(false);
    expect(block.opened && block.closed).toBe(true);
    expect(block.sections.map((s) => [s.kind, s.name ?? s.tag ?? null, s.line])).toEqual([
      ['intro', null, 3],
      ['member', 'device', 7],
      ['member', 'node-name', 10],
      ['features', null, 12],
      ['feature', 'unstable', 14],
      ['tagged', 'Errors', 16],
      ['tagged', 'Since', 20],
      ['tagged', 'TODO', 22],
    ]);
    expect(block.sections[1]!.lines.map((l) => l.line)).toEqual([7, 8, 9]);
  });

  it('reads free-form documentation as one overview, without descriptions or tags', () => {
    const block = onlyBlock(`
delim     |##
heading   |# = Heading
#         |#
prose     |# @foo: is no description here, nor is the next a tag
prose     |# Since: 1.0
delim     |##
`);
    expect(block.freeForm).toBe(true);
    expect(block.symbol).toBeNull();
    expect(block.sections.map((s) => s.kind)).toEqual(['intro']);
  });

  it('recognises tags only at the start of a paragraph, spelled exactly', () => {
    const block = onlyBlock(`
delim     |##
symbol    |# @Foo:
#         |#
prose     |# Overview text that goes on to say
prose     |# Since: this is not a tag, it continues the paragraph.
#         |#
prose     |# since: 7.1
#         |#
prose     |# Since 7.1
#         |#
prose     |# Since : 7.1
#         |#
prose     |# @interface-id : Interface ID
#         |#
prose     |# Since: 7.1
delim     |##
`);
    expect(block.sections.map((s) => s.kind)).toEqual(['intro', 'tagged']);
    expect(block.sections[1]!.line).toBe(15);
  });

  it('ends a description at an unindented paragraph, which starts an untagged section', () => {
    const block = onlyBlock(`
delim     |##
symbol    |# @Foo:
#         |#
prose     |# @a: the a
#         |#
prose     |# Text after the descriptions.
#         |#
prose     |# Since: 1.0
delim     |##
`);
    expect(block.sections.map((s) => s.kind)).toEqual(['member', 'plain', 'tagged']);
  });
});

describe('paragraphs', () => {
  const table = `
delim     |##
symbol    |# @Foo:
#         |#
prose     |# Overview, two
prose     |# lines.
#         |#
prose     |# @name: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed
prose     |#     do eiusmod tempor incididunt ut labore et dolore magna aliqua.
#         |#
prose     |#     Second paragraph of the description.
#         |#
prose     |# @other:
prose     |#     text on the next line
#         |#
prose     |# Errors:
prose     |#     - If @device does not exist, DeviceNotFound
prose     |#       (continued)
prose     |#     - Any other error returns a GenericError.
#         |#
prose     |# 1. First item, may span
prose     |#    multiple lines
#         |#
prose     |# .. note:: A note that starts on the directive line
prose     |#    and goes on here.
#         |#
prose     |# Since: 9.2
delim     |##
`;
  it('records each paragraph with its lead and indents', () => {
    const block = onlyBlock(table);
    const summary = block.paragraphs.map((p) => ({
      lines: p.lines.map((l) => l.line),
      section: p.section.name ?? p.section.tag ?? p.section.kind,
      lead: p.lead,
      firstIndent: p.firstIndent,
      restIndent: p.restIndent,
      visible: [p.startVisible, p.endVisible],
    }));
    expect(summary).toEqual([
      { lines: [4, 5], section: 'intro', lead: '', firstIndent: 0, restIndent: 0, visible: [true, true] },
      { lines: [7, 8], section: 'name', lead: '@name: ', firstIndent: 0, restIndent: 4, visible: [true, true] },
      { lines: [10], section: 'name', lead: '', firstIndent: 4, restIndent: 4, visible: [true, true] },
      { lines: [13], section: 'other', lead: '', firstIndent: 4, restIndent: 4, visible: [true, true] },
      { lines: [16, 17], section: 'Errors', lead: '- ', firstIndent: 4, restIndent: 6, visible: [true, true] },
      { lines: [18], section: 'Errors', lead: '- ', firstIndent: 4, restIndent: 6, visible: [true, true] },
      { lines: [20, 21], section: 'plain', lead: '1. ', firstIndent: 0, restIndent: 3, visible: [true, true] },
      { lines: [23, 24], section: 'plain', lead: '.. note:: ', firstIndent: 0, restIndent: 3, visible: [true, true] },
      { lines: [26], section: 'Since', lead: 'Since: ', firstIndent: 0, restIndent: 4, visible: [true, true] },
    ]);
  });

  it('treats a list marker right after a text line as part of the paragraph', () => {
    const block = onlyBlock(`
delim     |##
prose     |# Without the blank line this is one paragraph:
prose     |# - not a list item
delim     |##
`);
    expect(block.paragraphs).toHaveLength(1);
    expect(block.paragraphs[0]!.lines).toHaveLength(2);
  });

  it('keeps DocLine text and indentation relative to `# `', () => {
    const block = onlyBlock(table);
    const line = block.lines.find((l) => l.line === 8)!;
    expect(line).toMatchObject({ raw: '#     do eiusmod tempor incididunt ut labore et dolore magna aliqua.', indent: 4 });
    expect(line.text.startsWith('    do eiusmod')).toBe(true);
  });
});
