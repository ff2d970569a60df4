/**
 * The raw material of the benchmark corpus: what changed in QEMU between two releases, one
 * `git diff` per file, so that mails carry real QEMU code, real hunks and real QAPI doc comments.
 * The diffs are computed once and cached outside the repository.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

export interface QemuFileDiff {
  /** Path inside the tree, e.g. `qapi/migration.json`. */
  path: string;
  /** `git diff` output with the release directories taken out of its paths (`a/qapi/x.json`). */
  text: string;
  added: number;
  removed: number;
}

/** Every regular file under `root`, as sorted paths relative to it. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const info = statSync(full);
      if (info.isDirectory()) walk(full);
      else if (info.isFile()) out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

/** `git diff --no-index` exits 1 when the files differ: that is its success here. */
function gitDiff(cwd: string, from: string, to: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['diff', '--no-index', '--no-color', '--no-ext-diff', '--no-renames', '--', from, to],
      { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && (error as { code?: unknown }).code !== 1) reject(new Error(`git diff ${from} ${to}: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** Rewrites `a/7.2.0/x` and `b/10.0.13/x` to `a/x`, `b/x` in the file header (never in hunks). */
function stripReleaseDirs(text: string, dirs: readonly string[]): string {
  const firstHunk = text.indexOf('\n@@ ');
  const head = firstHunk < 0 ? text : text.slice(0, firstHunk);
  const rest = firstHunk < 0 ? '' : text.slice(firstHunk);
  let fixed = head;
  for (const dir of dirs) fixed = fixed.split(`a/${dir}/`).join('a/').split(`b/${dir}/`).join('b/');
  return fixed + rest;
}

function countChanges(text: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  let inHunk = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('@@ ')) inHunk = true;
    else if (line.startsWith('diff --git ')) inHunk = false;
    else if (inHunk && line.startsWith('+')) added++;
    else if (inHunk && line.startsWith('-')) removed++;
  }
  return { added, removed };
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, U>(items: readonly T[], limit: number, work: (item: T) => Promise<U>): Promise<U[]> {
  const results: U[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(runners);
  return results;
}

/**
 * The per-file diffs from `oldRoot` to `newRoot` (both directories of one parent, e.g.
 * `qemu/7.2.0` and `qemu/10.0.13`), added and deleted files included, in path order.
 * Cached under `cacheDir` by the two roots' paths.
 */
export async function collectQemuDiffs(oldRoot: string, newRoot: string, cacheDir: string): Promise<QemuFileDiff[]> {
  const key = createHash('sha1').update(`${oldRoot}\0${newRoot}\0v1`).digest('hex').slice(0, 12);
  const cacheFile = join(cacheDir, `qemu-diffs-${key}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as QemuFileDiff[];

  const parent = dirname(oldRoot);
  if (dirname(newRoot) !== parent) throw new Error(`${oldRoot} and ${newRoot} must sit in one directory`);
  const oldDir = basename(oldRoot);
  const newDir = basename(newRoot);
  const oldFiles = new Set(listFiles(oldRoot));
  const newFiles = new Set(listFiles(newRoot));
  const paths = [...new Set([...oldFiles, ...newFiles])].sort();

  const diffs = await mapLimited(paths, 4, async (path): Promise<QemuFileDiff | null> => {
    const from = oldFiles.has(path) ? `${oldDir}/${path}` : '/dev/null';
    const to = newFiles.has(path) ? `${newDir}/${path}` : '/dev/null';
    if (from !== '/dev/null' && to !== '/dev/null' && readFileSync(join(parent, from)).equals(readFileSync(join(parent, to)))) return null;
    const raw = await gitDiff(parent, from, to);
    if (raw === '') return null;
    const text = stripReleaseDirs(raw, [oldDir, newDir]);
    return { path, text, ...countChanges(text) };
  });
  const found = diffs.filter((d): d is QemuFileDiff => d !== null);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(found));
  return found;
}
