/**
 * The command-line bundle (src/devtools/build-cli.mjs), built afresh from the sources: it gives
 * what the tsc build gives, and a run loads only what it needs. The modules a run loads are
 * seen through a module loader hook in the child process, and mapped to the packages they
 * hold through esbuild's metafile.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const TSC_CLI = join(repoRoot, 'build', 'src', 'cli', 'main.js');
// Inside build/ so that the bundle finds package.json (its version) as it does in build/cli.
const outdir = join(repoRoot, 'build', `cli-test-${process.pid}`);
const BUNDLE = join(outdir, 'qemu-review.js');
const scratch = tempDir('qemu-review-bundle-');
const metaFile = join(scratch, 'meta.json');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}
let meta: Metafile;

beforeAll(() => {
  execFileSync(process.execPath, [join(repoRoot, 'src', 'devtools', 'build-cli.mjs'), '--outdir', outdir, '--metafile', metaFile], { stdio: 'pipe' });
  meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Metafile;
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function run(cli: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeFlags, cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fixture = (...parts: string[]): string => join(repoRoot, 'fixtures', ...parts);

/** Replies carry the moment they were written and a random Message-ID: two runs differ there alone. */
const unstamped = (text: string): string =>
  text
    .replace(/^From (\S+) .*$/gm, 'From $1 (date)')
    .replace(/^Date: .*$/gm, 'Date: (date)')
    .replace(/<qemu-review\.[^>@]*@/g, '<qemu-review.(id)@');

