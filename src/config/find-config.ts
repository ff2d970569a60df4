/**
 * Where a run's config lives when --config does not say: the nearest
 * CONFIG_NAME in the reviewed tree or one of its parents, else in the
 * current directory or one of its parents.  The tree comes first because
 * its conventions are the ones being checked, wherever the command runs.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_NAME = '.qemu-review.json';

/** The nearest config above each start, the starts tried in order; null when there is none. */
export function findConfig(starts: readonly string[]): string | null {
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, CONFIG_NAME);
      if (isFile(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
