/**
 * `qemu-review schema` on files written to take it down: includes of endless or blocking files,
 * nesting deep enough to overflow a recursive parser, chains of bases and includes. Each ends in
 * one clear error naming the file and line. Non-regular files are checked by the built command
 * in a child process, with a time limit: a read of /dev/zero never returns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError } from '../../src/qapi/schema-check/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';

const CLI = 'build/src/cli/main.js';

/** The built `schema` command in `dir`, stopped after 30 s if it hangs. */
function schemaCommand(dir: string, file: string): { status: number | null; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, [join(process.cwd(), CLI), 'schema', '--qemu-version', '10.0', file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stderr: r.stderr, timedOut: r.error !== undefined };
}

function schemaErrors(file: string): string {
  return checkSchema(file, { qemuVersion: '10.0.13', pragmaRoot: null }).errors.map(formatSchemaError).join('\n');
}

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('non-regular files are refused, not read', () => {
  it.skipIf(!existsSync('/dev/zero'))(
    "'include': '/dev/zero' names the including file and line",
    () => {
      const dir = tempDir('qr-schema-zero-');
      writeFileSync(join(dir, 'main.json'), "{ 'enum': 'Abc', 'data': [ 'a' ] }\n{ 'include': '/dev/zero' }\n");
      const r = schemaCommand(dir, 'main.json');
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toBe("main.json:2: can't read include file '/dev/zero': not a regular file\n");
      expect(r.status).toBe(1);
    },
    60_000,
  );

  it.skipIf(!hasMkfifo())(
    'a FIFO, included or given on the command line',
    () => {
      const dir = tempDir('qr-schema-fifo-');
      execFileSync('mkfifo', [join(dir, 'pipe.json')]);
      writeFileSync(join(dir, 'main.json'), "\n\n{ 'include': 'pipe.json' }\n");
      const included = schemaCommand(dir, 'main.json');
      expect(included.timedOut).toBe(false);
      expect(included.stderr).toBe("main.json:3: can't read include file 'pipe.json': not a regular file\n");
      const root = schemaCommand(dir, 'pipe.json');
      expect(root.timedOut).toBe(false);
      expect(root.stderr).toBe("can't read schema file 'pipe.json': not a regular file\n");
      expect(root.status).toBe(1);
    },
    60_000,
  );

  it('a directory keeps the words QEMU uses', () => {
    const dir = tempDir('qr-schema-dir-');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'main.json'), "{ 'include': 'sub' }\n");
    expect(schemaErrors(join(dir, 'main.json')).replaceAll(`${dir}/`, '')).toBe("main.json:1: can't read include file 'sub': Is a directory");
  });
});

describe('depth is bounded with a clear error, not a stack overflow', () => {
  it('100,000 nested [ in an expression', async () => {
    const dir = tempDir('qr-schema-deep-');
    const file = join(dir, 'main.json');
    writeFileSync(file, `{ 'enum': 'Abc', 'data': [ 'a' ] }\n{ 'struct': 'Deep', 'data': ${'['.repeat(100_000)}\n`);
    // The 257th bracket: column 28 is the first one's.
    expect(schemaErrors(file)).toBe(`${file}:2:${28 + 256}: nested too deeply: more than 256 levels of '{' and '['`);
    const { status, stdout, stderr } = await runCli(['schema', '--qemu-version', '10.0', file]);
    expect({ status, stdout, stderr }).toEqual({ status: 1, stdout: '', stderr: `${file}:2:284: nested too deeply: more than 256 levels of '{' and '['\n` });
  }, 60_000);

  it('nesting up to the bound is checked as usual', () => {
    const dir = tempDir('qr-schema-deep-ok-');
    const file = join(dir, 'main.json');
    // 255 levels of 'not' inside the object that holds them (256 in all): accepted.
    writeFileSync(file, `{ 'struct': 'Abc', 'data': { 'x': 'int' }, 'if': ${"{ 'not': ".repeat(255)}'X'${' }'.repeat(255)} }\n`);
    expect(schemaErrors(file)).toBe('');
  });

  it('20,000 structs, each the base of the next', () => {
    const dir = tempDir('qr-schema-chain-');
    const file = join(dir, 'main.json');
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(`{ 'struct': 'Struct${i}', 'data': { 'm${i}': 'int' }${i + 1 < 20_000 ? `, 'base': 'Struct${i + 1}'` : ''} }`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(schemaErrors(file)).toBe(
      `${file}: In struct 'Struct256':\n${file}:257: nested too deeply: struct type 'Struct256' is more than 256 levels of base and branch types down`,
    );
  }, 60_000);

  it('3,000 files, each including the next', () => {
    const dir = tempDir('qr-schema-includes-');
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `f${i}.json`), `{ 'include': 'f${i + 1}.json' }\n`);
    writeFileSync(join(dir, 'f3000.json'), "{ 'enum': 'Abc', 'data': [ 'a' ] }\n");
    const text = schemaErrors(join(dir, 'f0.json')).replaceAll(`${dir}/`, '');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('f64.json:1: includes nested too deeply: more than 64 levels');
    expect(lines[0]).toBe('In file included from f0.json:1:');
    expect(lines).toHaveLength(65);
  }, 60_000);
});
