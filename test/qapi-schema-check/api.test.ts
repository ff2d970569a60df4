/**
 * The exported API: formatting, which generation applies, pragmas from
 * the including schema, paths as given.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError, type SchemaError } from '../../src/qapi/schema-check/index.js';
import { tempDir } from '../support/temp.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A temporary tree holding `files`; returns its directory. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('qapi-schema-check-');
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('formatSchemaError', () => {
  const base: SchemaError = { file: 'a.json', line: 3, message: 'oops', includedFrom: [] };

  it('prints FILE:LINE[:COLUMN]: MESSAGE', () => {
    expect(formatSchemaError(base)).toBe('a.json:3: oops');
    expect(formatSchemaError({ ...base, column: 7 })).toBe('a.json:3:7: oops');
  });

  it('prints the include chain, outermost first, and the definition', () => {
    const e: SchemaError = {
      ...base,
      includedFrom: [
        { file: 'root.json', line: 1 },
        { file: 'mid.json', line: 9 },
      ],
      definition: { meta: 'struct', name: 'Foo' },
    };
    expect(formatSchemaError(e)).toBe("In file included from root.json:1:\nIn file included from mid.json:9:\na.json: In struct 'Foo':\na.json:3: oops");
  });

  it('prints related locations after the message', () => {
    const e: SchemaError = { ...base, related: [{ file: 'b.json', line: 1, message: 'previous definition', includedFrom: [] }] };
    expect(formatSchemaError(e)).toBe('a.json:3: oops\nb.json:1: previous definition');
  });

  it('prints only the message when there is no position', () => {
    expect(formatSchemaError({ file: 'x.json', message: "can't read schema file 'x.json': No such file or directory", includedFrom: [] })).toBe(
      "can't read schema file 'x.json': No such file or directory",
    );
  });
});

describe('checkSchema', () => {
  it('returns structured errors, at most one', () => {
    const dir = tree({ 'main.json': "{ 'include': 'sub.json' }\n", 'sub.json': "{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }\n{ 'bad' }" });
    const result = checkSchema(join(dir, 'main.json'));
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toEqual({
      file: join(dir, 'sub.json'),
      line: 2,
      column: 9,
      message: "expected ':'",
      includedFrom: [{ file: join(dir, 'main.json'), line: 1 }],
    });
  });

  it('prints paths as given', () => {
    const dir = tree({ 'main.json': "{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }" });
    const given = relative(process.cwd(), join(dir, 'main.json'));
    const [error] = checkSchema(given).errors;
    expect(formatSchemaError(error!)).toBe(`${given}: In struct 'Foo':\n${given}:1: member 'a' uses unknown type 'Nope'`);
  });

  describe('generations', () => {
    const legacyDoc = "##\n# @foo:\n#\n# Note: notes were sections before QEMU 9.0\n##\n{ 'command': 'foo' }\n";

    it('uses the newest behaviour when nothing says otherwise', () => {
      const dir = tree({ 'main.json': legacyDoc });
      const result = checkSchema(join(dir, 'main.json'));
      expect(result.generation).toBe('current');
      expect(result.qemuVersion).toBeUndefined();
      expect(result.errors[0]?.message).toMatch(/^The 'Note' section is no longer supported/);
    });

    it('takes the release from options.qemuVersion', () => {
      const dir = tree({ 'main.json': legacyDoc });
      expect(checkSchema(join(dir, 'main.json'), { qemuVersion: '7.2.0' })).toMatchObject({ generation: 'legacy', qemuVersion: '7.2.0', errors: [] });
      expect(checkSchema(join(dir, 'main.json'), { qemuVersion: '9.0.0' }).generation).toBe('current');
    });

    it('takes the release from the VERSION file of the QEMU tree the schema is in', () => {
      const dir = tree({ VERSION: '7.2.0\n', 'qapi/main.json': legacyDoc });
      expect(checkSchema(join(dir, 'qapi', 'main.json'))).toMatchObject({ generation: 'legacy', qemuVersion: '7.2.0', errors: [] });
    });

    it('ignores a VERSION file of a tree without qapi/', () => {
      const dir = tree({ VERSION: '1.0\n', 'schema/main.json': legacyDoc });
      expect(checkSchema(join(dir, 'schema', 'main.json')).generation).toBe('current');
    });
  });

  describe('modules of a root schema', () => {
    const files = {
      'qapi/qapi-schema.json': "{ 'include': 'pragma.json' }\n{ 'include': 'mod.json' }\n",
      'qapi/pragma.json': "{ 'pragma': { 'command-name-exceptions': [ 'do_it' ] } }\n",
      'qapi/mod.json': "{ 'command': 'do_it' }\n",
      'qapi/other.json': "{ 'command': 'do_it' }\n",
    };
    const error = "In command 'do_it':";

    it('are checked with the pragmas of the qapi-schema.json that includes them', () => {
      const dir = tree(files);
      const result = checkSchema(join(dir, 'qapi', 'mod.json'));
      expect(result).toMatchObject({ errors: [], pragmaRoot: join(dir, 'qapi', 'qapi-schema.json') });
    });

    it('are checked alone when that schema does not include them, or with pragmaRoot: null', () => {
      const dir = tree(files);
      expect(formatSchemaError(checkSchema(join(dir, 'qapi', 'other.json')).errors[0]!)).toContain(error);
      expect(formatSchemaError(checkSchema(join(dir, 'qapi', 'mod.json'), { pragmaRoot: null }).errors[0]!)).toContain(error);
    });

    it('take the pragmas of an explicit pragmaRoot', () => {
      const dir = tree(files);
      const result = checkSchema(join(dir, 'qapi', 'other.json'), { pragmaRoot: join(dir, 'qapi', 'pragma.json') });
      expect(result).toMatchObject({ errors: [], pragmaRoot: join(dir, 'qapi', 'pragma.json') });
    });

    it('report an explicit pragmaRoot that cannot be read', () => {
      const dir = tree(files);
      const root = join(dir, 'qapi', 'nope.json');
      const [e] = checkSchema(join(dir, 'qapi', 'mod.json'), { pragmaRoot: root }).errors;
      expect(formatSchemaError(e!)).toBe(`can't read schema file '${root}': No such file or directory`);
    });
  });
});
