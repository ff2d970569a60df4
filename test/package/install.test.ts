/**
 * What a user gets from `npm pack` and `npm install -g` of the tarball, done
 * for real into a scratch prefix: no engine warning on the Node that
 * package.json promises, only the runtime dependencies the command line
 * imports (the GitHub libraries live in the Action's bundle, not here), and a
 * `qemu-review` that runs and finds what it should.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { minimum, satisfies } from '../support/node-range.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; engines: { node: string } };

interface Installed {
  name: string;
  engines?: { node?: string };
}

/** Every package under a node_modules directory, scoped ones included. */
function packagesUnder(dir: string): Installed[] {
  if (!existsSync(dir)) return [];
  const out: Installed[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      out.push(...packagesUnder(join(dir, name)));
      continue;
    }
    const manifest = join(dir, name, 'package.json');
    if (!existsSync(manifest)) continue;
    out.push(JSON.parse(readFileSync(manifest, 'utf8')) as Installed);
    out.push(...packagesUnder(join(dir, name, 'node_modules')));
  }
  return out;
}

describe('npm install -g of the packed tarball', () => {
  it('installs without warnings but for its own build step, with only runtime dependencies, and runs', async () => {
    expect(existsSync(join(repoRoot, 'build', 'src', 'cli', 'main.js')), 'build/ is missing: npm run build first').toBe(true);
    const scratch = tempDir('qemu-review-pack-');
    // The tarball ships build/ as it is: its prepare step is for checkouts.
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: repoRoot });
    const tarball = join(scratch, `${pkg.name}-${pkg.version}.tgz`);
    const prefix = join(scratch, 'global');
    const install = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'warn', tarball], {
      cwd: scratch,
      maxBuffer: 16 << 20,
    });
    const warnings = install.stderr.split('\n').filter((l) => /^npm warn/i.test(l));
    expect(warnings.filter((l) => /EBADENGINE/.test(l))).toEqual([]);
    // npm 11 names the lifecycle scripts it did not run: qemu-review's `prepare` (npm run build) is for checkouts.
    expect(warnings.filter((l) => !/^npm warn install-scripts\b/.test(l))).toEqual([]);
    const unrun = warnings.map((l) => /^npm warn install-scripts\s+(\S+@\S+) \(/.exec(l)?.[1]).filter((n) => n !== undefined);
    expect(unrun.filter((n) => n !== `${pkg.name}@${pkg.version}`)).toEqual([]);

    const root = join(prefix, 'lib', 'node_modules', pkg.name);
    const installed = packagesUnder(join(root, 'node_modules'));
    expect(installed.length).toBeGreaterThan(5);
    expect(installed.map((p) => p.name).filter((n) => /^@actions\/|^@octokit\/|^content-type$/.test(n))).toEqual([]);
    const least = minimum(pkg.engines.node);
    expect(
      installed.filter((p) => p.engines?.node !== undefined && !satisfies(least, p.engines.node)).map((p) => `${p.name} wants node ${p.engines!.node}`),
    ).toEqual([]);

    // The installed command does its job: fixtures/example.patch has findings, so it exits 1.
    const bin = join(prefix, 'bin', 'qemu-review');
    const checked = await run(bin, ['check', join(repoRoot, 'fixtures', 'example.patch')]).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code, stdout: e.stdout ?? '' }),
    );
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/qapi\/migration\.json:\d+:\d+: error: .*\[qapi\/unstable-feature\]/);
  }, 300_000);
});
