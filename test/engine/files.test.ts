import { describe, expect, it } from 'vitest';
import { isQapiSchema, isQapiSchemaPath, shownLines } from '../../src/engine/files.js';
import { reviewPatch } from '../../src/engine/run.js';
import docLineWidth from '../../rules/qapi/doc-line-width.js';
import { hunkDiff, newFileDiff, patchOf } from '../support/patches.js';

const none = () => [];
const schemaLines = () => ['##', '# @Foo:', '##', "{ 'struct': 'Foo', 'data': {} }"];

describe('which files are QAPI schemas', () => {
  it.each([
    ['qapi/migration.json', none, true],
    ['qga/qapi-schema.json', none, true],
    ['storage-daemon/qapi/qapi-schema.json', none, true],
    ['docs/interop/firmware.json', none, true],
    ['docs/interop/vhost-user.json', none, true],
    // Elsewhere, what the lines hold tells.
    ['hw/foo/foo-schema.json', schemaLines, true],
    ['hw/foo/foo-schema.json', () => ['{ "enum": "Foo", "data": [ "a" ] }'], true],
    ['hw/foo/foo-schema.json', () => ['#', '# Some prose', '##'], true],
    // Plain JSON: a firmware descriptor, data with a key named like a meta-type but not at a line start.
    ['pc-bios/descriptors/60-edk2-x86_64.json', () => ['{', '    "description": "UEFI firmware for x86_64",', '    "interface-types": [ "uefi" ]', '}'], false],
    ['hw/foo/data.json', () => ['{ "name": "x", "struct": "y" }', '  { "enum": 1 }'], false],
    ['qapi/meson.build', none, false],
    // The generator's test cases are broken on purpose.
    ['tests/qapi-schema/doc-bad-indent.json', schemaLines, false],
    ['tests/unit/qapi-schema/x.json', schemaLines, false],
  ])('%s', (path, lines, expected) => {
    expect(isQapiSchema(path, lines)).toBe(expected);
  });

  it("test schemas only when asked, and only the generator's", () => {
    expect(isQapiSchema('tests/qapi-schema/doc-bad-indent.json', schemaLines, { qapiTests: true })).toBe(true);
    expect(isQapiSchemaPath('tests/qapi-schema/doc-bad-indent.json', { qapiTests: true })).toBe(true);
    expect(isQapiSchema('tests/data/acpi/foo.json', schemaLines, { qapiTests: true })).toBe(false);
  });

  it('reads the lines a diff shows, removed ones too', () => {
    const [diff] = patchOf(
      hunkDiff('hw/x/schema.json', [{ start: 3, lines: ["-{ 'struct': 'Foo', 'data': {} }", "+{ 'struct': 'Foo', 'data': { 'a': 'int' } }"] }]),
    ).files;
    expect([...shownLines(diff!)]).toEqual(["{ 'struct': 'Foo', 'data': {} }", "{ 'struct': 'Foo', 'data': { 'a': 'int' } }"]);
    expect(isQapiSchema(diff!.path, () => shownLines(diff!))).toBe(true);
  });
});

describe('QAPI rules on schemas outside qapi/', () => {
  const long = '#     on a line that runs on and on past the seventy columns of QAPI doc';
  const hunk = (path: string) => hunkDiff(path, [{ start: 40, lines: [' ##', ' # @FirmwareFeature:', ' #', `+${long}`, ' #', ' # Since: 3.0', ' ##'] }]);
  const widths = (diff: string, settings = {}) => reviewPatch(patchOf(diff), [docLineWidth], { settings }).findings.map((f) => `${f.file}:${f.line}`);

  it('docs/interop/firmware.json gets the doc rules (a 74-column line the maintainer flagged)', () => {
    expect(long.length).toBeGreaterThan(70);
    expect(widths(hunk('docs/interop/firmware.json'))).toEqual(['docs/interop/firmware.json:43']);
  });

  it('a schema elsewhere, known by its ## block', () => {
    expect(widths(hunk('hw/vendor/vendor-schema.json'))).toEqual(['hw/vendor/vendor-schema.json:43']);
  });

  it('tests/qapi-schema/ only with the qapiTests setting (--qapi-tests)', () => {
    expect(widths(hunk('tests/qapi-schema/doc-good.json'))).toEqual([]);
    expect(widths(hunk('tests/qapi-schema/doc-good.json'), { qapiTests: true })).toEqual(['tests/qapi-schema/doc-good.json:43']);
  });

  it('plain JSON stays quiet, however long its lines', () => {
    expect(widths(newFileDiff('pc-bios/descriptors/50-x.json', `{\n    "description": "${'x'.repeat(90)}"\n}\n`))).toEqual([]);
  });
});
