/**
 * A QEMU checkout on disk, read-only.  Every path a patch names is checked
 * before it is read: nothing outside the tree is ever touched, whatever
 * `../`, absolute paths or symlinks the patch or the tree contain.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Why a path from a patch cannot be used, or null when it stays inside the tree. */
export function unsafePathReason(path: string): string | null {
  if (path === '') return 'an empty path';
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) return 'an absolute path';
  if (path.split(/[\\/]/).includes('..')) return "a '..' component";
  if (path.includes('\0')) return 'a NUL byte';
  return null;
}

/** Directories never worth walking when searching the tree. */
const SKIP_DIRS = new Set(['.git', 'build', 'node_modules', 'subprojects', 'roms']);

export class SourceTree {
  readonly root: string;
  private fileList: string[] | undefined;

  constructor(root: string) {
    this.root = realpathSync(root);
  }

  /**
   * The absolute path of `path` inside the tree, or a reason it is refused:
   * a lexical escape, or a symlink along the way that leads outside.
   */
  locate(path: string): { abs: string } | { refused: string } {
    const lexical = unsafePathReason(path);
    if (lexical) return { refused: lexical };
    const abs = join(this.root, path);
    // The deepest existing ancestor decides where the path really goes.
    let probe = abs;
    while (!existsSync(probe) && probe !== this.root) probe = join(probe, '..');
    const real = realpathSync(probe);
    const rel = relative(this.root, real);
    if (rel.startsWith('..') || isAbsolute(rel)) return { refused: 'a symlink that leads outside the tree' };
    return { abs };
  }

  /**
   * The tree's name for a path a user typed: relative to the tree as given, or else, when it leads
   * into the tree from `cwd` (`~/qemu/qapi/x.json`, `../qemu/qapi/x.json`), relative to the tree.
   * Anything else comes back as it was, and is then no file of the tree.
   */
  pathOf(given: string, cwd = process.cwd()): string {
    if (unsafePathReason(given) === null && existsSync(join(this.root, given))) return given;
    let real: string;
    try {
      real = realpathSync(resolve(cwd, given));
    } catch {
      return given;
    }
    const rel = relative(this.root, real);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? given : rel.split(sep).join('/');
  }

  /** The file's text, or null when it does not exist (or is not a regular file). */
  read(path: string): string | null {
    const where = this.locate(path);
    if ('refused' in where) return null;
    try {
      if (!statSync(where.abs).isFile()) return null;
      return readFileSync(where.abs, 'utf8');
    } catch {
      return null;
    }
  }

  /** QEMU's VERSION file: `10.1.50` while 10.2 is developed. */
  version(): string | null {
    return this.read('VERSION')?.trim() || null;
  }

  /** Every regular file of the tree (relative, '/'-separated), symlinks not followed; computed once. */
  files(): readonly string[] {
    if (this.fileList) return this.fileList;
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name));
        } else if (entry.isFile()) {
          out.push(relative(this.root, join(dir, entry.name)).split(sep).join('/'));
        }
      }
    };
    walk(this.root);
    this.fileList = out.sort();
    return this.fileList;
  }

  isSymlink(path: string): boolean {
    try {
      return lstatSync(join(this.root, path)).isSymbolicLink();
    } catch {
      return false;
    }
  }
}
