/**
 * Where a run's config lives when --config does not say: the nearest
 * CONFIG_NAME in the reviewed tree or one of its parents, else in the
 * current directory or one of its parents.  The tree comes first because
 * its conventions are the ones being checked, wherever the command runs.
 *
 * The search climbs past directories anyone may write to (/tmp, a shared
 * checkout), and a config decides what a run lets through: one that says
 * `"failOn": "never"` passes every patch of a git send-email hook.  As git
 * does with repositories since CVE-2022-24765, a config found by looking is
 * read only when it belongs to the user running the command (or to root)
 * and nobody else may write it; any other is passed over, with the reason.
 * A config named with --config is the user's own choice and is read as is.
 */
import { statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_NAME = '.qemu-review.json';

/** A config passed over, and why. */
export interface PassedOver {
  path: string;
  why: string;
}

export interface FindOptions {
  /** The user running the command; by default this process's (none on Windows: no check). */
  uid?: number | null;
  /** Told of each config passed over. */
  passedOver?: (skipped: PassedOver) => void;
}

const WRITABLE_BY_OTHERS = 0o002;

/** Why the config in `stats` is not to be trusted by user `uid`, or null when it is. */
export function distrust(stats: Pick<Stats, 'uid' | 'mode'>, uid: number | null): string | null {
  if (uid === null) return null;
  if (stats.uid !== uid && stats.uid !== 0) return `it belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & WRITABLE_BY_OTHERS) !== 0) return 'anyone may write it';
  return null;
}

/** The nearest trusted config above each start, the starts tried in order; null when there is none. */
export function findConfig(starts: readonly string[], options: FindOptions = {}): string | null {
  const uid = options.uid !== undefined ? options.uid : (process.getuid?.() ?? null);
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, CONFIG_NAME);
      const stats = fileStats(candidate);
      if (stats) {
        const why = distrust(stats, uid);
        if (why === null) return candidate;
        options.passedOver?.({ path: candidate, why });
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

function fileStats(path: string): Stats | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}
