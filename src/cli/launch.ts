/**
 * Runs the command-line bundle (build/cli/cli.js, a CommonJS file) through vm.Script, with the
 * V8 code cache of code-cache.ts: the launcher build/cli/qemu-review.js (launcher.ts) calls
 * runBundle. A run whose cache was missing, stale or rejected writes one when the process exits,
 * so that it holds every function the run compiled.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { cacheRootOf, currentOwner, dirTrust, entryName, readEntry, runtimeTag, writeEntry, type BundleIdentity, type CacheOwner } from './code-cache.js';

/**
 * What became of the cache: used; rejected by V8 (then rewritten); absent (then written);
 * untrusted (a directory someone else can change: neither read nor written); off. An entry
 * that is not the user's alone, or fails its checksum, counts as absent, and is replaced.
 */
export type CacheState = 'used' | 'rejected' | 'absent' | 'untrusted' | 'off';

export interface CacheOptions {
  /** The cache directory (compileCacheDir()); undefined: no cache. */
  dir: string | undefined;
  /** The SHA-256 of the bundle's bytes, which the build writes into the launcher. */
  bundleHash: string;
  /** Which command runs: each has its own entry. */
  command: string;
  owner?: CacheOwner | undefined;
  runtime?: string;
  /**
   * The bundle's require: by default one made for its file (module.createRequire). The launcher,
   * which sits beside it and resolves from the same directory, gives its own and so spares every
   * start node:module's loading.
   */
  require?: NodeJS.Require;
}

export interface LoadedBundle {
  exports: unknown;
  cache: CacheState;
  /** Writes the cache entry when the state calls for it (absent, rejected); true when written. */
  save(): boolean;
}

/**
 * The bundle's file is a function expression, Node's CommonJS wrapper included: the launcher
 * hands it to V8 as it is read, one Latin-1 (here: ASCII) string that Node does not copy or
 * decode. The build writes it so (src/devtools/build-cli.mjs).
 */
export const WRAP_START = '(function (exports, require, module, __filename, __dirname) { ';
export const WRAP_END = '\n})';

/** The file's bytes and what names them for the cache, read through one descriptor. */
function readBundle(file: string): { bytes: Buffer; size: number; mtimeMs: number } {
  const fd = openSync(file, 'r');
  try {
    const stats = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) throw new Error(`${file}: cut short while being read`);
      read += n;
    }
    return { bytes, size: stats.size, mtimeMs: stats.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Compiles and runs a CommonJS bundle as Node's loader would, with the code cache where it can. */
export function runBundle(file: string, options: CacheOptions): LoadedBundle {
  const { bytes, size, mtimeMs } = readBundle(file);
  const owner = options.owner === undefined ? currentOwner() : options.owner;
  const dir = options.dir;
  const root = dir === undefined ? undefined : cacheRootOf(dir);
  let name: string | undefined;
  let cachedData: Buffer | undefined;
  let state: CacheState = 'off';
  if (dir !== undefined && root !== undefined && owner !== undefined) {
    const identity: BundleIdentity = { hash: options.bundleHash, size, mtimeMs };
    name = entryName(identity, options.runtime ?? runtimeTag(), options.command);
    // A directory that is not there yet is made (for the user alone) when the entry is written.
    const trust = dirTrust(root, dir, owner);
    state = trust === 'untrusted' ? 'untrusted' : 'absent';
    if (trust === 'trusted') cachedData = readEntry(root, dir, name, owner);
  }
  const script = new Script(bytes.toString('latin1'), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // import() of a package left outside the bundle resolves as in a module of Node's own loader.
    ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  if (cachedData) state = script.cachedDataRejected === true ? 'rejected' : 'used';
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const bundleRequire = options.require ?? process.getBuiltinModule('node:module').createRequire(file);
  wrapper.call(module.exports, module.exports, bundleRequire, module, file, dirname(file));
  return {
    exports: module.exports,
    cache: state,
    save: () => {
      if ((state !== 'absent' && state !== 'rejected') || dir === undefined || root === undefined || name === undefined || owner === undefined) return false;
      try {
        return writeEntry(root, dir, name, script.createCachedData(), owner);
      } catch {
        return false;
      }
    },
  };
}
