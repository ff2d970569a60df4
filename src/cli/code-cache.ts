/**
 * A V8 code cache for the command-line bundle that works on every Node the package supports
 * (module.enableCompileCache exists only from Node 22.1 on, and not for Node 20, what most users
 * and CI run). The launcher (launch.ts) compiles the bundle with vm.Script; after a run, the code
 * V8 compiled for it, the functions compiled lazily during the run included, is written here and
 * handed back to V8 by the next run, which then skips compiling the bundle again.
 *
 * The cache is code this process runs, so it is read only from a place no one else can write:
 * every directory from the cache root down is the user's own, not writable by group or others,
 * and qemu-review's own directories and the file are no symbolic links. An entry is named by the
 * bundle's content (its SHA-256, taken by the build, with the file's size and modification time),
 * the Node and V8 versions and the flags V8 runs with; it carries a checksum of its bytes (V8
 * checks their length and versions, not their content: flipped bits would reach its
 * deserializer), and is written to a temporary file and renamed into place. Whatever goes wrong
 * means a run without the cache, never a failed run.
 *
 * No node:crypto here: loading it cost a one-patch run 3 to 5 ms, the bundle's SHA-256 is taken
 * by the build, and zlib's CRC-32 checks 1 MB in a third of a millisecond.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

/** Starts every entry: the format of what follows (bump on any change). */
const MAGIC = Buffer.from('qemu-review v8 cache 2\n\n');
const DIGEST_BYTES = 8;
/** Larger files are no cache of ours: nothing this big is read into memory. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Who the cache belongs to: the process's user. */
export interface CacheOwner {
  uid: number;
}

/** The current user, or undefined where there are no uids to check (Windows): no cache there. */
export function currentOwner(): CacheOwner | undefined {
  return typeof process.getuid === 'function' ? { uid: process.getuid() } : undefined;
}

/** A directory or file only its owner can change: owned by `owner`, no write bit for group or others. */
function ownersOnly(stats: Stats, owner: CacheOwner): boolean {
  return stats.uid === owner.uid && (stats.mode & 0o022) === 0;
}

/** How far a cache directory can be trusted: missing means what is there is, but not all of it yet. */
export type DirTrust = 'trusted' | 'missing' | 'untrusted';

/**
 * Whether `dir` (inside `root`, the cache root: $XDG_CACHE_HOME or ~/.cache) is safe to read
 * code from. The root may be a symbolic link (a cache moved to another disk), followed, but must
 * be the user's; each directory below it must be a real directory of the user's.
 */
export function dirTrust(root: string, dir: string, owner: CacheOwner): DirTrust {
  const below = relativeParts(root, dir);
  if (below === undefined) return 'untrusted';
  let path = root;
  try {
    const rootStats = statSync(root);
    if (!rootStats.isDirectory() || !ownersOnly(rootStats, owner)) return 'untrusted';
    for (const part of below) {
      path = join(path, part);
      const stats = lstatSync(path);
      if (!stats.isDirectory() || !ownersOnly(stats, owner)) return 'untrusted';
    }
    return 'trusted';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'untrusted';
  }
}

/** The names leading from `root` down to `dir`, or undefined when `dir` is not below it. */
function relativeParts(root: string, dir: string): string[] | undefined {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  if (!dir.startsWith(prefix)) return undefined;
  const parts = dir
    .slice(prefix.length)
    .split('/')
    .filter((p) => p !== '');
  return parts.some((p) => p === '.' || p === '..') ? undefined : parts;
}

/** What a cached compilation depends on besides the source: the runtime and V8's flags. */
export function runtimeTag(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): string {
  return [process.version, process.arch, process.versions.v8, execArgv.join(' '), env['NODE_OPTIONS'] ?? ''].join('\0');
}

/**
 * What an entry's payload is checked by: its CRC-32 and length, which find a damaged or cut
 * entry. No defence against anyone: only the user can write the cache (dirTrust).
 */
export function payloadDigest(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(DIGEST_BYTES);
  out.writeUInt32LE(crc32(payload), 0);
  out.writeUInt32LE(payload.length >>> 0, 4);
  return out;
}

/** A 64-bit hash (two multiplicative hashes over 32-bit words) of a few bytes: what entries are named by. */
export function checksum(bytes: Uint8Array): Buffer {
  let a = 0x811c9dc5 ^ bytes.length;
  let b = 0x9747b28c;
  // Read in place when aligned (as entries are), else from a copy.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, bytes.length >>> 2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995);
    b ^= b >>> 15;
  }
  for (let i = words.length * 4; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
  }
  const out = Buffer.allocUnsafe(DIGEST_BYTES);
  out.writeInt32LE(a, 0);
  out.writeInt32LE(b, 4);
  return out;
}

