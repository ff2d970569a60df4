/**
 * The command-line bundle (src/devtools/build-cli.mjs), built afresh from the sources: it gives
 * what the tsc build gives, and a run loads only what it needs. The modules a run loads are
 * seen through a module loader hook in the child process, and mapped to the packages they
 * hold through esbuild's metafile.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCacheHost } from '../../src/cli/compile-cache.js';
import { LONG_RUN_BYTES } from '../../src/cli/long-run-heap.js';
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

  it('installs and removes the git hook (its code loaded on demand)', () => {
    const repo = join(scratch, 'hooked');
    execFileSync('git', ['init', '-q', repo]);
    const installed = run(BUNDLE, ['hook', 'install', '-C', repo]);
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toBe(`installed ${join(repo, '.git', 'hooks', 'sendemail-validate')}\n`);
    expect(readFileSync(join(repo, '.git', 'hooks', 'sendemail-validate'), 'utf8')).toContain(BUNDLE);
    expect(run(BUNDLE, ['hook', 'uninstall', '-C', repo]).stdout).toBe(`removed ${join(repo, '.git', 'hooks', 'sendemail-validate')}\n`);
    // A HookError of the module loaded on demand is still a usage error: status 2, one line.
    const outside = run(BUNDLE, ['hook', 'install', '-C', join(scratch, 'no-such-dir')]);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/^qemu-review: .*\n$/);
  }, 60_000);

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
  /**
   * The files of the bundle a run loaded (cli.js goes through the launcher's vm.Script, the rest
   * through Node's loader, seen by a hook on it), and the Node built-ins it loaded.
   */
  function loaded(args: string[], cli: string = BUNDLE): { files: string[]; builtins: string[]; internals: string[]; threads: number | null } {
    const log = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.json`);
    const hook = join(scratch, 'hook.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const { existsSync, readdirSync, writeFileSync } = require('node:fs');
const seen = new Set(Object.keys(require.cache));
const files = [];
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const result = load.apply(this, arguments);
  for (const f of Object.keys(require.cache)) if (!seen.has(f)) { seen.add(f); files.push(f); }
  return result;
};
const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  const modules = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
  const threads = existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : null;
  writeFileSync(${JSON.stringify(log)}, JSON.stringify({ files, builtins: modules.filter((m) => !m.startsWith('internal/')), internals: modules.filter((m) => m.startsWith('internal/')), threads }));
});
`,
    );
    const r = run(cli, args, {}, ['--require', hook]);
    expect(r.stderr).toBe('');
    const seen = JSON.parse(readFileSync(log, 'utf8')) as { files: string[]; builtins: string[]; internals: string[]; threads: number | null };
    return {
      files: seen.files.filter((f) => f.startsWith(`${outdir}/`)).map((f) => f.slice(outdir.length + 1)),
      builtins: seen.builtins,
      internals: seen.internals,
      threads: seen.threads,
    };
  }

  /** The modules (paths from the repository root) in the bundle's files. */
  function modulesIn(file: string): string[] {
    const output = Object.entries(meta.outputs).find(([path]) => path.endsWith(`/${file}`));
    return output ? Object.keys(output[1].inputs) : [];
  }

  /** mailparser's HTML and link stack, and nodemailer's sending side (not the address parser). */
  const HEAVY = [
    /node_modules\/html-to-text\//,
    /node_modules\/htmlparser2\//,
    /node_modules\/linkify-it\//,
    /node_modules\/entities\//,
    /mailparser\/dist\/(esm|cjs)\/mail-parser\.js$/,
    /(^|\/)node_modules\/nodemailer\/dist\/(esm|cjs)\/(?!addressparser\/)/,
  ];

  it("checks a plain-text patch without mailparser's full parser, nodemailer, or node:child_process", () => {
    const { files, builtins, internals } = loaded(['check', '--format', 'json', fixture('example.patch')]);
    expect(files).toEqual(['qemu-review.js']);
    // The input is read with node:fs's callback functions: its streams (and node:fs/promises, which
    // they load) cost milliseconds to load and run for one small file.
    for (const unneeded of ['internal/fs/streams', 'internal/fs/promises']) expect(internals).not.toContain(unneeded);
    expect(modulesIn('cli.js').some((m) => m.startsWith('rules/'))).toBe(true);
    expect(modulesIn('cli.js').some((m) => m.endsWith('src/mail/fast-parse.ts'))).toBe(true);
    // commander spawns no program of its own here, and `hook` is not the command run; one
    // patch is reviewed on the main thread, and read with node:fs's own functions.
    for (const unneeded of ['child_process', 'worker_threads', 'fs/promises', 'crypto']) expect(builtins).not.toContain(unneeded);
    expect(builtins).toContain('vm');
    // node:module only where the launcher turns Node's own compile cache on with it (Node 22.1 on).
    expect(builtins.includes('module')).toBe(typeof compileCacheHost().enableCompileCache === 'function');
  }, 60_000);

  it.skipIf(!existsSync('/proc/self/task'))(
    "starts no thread that Node's own start does not: libuv's thread pool stays unstarted",
    () => {
      // The thread pool starts with the first asynchronous file operation (four threads), which
      // reading one patch needs none of. A script that does nothing shows what Node starts anyway.
      const idle = join(scratch, 'idle.cjs');
      writeFileSync(idle, '');
      const { threads } = loaded(['check', '--format', 'json', fixture('example.patch')]);
      expect(threads).toBe(loaded([], idle).threads);
    },
    60_000,
  );

  it("loads mailparser's full parser for a mail the fast path leaves to it (a multipart attachment)", () => {
    const { files } = loaded(['check', '--format', 'json', fixture('mail', 'attached-patch.eml')]);
    expect(files).toEqual(['qemu-review.js', 'mail-parser.js']);
    expect(modulesIn('mail-parser.js').some((m) => m.endsWith('mailparser/dist/cjs/mail-parser.js'))).toBe(true);
  }, 60_000);

  it('keeps nodemailer, the full parser and the codecs out of the file every run compiles', () => {
    for (const pattern of HEAVY) expect(modulesIn('cli.js').filter((m) => pattern.test(m))).toEqual([]);
    expect(modulesIn('nodemailer.js').some((m) => /nodemailer\/dist\/cjs\/smtp-transport\//.test(m))).toBe(true);
    // libmime once, as the CommonJS package mailsplit requires, not its ES module build beside it.
    expect(modulesIn('cli.js').filter((m) => /libmime\/dist\/esm\//.test(m))).toEqual([]);
    expect(modulesIn('cli.js').some((m) => /libmime\/dist\/cjs\/libmime\.js$/.test(m))).toBe(true);
    // The codecs (and tables) of charsets other than UTF-8 and ASCII are files of their own too.
    expect(modulesIn('cli.js').filter((m) => /\/(iconv-lite|encoding-japanese)\//.test(m))).toEqual([]);
    expect(modulesIn('iconv-lite.js').some((m) => /libmime\/node_modules\/iconv-lite\/encodings\/tables\/cp936\.json$/.test(m))).toBe(true);
    // So are libmime's MIME type table and `he`, which no run uses (they are required on first use).
    expect(modulesIn('cli.js').filter((m) => /node_modules\/he\/|libmime\/dist\/cjs\/mimetypes\.js$/.test(m))).toEqual([]);
    expect(modulesIn('mimetypes.js')).toContain('node_modules/libmime/dist/cjs/mimetypes.js');
    expect(modulesIn('he.js')).toContain('node_modules/he/he.js');
  });

  it('gives the files left out of cli.js what their users require of them', () => {
    const req = createRequire(join(outdir, 'cli.js'));
    const mimetypes = req('./mimetypes.js') as { list: Record<string, unknown>; extensions: Record<string, unknown> };
    expect(mimetypes.list['text/plain']).toBeDefined();
    expect(mimetypes.extensions['txt']).toBeDefined();
    expect((req('./he.js') as { encode(text: string, options?: object): string }).encode('a < b', { useNamedReferences: true })).toBe('a &lt; b');
  });
});

describe('the end of a review', () => {
  it("exits once the report is out, with its status, after the 'exit' handlers (the code cache written)", () => {
    // An interval someone left running: Node's own way out would wait for it for ever.
    const hook = join(scratch, 'keep-alive.cjs');
    writeFileSync(hook, 'setInterval(() => {}, 1000);\n');
    const root = tempDir('qemu-review-xdg-');
    const plain = run(BUNDLE, ['check', '--format', 'json', fixture('example.patch')], { QEMU_REVIEW_CODE_CACHE: '0' }).stdout;
    const r = spawnSync(process.execPath, ['--require', hook, BUNDLE, 'check', '--format', 'json', fixture('example.patch')], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: root },
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(plain);
    expect(readdirSync(join(root, 'qemu-review', 'v8'))).toHaveLength(1);
  }, 60_000);
});

describe("the launcher's code cache", () => {
  // A patch with findings: status 1.
  const seed = fixture('example.patch');

  /** A run with its own cache root, saying what became of the cache (QEMU_REVIEW_CODE_CACHE_TRACE). */
  function cached(root: string, cli = BUNDLE): { cache: string; stdout: string; status: number | null } {
    const r = run(cli, ['check', '--format', 'json', seed], { XDG_CACHE_HOME: root, QEMU_REVIEW_CODE_CACHE_TRACE: '1' });
    const said = /^qemu-review: code cache (\w+)\n/.exec(r.stderr);
    expect(r.stderr.replace(/^qemu-review: code cache \w+\n/, '')).toBe('');
    return { cache: said?.[1] ?? 'none', stdout: r.stdout, status: r.status };
  }

  const uncached = (): string => run(BUNDLE, ['check', '--format', 'json', seed], { QEMU_REVIEW_CODE_CACHE: '0' }).stdout;

  it('is written by the first run of a command and used by the next, for the same report', () => {
    const root = tempDir('qemu-review-xdg-');
    const plain = uncached();
    expect(JSON.parse(plain).messages.length).toBe(1);
    expect(cached(root)).toEqual({ cache: 'absent', stdout: plain, status: 1 });
    const dir = join(root, 'qemu-review', 'v8');
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(1);
    expect(cached(root)).toEqual({ cache: 'used', stdout: plain, status: 1 });
    expect(readdirSync(dir)).toEqual(entries);
  }, 60_000);

  /** A cache root holding the entry of one run, and that run's output without a cache. */
  const primed = () => {
    const root = tempDir('qemu-review-xdg-');
    const plain = uncached();
    cached(root);
    return { root, plain, dir: join(root, 'qemu-review', 'v8') };
  };

  it('is not written by a long run (V8 has dropped the start-up code by its end), but by the next short one', () => {
    const root = tempDir('qemu-review-xdg-');
    // Past LONG_RUN_BYTES: one mail of 9 MB of plain text, no patch in it.
    const long = join(scratch, 'long.eml');
    writeFileSync(long, `From: A <a@example.org>\nSubject: notes\nMessage-ID: <long@example.org>\n\n${'some text of no patch\n'.repeat(410_000)}`);
    expect(statSync(long).size).toBeGreaterThan(LONG_RUN_BYTES);
    const r = run(BUNDLE, ['check', '--format', 'json', '--allow-empty', long], { XDG_CACHE_HOME: root, QEMU_REVIEW_CODE_CACHE_TRACE: '1' });
    expect(r.stderr).toBe('qemu-review: code cache absent\n');
    expect(existsSync(join(root, 'qemu-review', 'v8')) ? readdirSync(join(root, 'qemu-review', 'v8')) : []).toEqual([]);
    expect(cached(root).cache).toBe('absent');
    expect(readdirSync(join(root, 'qemu-review', 'v8'))).toHaveLength(1);
    expect(cached(root).cache).toBe('used');
  }, 60_000);

  it('survives a damaged entry, and writes it anew', () => {
    const { root, plain, dir } = primed();
    const entry = join(dir, readdirSync(dir)[0]!);
    const bytes = readFileSync(entry);
    // Bits flipped in the middle of the code: V8 itself would not notice.
    writeFileSync(entry, Buffer.from(bytes.map((b, i) => (i > bytes.length / 2 && i < bytes.length / 2 + 64 ? b ^ 0xff : b))));
    expect(cached(root)).toEqual({ cache: 'absent', stdout: plain, status: 1 });
    expect(readFileSync(entry).equals(bytes)).toBe(false);
    expect(cached(root)).toEqual({ cache: 'used', stdout: plain, status: 1 });
  }, 60_000);

  it('is not used from a group-writable directory, nor from one of another user', () => {
    const { root, plain, dir } = primed();
    chmodSync(dir, 0o775);
    expect(cached(root)).toEqual({ cache: 'untrusted', stdout: plain, status: 1 });
    chmodSync(dir, 0o700);
    // Only root can give a directory away; CI runs as root.
    if (process.getuid?.() === 0) {
      chownSync(dir, 4242, 4242);
      expect(cached(root)).toEqual({ cache: 'untrusted', stdout: plain, status: 1 });
    }
  }, 60_000);

  it('is not used for a bundle rebuilt or changed since', () => {
    const root = tempDir('qemu-review-xdg-');
    cached(root);
    // A copy of the build with cli.js changed: another function's code, same length.
    const copy = join(repoRoot, 'build', `cli-test-copy-${process.pid}`);
    cpSync(outdir, copy, { recursive: true });
    writeFileSync(join(scratch, 'nothing.txt'), '');
    try {
      const cli = join(copy, 'cli.js');
      const text = readFileSync(cli, 'latin1');
      writeFileSync(cli, text.replace('nothing checked: ', 'NOTHING CHECKED: '), 'latin1');
      expect(readFileSync(cli).length).toBe(text.length);
      expect(cached(root, join(copy, 'qemu-review.js')).cache).toBe('absent');
      expect(readdirSync(join(root, 'qemu-review', 'v8'))).toHaveLength(2);
      const r = run(join(copy, 'qemu-review.js'), ['check', '--format', 'json', join(scratch, 'nothing.txt')], { XDG_CACHE_HOME: root });
      expect(r.stderr).toContain('NOTHING CHECKED');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
