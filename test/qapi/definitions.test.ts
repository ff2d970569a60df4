/** Definitions and their members, from whole files and from the runs of lines a patch shows. */
import { describe, expect, it } from 'vitest';
import { readSchema } from '../../src/qapi/read-schema.js';
import { tokenizeLine } from '../../src/qapi/tokenizer.js';
import type { Definition, Range } from '../../src/qapi/types.js';
import { splitLines, viewFromSegments, viewOfText } from '../../src/patch/view.js';

const SCHEMA = `##
# @Color:
#
# @red: red
#
# @x-green: experimental green
#
# Features:
#
# @unstable: Member @x-green is experimental.
#
# Since: 1.0
##
{ 'enum': 'Color',
  'prefix': 'COLOR',
  'data': [ 'red',
            { 'name': 'x-green', 'features': [ 'unstable' ] } ] }

##
# @Paint:
#
# @color: the color
#
# @x-gloss: glossiness
#
# Features:
#
# @deprecated: This type is deprecated.
#
# @unstable: Member @x-gloss is experimental.
#
# Since: 1.0
##
{ 'struct': 'Paint',
  'data': { 'color': 'Color',
            '*x-gloss': { 'type': 'int', 'features': [ 'unstable' ] },
            '*layers': ['Color'] },
  'features': [ 'deprecated' ] }

##
# @Shape:
#
# @type: the kind of shape
#
# Since: 1.0
##
{ 'union': 'Shape',
  'base': { 'type': 'ShapeKind', '*name': 'str' },
  'discriminator': 'type',
  'branches': { 'circle': 'Circle',
                'square': { 'type': 'Square', 'if': 'CONFIG_SQUARE' } } }

##
# @StrOrNull:
#
# @s: a string
#
# @n: nothing
#
# Since: 2.10
##
{ 'alternate': 'StrOrNull',
  'data': { 's': 'str', 'n': 'null' } }

##
# @paint:
#
# Since: 1.0
##
{ 'command': 'paint', 'data': 'Paint', 'boxed': true }

##
# @PAINTED:
#
# @color: the color
#
# Since: 1.0
##
{ 'event': 'PAINTED', 'data': { 'color': 'Color' } }

# A plain comment between expressions does not separate a definition from its doc.
{ 'include': 'common.json' }

{ 'pragma': { 'doc-required': true } }
`;
const LINES = splitLines(SCHEMA);

/** The range of the `nth` occurrence of `needle` on a 1-based line of the sample schema. */
function rangeOf(line: number, needle: string, until: string = needle, lines = LINES): Range {
  const text = lines[line - 1]!;
  const start = text.indexOf(needle);
  const end = text.indexOf(until, start) + until.length;
  if (start < 0 || end < start) throw new Error(`'${needle}' not on line ${line}`);
  return { start: { line, column: start + 1 }, end: { line, column: end + 1 } };
}

function whole(text = SCHEMA): Definition[] {
  return readSchema(viewOfText('qapi/sample.json', text)).definitions;
}

/** A view of the given line ranges of a text, as a patch's hunks would show them. */
function runs(text: string, ...ranges: [number, number][]) {
  const lines = splitLines(text).map((t, i) => ({ line: i + 1, text: t, added: false }));
  return readSchema(
    viewFromSegments(
      'qapi/sample.json',
      ranges.map(([a, b]) => lines.slice(a - 1, b)),
    ),
  );
}

describe('tokenizer', () => {
  it.each([
    { line: `{ 'enum': 'Color', # comment 'x'`, tokens: [`{`, `'enum'`, `:`, `'Color'`, `,`] },
    { line: `  'allow-preconfig': true }`, tokens: [`'allow-preconfig'`, `:`, `true`, `}`] },
    { line: `'a\\\\b', 'it''s'`, tokens: [`'a\\\\b'`, `,`, `'it'`, `'s'`] },
    { line: `'unterminated`, tokens: [`'unterminated`] },
    { line: `[ bogus ]`, tokens: [`[`, `bogus`, `]`] },
  ])('$line', ({ line, tokens }) => {
    const found = tokenizeLine(line, 7);
    expect(found.map((t) => line.slice(t.column - 1, t.endColumn - 1))).toEqual(tokens);
    expect(found.every((t) => t.line === 7)).toBe(true);
  });

  it('unquotes strings and flags an unterminated one', () => {
    expect(tokenizeLine(`'a\\\\b'`, 1)[0]).toMatchObject({ kind: 'string', value: 'a\\b' });
    expect(tokenizeLine(`'open`, 1)[0]).toMatchObject({ kind: 'string', value: 'open', unterminated: true });
  });
});