describe('the bundled command line', () => {
  const inputs = [
    fixture('example.patch'),
    fixture('mail', 'attached-patch.eml'),
    fixture('mail', 'flowed.eml'),
    fixture('mail', 'bare.diff'),
    fixture('mail', 'series.mboxrd'),
    fixture('mail', 'series-crlf.mboxrd'),
    fixture('email', 'quoted-printable.eml'),
    fixture('email', 'hostile-headers.eml'),
  ];

  it('gives the JSON of the tsc build on the fixtures, one process each', () => {
    for (const input of inputs) {
      const ours = run(BUNDLE, ['check', '--format', 'json', input]);
      const tsc = run(TSC_CLI, ['check', '--format', 'json', input]);
      expect(ours.stderr, input).toBe(tsc.stderr);
      expect(ours.status, input).toBe(tsc.status);
      expect(ours.stdout, input).toBe(tsc.stdout);
      expect(JSON.parse(ours.stdout).messages.length, input).toBeGreaterThan(0);
    }
  }, 180_000);

  it.skipIf(!hasShared)(
    'gives the JSON of the tsc build on the seed thread and patchew mails, non-UTF-8 charsets included',
    () => {
      const corpus = shared('corpus', 'patchew');
      const files = [...readdirSync(shared('seed')).map((f) => shared('seed', f)), ...readdirSync(corpus).map((f) => join(corpus, f))];
      const ours = run(BUNDLE, ['check', '--format', 'json', '--jobs', '1', ...files]);
      const tsc = run(TSC_CLI, ['check', '--format', 'json', '--jobs', '1', ...files]);
      expect(ours.stdout).toBe(tsc.stdout);
      expect(ours.status).toBe(tsc.status);
    },
    180_000,
  );

  it("decodes double-byte, UTF-16 and refused charsets as the tsc build does (libmime's codecs, built on first use in the bundle)", () => {
    const mail = (charset: string, body: Buffer, subject: string): Buffer =>
      Buffer.concat([
        Buffer.from(
          `From: A U Thor <author@example.org>\nTo: qemu-devel@nongnu.org\nSubject: [PATCH] ${subject}\nMessage-ID: <${charset}@example.org>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=${charset}\nContent-Transfer-Encoding: base64\n\n`,
        ),
        Buffer.from(body.toString('base64').replace(/.{76}/g, '$&\n') + '\n'),
      ]);
    const patch = (text: Buffer): Buffer =>
      Buffer.concat([
        text,
        Buffer.from(
          '\n\nSigned-off-by: A U Thor <author@example.org>\n---\n a.c | 1 +\n 1 file changed\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n int a;\n+int b;    \n',
        ),
      ]);
    const files = [
      ['gbk', patch(Buffer.from([0xd6, 0xd0, 0xce, 0xc4]))],
      ['utf-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(patch(Buffer.from('Zo\u00eb')).toString('latin1'), 'utf16le')])],
      ['utf-7', patch(Buffer.from('Hi +ZeVnLIqe-'))],
    ].map(([charset, body]) => {
      const file = join(scratch, `${charset as string}.eml`);
      writeFileSync(file, mail(charset as string, body as Buffer, `${charset as string} body`));
      return file;
    });
    const ours = run(BUNDLE, ['check', '--format', 'json', ...files]);
    const tsc = run(TSC_CLI, ['check', '--format', 'json', ...files]);
    expect(ours.stdout).toBe(tsc.stdout);
    expect(JSON.parse(ours.stdout).messages.length).toBe(3);
  }, 60_000);

  it('loads each output format on demand and writes what the tsc build writes', () => {
    for (const format of ['text', 'sarif', 'checkpatch', 'b4-review', 'email']) {
      const args = ['check', '--format', format, '--color', fixture('mail', 'series.mboxrd'), fixture('example.patch')];
      const ours = run(BUNDLE, args);
      const tsc = run(TSC_CLI, args);
      expect(unstamped(ours.stdout), format).toBe(unstamped(tsc.stdout));
      expect(ours.stdout.length, format).toBeGreaterThan(0);
      expect(ours.status, format).toBe(tsc.status);
    }
  }, 180_000);

  it('reviews on worker threads from the bundle (its worker and rules files beside the entry)', () => {
    // Past the messages reviewed on the main thread before threads start (src/review/parallel.ts).
    const mbox = join(scratch, 'many.mbox');
    writeFileSync(mbox, readFileSync(fixture('mail', 'series.mboxrd'), 'latin1').repeat(30), 'latin1');
    const ours = run(BUNDLE, ['check', '--format', 'json', '--jobs', '2', mbox]);
    const tsc = run(TSC_CLI, ['check', '--format', 'json', '--jobs', '1', mbox]);
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toBe(tsc.stdout);
  }, 180_000);

  it('answers --version and the other commands', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(run(BUNDLE, ['--version']).stdout.trim()).toBe(pkg.version);
    expect(run(BUNDLE, ['rules', '--format', 'json']).stdout).toBe(run(TSC_CLI, ['rules', '--format', 'json']).stdout);
  }, 60_000);

  it('is what package.json installs as the qemu-review command', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin['qemu-review']).toBe('build/cli/qemu-review.js');
    expect(pkg.files).toEqual(['build/cli']);
    expect(readFileSync(BUNDLE, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('what a run loads', () => {
  /** The files of the bundle a run loaded, through a `load` hook registered before the entry. */
  function loadedFiles(args: string[]): string[] {
    const log = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`);
    const hooks = join(scratch, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`,
    );
    const register = join(scratch, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const r = run(BUNDLE, args, {}, ['--import', pathToFileURL(register).href]);
    expect(r.stderr).toBe('');
    const prefix = pathToFileURL(outdir).href + '/';
    return existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((u) => u.startsWith(prefix))
          .map((u) => u.slice(prefix.length))
      : [];
  }

  /** The modules (paths from the repository root) in the bundle's files. */
  function modulesIn(files: string[]): string[] {
    const byName = new Map(Object.entries(meta.outputs).map(([path, o]) => [path.slice(path.lastIndexOf('/') + 1), Object.keys(o.inputs)]));
    return files.flatMap((f) => byName.get(f) ?? []);
  }

  /** mailparser's HTML and link stack, and nodemailer's sending side (not the address parser). */
  const HEAVY = [
    /node_modules\/html-to-text\//,
    /node_modules\/htmlparser2\//,
    /node_modules\/linkify-it\//,
    /node_modules\/entities\//,
    /mailparser\/dist\/esm\/mail-parser\.js$/,
    /(^|\/)node_modules\/nodemailer\/dist\/esm\/(?!addressparser\/)/,
  ];

  it("checks a plain-text patch without mailparser's HTML stack or nodemailer", () => {
    const files = loadedFiles(['check', '--format', 'json', fixture('example.patch')]);
    expect(files).toContain('qemu-review.js');
    const modules = modulesIn(files);
    expect(modules.some((m) => m.startsWith('rules/'))).toBe(true);
    expect(modules.some((m) => m.endsWith('src/mail/fast-parse.ts'))).toBe(true);
    expect(modules.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
  }, 60_000);

  it("loads mailparser's full parser for a mail the fast path leaves to it (a multipart attachment)", () => {
    const modules = modulesIn(loadedFiles(['check', '--format', 'json', fixture('mail', 'attached-patch.eml')]));
    expect(modules.some((m) => m.endsWith('mailparser/dist/esm/mail-parser.js'))).toBe(true);
    expect(modules.some((m) => /node_modules\/nodemailer\/dist\/esm\/(?!addressparser\/)/.test(m))).toBe(false);
  }, 60_000);

  it('keeps nodemailer and the full parser in chunks of their own', () => {
    const holding = (pattern: RegExp): string[] =>
      Object.entries(meta.outputs)
        .filter(([, o]) => Object.keys(o.inputs).some((m) => pattern.test(m)))
        .map(([path]) => path);
    const entry = Object.keys(meta.outputs).find((p) => p.endsWith('/qemu-review.js'))!;
    for (const pattern of HEAVY) for (const file of holding(pattern)) expect(file).not.toBe(entry);
    expect(holding(/node_modules\/nodemailer\/dist\/esm\/smtp-transport\//).length).toBe(1);
  });
});
