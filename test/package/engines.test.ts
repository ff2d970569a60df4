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
import { minimum, satisfies, type Version } from '../support/node-range.js';
import { repoRoot } from '../support/shared.js';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  overrides?: Record<string, string>;
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

describe('overrides', () => {
  it('pin only development packages: an install of the package never sees them', () => {
    // npm applies overrides to the root project alone, so a consumer of the tarball gets each
    // dependency's own range; content-type 3 (Node 22) comes with the GitHub libraries, which only
    // the Action's bundle and its tests use.
    const names = Object.keys(pkg.overrides ?? {});
    const reaching = Object.entries(lock.packages)
      .filter(([path, entry]) => names.some((n) => path.endsWith(`node_modules/${n}`)) && !entry.dev)
      .map(([path]) => path);
    expect(reaching).toEqual([]);
  });
});