/** The enum value `{ 'name': 'x-green', 'features': ['unstable'] }` on line 17 of SCHEMA, as read. */
const xGreen = () => ({
  name: 'x-green',
  optional: false,
  nameRange: rangeOf(17, `'x-green'`),
  range: rangeOf(17, `{ 'name'`, `] }`),
  features: ['unstable'],
  container: 'data',
  form: 'object',
});
describe('definitions of a whole file', () => {
  const defs = whole();

  it('finds every expression with its kind, name, lines and doc block', () => {
    expect(defs.map((d) => [d.meta, d.name, d.startLine, d.endLine, d.doc?.symbol?.name ?? null])).toEqual([
      ['enum', 'Color', 14, 17, 'Color'],
      ['struct', 'Paint', 34, 38, 'Paint'],
      ['union', 'Shape', 47, 51, 'Shape'],
      ['alternate', 'StrOrNull', 62, 63, 'StrOrNull'],
      ['command', 'paint', 70, 70, 'paint'],
      ['event', 'PAINTED', 79, 79, 'PAINTED'],
      ['include', 'common.json', 82, 82, null],
      ['pragma', null, 84, 84, null],
    ]);
    expect(defs.every((d) => d.complete && d.membersComplete)).toBe(true);
  });

  it('reads enum values written as strings and as objects', () => {
    expect(defs[0]!.members).toEqual([
      { name: 'red', optional: false, nameRange: rangeOf(16, `'red'`), range: rangeOf(16, `'red'`), features: null, container: 'data', form: 'string' },
      xGreen(),
    ]);
  });

  it('reads struct members, optional and with features, and definition features', () => {
    const paint = defs[1]!;
    expect(paint.members.map((m) => [m.name, m.optional, m.features, m.form])).toEqual([
      ['color', false, null, 'member'],
      ['x-gloss', true, ['unstable'], 'member'],
      ['layers', true, null, 'member'],
    ]);
    expect(paint.members[1]!.nameRange).toEqual(rangeOf(36, `'*x-gloss'`));
    expect(paint.members[1]!.range).toEqual(rangeOf(36, `'*x-gloss'`, `] }`));
    expect(paint.members[2]!.range).toEqual(rangeOf(37, `'*layers'`, `['Color']`));
    expect(paint.features).toEqual(['deprecated']);
  });

  it('reads a union base and branches, an alternate, a boxed command and an event', () => {
    expect(defs[2]!.members.map((m) => `${m.container}:${m.name}`)).toEqual(['base:type', 'base:name', 'branches:circle', 'branches:square']);
    expect(defs[3]!.members.map((m) => m.name)).toEqual(['s', 'n']);
    expect(defs[4]!.members).toEqual([]);
    expect(defs[5]!.members.map((m) => m.name)).toEqual(['color']);
  });
});