/** What names the bundle's compiled code: its build hash, and its file as it is now (a copy edited by hand is another). */
export interface BundleIdentity {
  hash: string;
  size: number;
  mtimeMs: number;
}

/**
 * The entry's file name for a bundle, a runtime tag (runtimeTag) and the command run: each
 * command keeps the functions its own runs compile. It starts with the bundle's hash, so that
 * the entries of other builds can be told apart (pruneEntries).
 */
export function entryName(bundle: BundleIdentity, runtime: string, command: string): string {
  const rest = checksum(Buffer.from([bundle.size, bundle.mtimeMs, runtime, command].join('\0'))).toString('hex');
  return `cli-${bundle.hash.replace(/[^0-9a-f]/g, '').slice(0, 16)}-${rest}.bin`;
}

/** The cached data of an entry, or undefined when there is none or it cannot be trusted. */
export function readEntry(root: string, dir: string, name: string, owner: CacheOwner): Buffer | undefined {
  if (dirTrust(root, dir, owner) !== 'trusted') return undefined;
  let fd: number;
  try {
    fd = openSync(join(dir, name), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || !ownersOnly(stats, owner) || stats.size > MAX_ENTRY_BYTES || stats.size < MAGIC.length + DIGEST_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    return unwrap(bytes);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The payload of an entry's bytes when its header and checksum hold. */
export function unwrap(bytes: Buffer): Buffer | undefined {
  if (bytes.length < MAGIC.length + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const digest = bytes.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const payload = bytes.subarray(MAGIC.length + DIGEST_BYTES);
  return payloadDigest(payload).equals(digest) ? payload : undefined;
}

/** An entry's bytes: header, checksum, payload. */
export function wrap(payload: Buffer): Buffer {
  return Buffer.concat([MAGIC, payloadDigest(payload), payload]);
}

/**
 * Writes an entry: the directories below `root` are made for the user alone where missing, and
 * must pass dirTrust; the bytes go to a new file of the user's alone, renamed into place, so
 * a reader sees the old entry or the new one, never half of one. False when it could not be.
 */
export function writeEntry(root: string, dir: string, name: string, payload: Buffer, owner: CacheOwner): boolean {
  try {
    const below = relativeParts(root, dir);
    if (below === undefined || dirTrust(root, dir, owner) === 'untrusted') return false;
    // mkdir's mode is cut by the umask; a directory that exists keeps its own, checked below.
    // The root too is made when missing (as the XDG base directory spec asks), not its parents.
    let path = '';
    for (const part of ['', ...below]) {
      path = part === '' ? root : join(path, part);
      try {
        mkdirSync(path, { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if (dirTrust(root, dir, owner) !== 'trusted') return false;
    // O_EXCL: a name taken (by a file or a link) fails the write rather than writing through it.
    const temp = join(dir, `.${name}.${process.pid}.${Date.now().toString(36)}.tmp`);
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      const bytes = wrap(payload);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temp);
      throw error;
    }
    closeSync(fd);
    renameSync(temp, join(dir, name));
    pruneEntries(dir, name);
    return true;
  } catch {
    return false;
  }
}

/** The cache root a cache directory of compileCacheDir() lies in: two levels up (…/qemu-review/v8). */
export function cacheRootOf(dir: string): string {
  return dirname(dirname(dir));
}

/** Entries of other builds are left a week for another installation that may still use them. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** A temporary file this old was left by a run that died while writing. */
const ABANDONED_MS = 24 * 3600 * 1000;

/**
 * Removes the entries of other builds (another bundle hash) not written for a week, and the
 * temporary files of writes that never finished; never fails.
 */
export function pruneEntries(dir: string, kept: string, now: number = Date.now()): void {
  const build = kept.split('-')[1];
  try {
    for (const name of readdirSync(dir)) {
      const entry = /^cli-[0-9a-f]+-[0-9a-f]+\.bin$/.test(name) && name.split('-')[1] !== build;
      const temporary = /^\.cli-.*\.tmp$/.test(name);
      if (!entry && !temporary) continue;
      const path = join(dir, name);
      const stats = lstatSync(path);
      if (stats.isFile() && now - stats.mtimeMs > (entry ? STALE_MS : ABANDONED_MS)) unlinkSync(path);
    }
  } catch {
    // a cache left as it is
  }
}
