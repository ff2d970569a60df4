/**
 * The launcher's V8 code cache (src/cli/code-cache.ts, src/cli/launch.ts): a bundle compiled
 * with vm.Script, its cached code written after a run and handed back to V8 by the next one,
 * and read only from directories and files no one but the user can change.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksum, dirTrust, entryName, pruneEntries, readEntry, unwrap, wrap, writeEntry, type CacheOwner } from '../../src/cli/code-cache.js';
import { runBundle, WRAP_END, WRAP_START, type CacheOptions } from '../../src/cli/launch.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

/** launch.ts as tsc built it, for runs in a process of their own. */
const LAUNCH = join(repoRoot, 'build', 'src', 'cli', 'launch.js');

/**
 * runBundle in a new process, then save: what a run of the command does. V8 keeps what it
 * compiled for the life of a process and would not even look at the cache for the same code
 * again, so whether the cache is used is seen in a fresh process only.
 */
function runFresh(file: string, opts: CacheOptions): { cache: string; saved: boolean; lookup: number } {
  const script = `import(${JSON.stringify(LAUNCH)}).then(({ runBundle }) => {
    const run = runBundle(${JSON.stringify(file)}, ${JSON.stringify(opts)});
    const lookup = run.exports.lookup('b');
    process.stdout.write(JSON.stringify({ cache: run.cache, lookup, saved: run.save() }));
  });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cache: string; saved: boolean; lookup: number };
}

const hasUids = typeof process.getuid === 'function';
const me: CacheOwner = { uid: hasUids ? process.getuid!() : 0 };
const someoneElse: CacheOwner = { uid: me.uid + 4242 };

/** A cache root and its qemu-review/v8 directory (not made yet), as compileCacheDir lays them out. */
function cacheRoot(): { root: string; dir: string } {
  const root = tempDir('qemu-review-cache-');
  chmodSync(root, 0o700);
  return { root, dir: join(root, 'qemu-review', 'v8') };
}

/** A bundle file as the build writes it: a CommonJS wrapper around code that sets module.exports. */
function bundle(code: string): string {
  const file = join(tempDir('qemu-review-bundle-'), 'cli.js');
  writeFileSync(file, `${WRAP_START}${code}${WRAP_END}`);
  return file;
}

const CODE = `
const table = new Map([['a', 1], ['b', 2]]);
function lookup(k) { return table.get(k) ?? 0; }
module.exports = { lookup, dir: __dirname, file: __filename, path: require('node:path').sep };
`;

function options(dir: string, extra: Partial<CacheOptions> = {}): CacheOptions {
  return { dir, bundleHash: 'ab'.repeat(32), command: 'check', owner: me, ...extra };
}

describe.skipIf(!hasUids)('runBundle', () => {
  it('runs the bundle as a CommonJS module, writes the cache after the run, and uses it in the next', () => {
    const { dir } = cacheRoot();
    const file = bundle(CODE);
    const first = runBundle(file, options(dir));
    expect(first.cache).toBe('absent');
    const exports = first.exports as { lookup(k: string): number; dir: string; file: string; path: string };
    expect(exports.lookup('b')).toBe(2);
    expect(exports.file).toBe(file);
    expect(exports.path).toBe('/');

    // The command's first run: no cache yet, one written after it.
    expect(runFresh(file, options(dir))).toEqual({ cache: 'absent', lookup: 2, saved: true });
    // Made for the user alone, whatever the umask.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '..')).mode & 0o777).toBe(0o700);
    const [entry] = readdirSync(dir);
    expect(entry).toMatch(/^cli-abababababababab-[0-9a-f]{16}\.bin$/);
    expect(statSync(join(dir, entry!)).mode & 0o777).toBe(0o600);

    // The next run, as the next command would: V8 takes the cache, and nothing is written.
    expect(runFresh(file, options(dir))).toEqual({ cache: 'used', lookup: 2, saved: false });
    expect(readdirSync(dir)).toEqual([entry]);
  });

  it('makes a missing cache root (not its parents) and writes nothing under an untrusted one', () => {
    const parent = tempDir('qemu-review-cache-');
    const root = join(parent, 'cache');
    const file = bundle(CODE);
    const made = runBundle(file, options(join(root, 'qemu-review', 'v8')));
    expect(made.save()).toBe(true);
    expect(statSync(root).mode & 0o777).toBe(0o700);

    const orphan = join(parent, 'no', 'such', 'cache');
    expect(runBundle(file, options(join(orphan, 'qemu-review', 'v8'))).save()).toBe(false);
    expect(existsSync(join(parent, 'no'))).toBe(false);
  });

  it('neither reads nor writes a cache in a group- or world-writable directory', () => {
    for (const mode of [0o770, 0o702, 0o777]) {
      const { dir } = cacheRoot();
      const file = bundle(CODE);
      const first = runBundle(file, options(dir));
      first.save();
      const [entry] = readdirSync(dir);
      const written = statSync(join(dir, entry!)).mtimeMs;
      chmodSync(dir, mode);
      const run = runBundle(file, options(dir));
      expect(run.cache, mode.toString(8)).toBe('untrusted');
      expect(run.save()).toBe(false);
      expect(statSync(join(dir, entry!)).mtimeMs).toBe(written);
      // The same holds for the directory above it, and for the root.
      chmodSync(dir, 0o700);
      chmodSync(join(dir, '..'), mode);
      expect(runBundle(file, options(dir)).cache, mode.toString(8)).toBe('untrusted');
      chmodSync(join(dir, '..'), 0o700);
      chmodSync(join(dir, '..', '..'), mode);
      expect(runBundle(file, options(dir)).cache, mode.toString(8)).toBe('untrusted');
    }
  });

  it("neither reads nor writes a cache in another user's directory", () => {
    const { dir } = cacheRoot();
    const file = bundle(CODE);
    runBundle(file, options(dir)).save();
    // The directories are this user's: to the cache of someone else they are foreign.
    const run = runBundle(file, options(dir, { owner: someoneElse }));
    expect(run.cache).toBe('untrusted');
    expect(run.save()).toBe(false);
  });

  it('takes no symbolic link for one of its own directories', () => {
    const { root, dir } = cacheRoot();
    const elsewhere = tempDir('qemu-review-elsewhere-');
    chmodSync(elsewhere, 0o700);
    mkdirSync(join(root, 'qemu-review'), { mode: 0o700 });
    symlinkSync(elsewhere, dir);
    const run = runBundle(bundle(CODE), options(dir));
    expect(run.cache).toBe('untrusted');
    expect(run.save()).toBe(false);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('replaces a damaged entry, and still runs the bundle as it is', () => {
    const { dir } = cacheRoot();
    const file = bundle(CODE);
    expect(runFresh(file, options(dir)).saved).toBe(true);
    const [entry] = readdirSync(dir);
    const path = join(dir, entry!);
    const bytes = readFileSync(path);
    // V8 itself checks no more than the length and versions: flipped bits would reach its deserializer.
    const cut = (b: Buffer): Buffer => b.subarray(0, b.length >> 1);
    const flipped = (b: Buffer): Buffer => Buffer.from(b.map((x, i) => (i === b.length - 9 ? x ^ 0x40 : x)));
    for (const damage of [cut, flipped]) {
      writeFileSync(path, damage(bytes));
      expect(runFresh(file, options(dir))).toEqual({ cache: 'absent', lookup: 2, saved: true });
      expect(runFresh(file, options(dir)).cache).toBe('used');
    }
  });

  it('takes an entry V8 refuses (cached for other code) as rejected, and replaces it', () => {
    const { root, dir } = cacheRoot();
    const file = bundle(CODE);
    expect(runFresh(file, options(dir)).saved).toBe(true);
    const name = readdirSync(dir)[0]!;
    // Well-formed for us, but the code of another source: V8's own checks refuse it.
    const otherDir = join(root, 'other', 'v8');
    const other = bundle('module.exports = { lookup: () => 0 };');
    expect(runFresh(other, options(otherDir)).saved).toBe(true);
    const foreign = readEntry(root, otherDir, readdirSync(otherDir)[0]!, me);
    expect(foreign).toBeDefined();
    expect(writeEntry(root, dir, name, foreign!, me)).toBe(true);
    expect(runFresh(file, options(dir))).toEqual({ cache: 'rejected', lookup: 2, saved: true });
    expect(runFresh(file, options(dir)).cache).toBe('used');
  });

  it('does not read an entry someone else can write, or that is a link', () => {
    const { root, dir } = cacheRoot();
    const file = bundle(CODE);
    runBundle(file, options(dir)).save();
    const name = readdirSync(dir)[0]!;
    chmodSync(join(dir, name), 0o622);
    expect(runBundle(file, options(dir)).cache).toBe('absent');
    expect(readEntry(root, dir, name, me)).toBeUndefined();
    // Rewritten, as the user's alone.
    runBundle(file, options(dir)).save();
    expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    const target = join(dir, 'target.bin');
    writeFileSync(target, readFileSync(join(dir, name)), { mode: 0o600 });
    const linked = 'cli-abababababababab-0000000000000000.bin';
    symlinkSync(target, join(dir, linked));
    expect(lstatSync(join(dir, linked)).isSymbolicLink()).toBe(true);
    expect(readEntry(root, dir, linked, me)).toBeUndefined();
    expect(readEntry(root, dir, 'target.bin', me)).toBeDefined();
  });

  it('keeps one entry per bundle, runtime and command: a rebuilt or edited bundle is never given the old code', () => {
    const { dir } = cacheRoot();
    const file = bundle(CODE);
    runBundle(file, options(dir)).save();
    expect(runBundle(file, options(dir, { bundleHash: 'cd'.repeat(32) })).cache).toBe('absent');
    expect(runBundle(file, options(dir, { command: 'reply' })).cache).toBe('absent');
    expect(runBundle(file, options(dir, { runtime: 'another node' })).cache).toBe('absent');
    // The same build hash, but a file changed since (a copy edited by hand): its size or time differ.
    writeFileSync(file, `${WRAP_START}${CODE.replace("['b', 2]", "['b', 3]")}${WRAP_END}`);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = runBundle(file, options(dir));
    expect(edited.cache).toBe('absent');
    expect((edited.exports as { lookup(k: string): number }).lookup('b')).toBe(3);
  });

  it('does nothing with a cache when none is asked for', () => {
    const run = runBundle(bundle(CODE), { dir: undefined, bundleHash: 'ab', command: 'check' });
    expect(run.cache).toBe('off');
    expect(run.save()).toBe(false);
  });
});

describe('entries', () => {
  it('carry a checksum that finds any damage', () => {
    const payload = Buffer.from(Array.from({ length: 1001 }, (_, i) => (i * 7) & 0xff));
    const entry = wrap(payload);
    expect(unwrap(entry)).toEqual(payload);
    for (const at of [0, 5, 31, 32, 500, entry.length - 1]) {
      const damaged = Buffer.from(entry);
      damaged[at]! ^= 1;
      expect(unwrap(damaged), String(at)).toBeUndefined();
    }
    expect(unwrap(entry.subarray(0, entry.length - 1))).toBeUndefined();
    // Aligned or not, the same hash.
    const copy = Buffer.alloc(payload.length + 1);
    payload.copy(copy, 1);
    expect(checksum(copy.subarray(1))).toEqual(checksum(payload));
    expect(checksum(payload)).not.toEqual(checksum(Buffer.concat([payload, Buffer.from([0])])));
  });

  it('are named by the bundle hash, its file, the runtime and the command', () => {
    const id = { hash: 'ab'.repeat(32), size: 10, mtimeMs: 1 };
    const names = [
      entryName(id, 'node', 'check'),
      entryName({ ...id, hash: 'cd'.repeat(32) }, 'node', 'check'),
      entryName({ ...id, size: 11 }, 'node', 'check'),
      entryName({ ...id, mtimeMs: 2 }, 'node', 'check'),
      entryName(id, 'node --jitless', 'check'),
      entryName(id, 'node', 'reply'),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(entryName(id, 'node', 'check')).toBe(names[0]);
  });

  it.skipIf(!hasUids)('of other builds are pruned after a week, those of this build and recent ones kept, and abandoned writes after a day', () => {
    const { dir } = cacheRoot();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const write = (name: string, ageDays: number): void => {
      writeFileSync(join(dir, name), 'x');
      const when = new Date(Date.now() - ageDays * 24 * 3600 * 1000);
      utimesSync(join(dir, name), when, when);
    };
    write('cli-1111111111111111-0000000000000001.bin', 30);
    write('cli-2222222222222222-0000000000000001.bin', 30);
    write('cli-2222222222222222-0000000000000002.bin', 1);
    write('cli-3333333333333333-0000000000000001.bin', 2);
    write('notes.txt', 30);
    // What a run that died while writing left, and what one writing now has under way.
    write('.cli-1111111111111111-0000000000000003.bin.42.abc.tmp', 2);
    write('.cli-1111111111111111-0000000000000004.bin.43.abd.tmp', 0);
    pruneEntries(dir, 'cli-1111111111111111-0000000000000002.bin');
    expect(readdirSync(dir).sort()).toEqual([
      '.cli-1111111111111111-0000000000000004.bin.43.abd.tmp',
      'cli-1111111111111111-0000000000000001.bin',
      'cli-2222222222222222-0000000000000002.bin',
      'cli-3333333333333333-0000000000000001.bin',
      'notes.txt',
    ]);
  });

  it.skipIf(!hasUids)('are trusted only below a root of the user', () => {
    const { root, dir } = cacheRoot();
    expect(dirTrust(root, dir, me)).toBe('missing');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    expect(dirTrust(root, dir, me)).toBe('trusted');
    expect(dirTrust(root, join(root, '..', 'v8'), me)).toBe('untrusted');
    expect(dirTrust(join(root, 'qemu-review'), root, me)).toBe('untrusted');
    expect(dirTrust(root, dir, someoneElse)).toBe('untrusted');
  });
});