describe('definitions cut by the edges of a run', () => {
  it('reads a head whose end is below the run, with its last entry cut', () => {
    const schema = runs(SCHEMA, [33, 36]);
    const paint = schema.definitions[0]!;
    expect(paint).toMatchObject({ meta: 'struct', name: 'Paint', complete: false, membersComplete: false, startLine: 34, endLine: 36 });
    // The `##` above the head closes the Paint block, whose symbol is out of sight.
    expect(paint.doc?.endLine).toBe(33);
    expect(paint.members.map((m) => [m.name, m.truncated ?? false])).toEqual([
      ['color', false],
      ['x-gloss', false],
    ]);
  });

  it('marks an entry whose object runs past the run as truncated', () => {
    const text = `{ 'enum': 'E',\n  'data': [ 'a',\n            { 'name': 'b',\n              'features': [ 'unstable' ] } ] }\n`;
    const e = runs(text, [1, 3]).definitions[0]!;
    expect(e.members.map((m) => [m.name, m.truncated ?? false])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(e.members[1]!.range.end).toEqual({ line: 3, column: 26 });
  });

  it('knows the members of a head-visible definition are all there once its data list closes', () => {
    const text = `{ 'struct': 'S',\n  'data': { 'a': 'int' },\n  'features': [ 'deprecated' ] }\n`;
    expect(runs(text, [1, 2]).definitions[0]).toMatchObject({ complete: false, membersComplete: true });
  });

  it('reads a headless fragment with its data key in view', () => {
    const schema = runs(SCHEMA, [35, 38]);
    const [fragment] = schema.definitions;
    // Without the head the kind is unknown: a union would keep members in a base above, so not "complete".
    expect(fragment).toMatchObject({ meta: null, complete: false, membersComplete: false, startLine: 35, endLine: 38 });
    expect(fragment!.members.map((m) => m.name)).toEqual(['color', 'x-gloss', 'layers']);
    expect(fragment!.features).toEqual(['deprecated']);
  });

  it('takes the end of an enum list for members when the doc block above describes them', () => {
    // The whole doc block and the list's end, with the definition's head unseen in between.
    const schema = runs(SCHEMA, [1, 13], [17, 19]);
    const [fragment] = schema.definitions;
    expect(fragment).toMatchObject({ meta: 'enum', name: 'Color', complete: false, membersComplete: false });
    expect(fragment!.doc).toBe(schema.docs[0]);
    expect(fragment!.members).toEqual([xGreen()]);
  });

  it('ties a fragment to the visible end of a doc block, without a name then', () => {
    // Only the features and Since are in view: the features are all there, and 'x-green' is none of them.
    const schema = runs(SCHEMA, [9, 13], [17, 19]);
    const [fragment] = schema.definitions;
    expect(fragment).toMatchObject({ meta: 'enum', name: null });
    expect(fragment!.doc).toBe(schema.docs[0]);
    expect(fragment!.members.map((m) => m.name)).toEqual(['x-green']);
  });

  it('leaves a cut-off list unread when nothing says what it is', () => {
    const text = `{ 'enum': 'E',\n  'data': [ 'a',\n            'b',\n            'c' ] }\n`;
    const [fragment] = runs(text, [3, 4]).definitions;
    expect(fragment).toMatchObject({ meta: null, name: null, doc: null, members: [] });
  });

  it('does not tie a fragment across a visible definition', () => {
    const schema = runs(SCHEMA, [9, 14], [17, 17]);
    expect(schema.definitions.map((d) => [d.meta, d.name, d.doc?.endLine ?? null])).toEqual([
      ['enum', 'Color', 13],
      // An enum value object with features is recognisable on its own; whose it is, is not.
      ['enum', null, null],
    ]);
  });

  it('does not tie a fragment to a whole doc block that describes none of its members', () => {
    const schema = runs(SCHEMA, [54, 61], [79, 79]);
    const event = schema.definitions.find((d) => d.startLine === 79)!;
    expect(event.doc).toBeNull();
  });

  it('reads `{` after a key as a value even when its first key is a meta word', () => {
    const text = `{ 'struct': 'Opts',\n  'data': { 'event': 'BlkdebugEvent',\n            '*state': 'int' } }\n`;
    const defs = runs(text, [2, 3]).definitions;
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatchObject({ meta: null, complete: false });
    expect(defs[0]!.members.map((m) => m.name)).toEqual(['event', 'state']);
  });

  it('reads a union base cut at the top as the base, from the discriminator beside it', () => {
    const text = `{ 'union': 'U',\n  'base': { 'type': 'K',\n            '*id': 'str' },\n  'discriminator': 'type',\n  'branches': { 'a': 'A' } }\n`;
    const [fragment] = runs(text, [3, 5]).definitions;
    expect(fragment!.meta).toBe('union');
    expect(fragment!.members.map((m) => `${m.container}:${m.name}`)).toEqual(['base:id', 'branches:a']);
  });
});
