/**
 * The Node version package.json promises (`engines.node`) is one every
 * locked dependency accepts: those `npm install -g` installs, and the dev
 * dependencies of a contributor's `npm ci`.  A dependency that wants a
 * newer Node makes npm warn (EBADENGINE) and may not run there; this test
 * names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';

type Version = [number, number, number];

function version(text: string): Version {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!m) throw new Error(`not a version: '${text}'`);
  const part = (p: string | undefined): number => (p === undefined || p === 'x' || p === '*' ? 0 : Number(p));
  return [part(m[1]), part(m[2]), part(m[3])];
}

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether node `v` satisfies an npm range, for the forms engines fields
 * use: `>=X`, `>X`, `^X.Y.Z`, `X.x`, `*`, comparator sets and `||`.
 * Anything else throws, so a new form fails the test instead of passing it.
 */
function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((set) => {
    const comparators = set.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return comparators.every((c) => {
      if (c === '*' || c === 'x') return true;
      const m = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(c)!;
      const op = m[1] ?? '';
      const bound = version(m[2]!);
      const cmp = compare(v, bound);
      switch (op) {
        case '>=': return cmp >= 0;
        case '>': return cmp > 0;
        case '<=': return cmp <= 0;
        case '<': return cmp < 0;
        case '^': return cmp >= 0 && v[0] === bound[0];
        case '~': return cmp >= 0 && v[0] === bound[0] && v[1] === bound[1];
        case '=':
        case '': {
          // 20 or 20.x means any 20; 20.1 any 20.1.
          const given = m[2]!.split('.').filter((p) => p !== 'x' && p !== '*').length;
          return v.slice(0, given).every((n, i) => n === bound[i]);
        }
        default: throw new Error(`unsupported range '${range}'`);
      }
    });
  });
}

/** The least Node version a `>=X.Y` range admits. */
function minimum(range: string): Version {
  const m = /^>=\s*(\S+)$/.exec(range.trim());
  if (!m) throw new Error(`expected a '>=X.Y' range, not '${range}'`);
  return version(m[1]!);
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** Locked packages whose engines.node does not admit `v`: "name@version wants range". */
function refusing(v: Version, which: (entry: LockEntry) => boolean): string[] {
  const out: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || !which(entry)) continue;
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range !== undefined && !satisfies(v, range)) out.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`);
  }
  return out;
}

describe('the range reader', () => {
  it('reads the forms engines fields use', () => {
    expect(satisfies([20, 12, 0], '>=22')).toBe(false);
    expect(satisfies([22, 0, 0], '>=22')).toBe(true);
    expect(satisfies([20, 12, 0], '>= 20')).toBe(true);
    expect(satisfies([20, 12, 0], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([20, 19, 0], '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies([21, 0, 0], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([20, 1, 0], '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(true);
    expect(satisfies([18, 0, 0], '>=14.17 <19')).toBe(true);
    expect(satisfies([20, 0, 0], '20.x')).toBe(true);
    expect(satisfies([20, 0, 0], '*')).toBe(true);
    expect(() => satisfies([20, 0, 0], '>=20 garbage')).toThrow();
  });
});

describe('Node versions package.json promises', () => {
  it('every dependency installed with the package runs on engines.node', () => {
    expect(refusing(minimum(pkg.engines.node), (e) => !e.dev)).toEqual([]);
  });

  it('so does every dependency of a development checkout', () => {
    // Optional packages are platform builds npm skips where they do not fit.
    expect(refusing(minimum(pkg.engines.node), (e) => !e.optional)).toEqual([]);
  });
});
