/**
 * Node's on-disk compile cache (module.enableCompileCache, Node >= 22.1): a run after the first
 * skips compiling the bundle's code again, most of what is left of a one-patch run's start-up.
 * Node 20 has no such function, and a cache that cannot be written is no reason to fail a
 * review: both leave the run as it is.
 */
import { isAbsolute, join } from 'node:path';

/** What node:module offers here: enableCompileCache exists from Node 22.1 on. */
export interface CompileCacheHost {
  enableCompileCache?: (directory?: string) => { status: number; message?: string; directory?: string };
  constants?: { compileCacheStatus?: Record<string, number> };
}

/**
 * os.homedir(), which on POSIX systems is $HOME when set: read here without loading node:os,
 * a third of a millisecond of every start.
 */
export function homeDir(): string {
  const home = process.platform === 'win32' ? undefined : process.env['HOME'];
  return home ? home : process.getBuiltinModule('node:os').homedir();
}

/** The cache of this qemu-review: $XDG_CACHE_HOME/qemu-review/v8, else ~/.cache/qemu-review/v8. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, home: () => string = homeDir): string | undefined {
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'qemu-review', 'v8');
  try {
    const dir = home();
    return dir ? join(dir, '.cache', 'qemu-review', 'v8') : undefined;
  } catch {
    return undefined;
  }
}

export type CompileCacheState = 'enabled' | 'already' | 'unavailable' | 'failed' | 'disabled';

/**
 * node:module where it has enableCompileCache (Node 22.1 on), else nothing: loading it costs
 * half a millisecond of every start, for a function older Nodes lack.
 */
export function compileCacheHost(versions: NodeJS.ProcessVersions = process.versions): CompileCacheHost {
  const [major = 0, minor = 0] = versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 1) ? (process.getBuiltinModule('node:module') as CompileCacheHost) : {};
}

/** Turns the compile cache on when the Node version has it; never throws. */
export function enableCompileCache(host: CompileCacheHost = compileCacheHost(), env: NodeJS.ProcessEnv = process.env): CompileCacheState {
  if (typeof host.enableCompileCache !== 'function') return 'unavailable';
  const dir = compileCacheDir(env);
  if (dir === undefined) return 'failed';
  try {
    const { status } = host.enableCompileCache(dir);
    const codes = host.constants?.compileCacheStatus ?? {};
    if (status === codes['ENABLED']) return 'enabled';
    if (status === codes['ALREADY_ENABLED']) return 'already';
    if (status === codes['DISABLED']) return 'disabled';
    return 'failed';
  } catch {
    return 'failed';
  }
}
