/**
 * Throwaway git repositories for the hook tests, cut off from the user's
 * git configuration, and the patches `git format-patch` makes in them.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './shared.js';
import { tempDir } from './temp.js';

/** The built command line (npm test builds first), which is what an installed hook runs. */
export const BUILT_CLI = join(repoRoot, 'build', 'src', 'cli', 'main.js');

export function requireBuild(): void {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does) first`);
}

/** An environment where only the test repository's config counts, with fixed dates for format-patch. */
export function gitEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_') && key !== 'GIT_CONFIG_NOSYSTEM') delete env[key];
  return {
    ...env,
    GIT_AUTHOR_DATE: '2026-11-19T10:00:00+0100',
    GIT_COMMITTER_DATE: '2026-11-19T10:00:00+0100',
    ...extra,
  };
}

export class GitRepo {
  readonly home: string;

  constructor(
    readonly dir: string,
    home?: string,
  ) {
    this.home = home ?? tempDir('qr-home-');
  }

  static create(prefix = 'qr-repo-'): GitRepo {
    const repo = new GitRepo(join(tempDir(prefix), 'repo'));
    mkdirSync(repo.dir);
    repo.git('init', '-q');
    repo.git('config', 'user.name', 'Ada Example');
    repo.git('config', 'user.email', 'ada@example.org');
    return repo;
  }

  run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): SpawnSyncReturns<string> {
    return spawnSync(command, args, {
      cwd: options.cwd ?? this.dir,
      env: gitEnv(this.home, options.env),
      encoding: 'utf8',
      ...(options.input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input: options.input }),
      timeout: 60_000,
    });
  }

  /** git, which must succeed: its standard output. */
  git(...args: string[]): string {
    const run = this.run('git', args);
    if (run.status !== 0) throw new Error(`git ${args.join(' ')} in ${this.dir} exited ${run.status}: ${run.stderr}`);
    return run.stdout;
  }

  write(path: string, text: string): void {
    const full = join(this.dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }

  commit(message: string, files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
    this.git('add', '--', ...Object.keys(files));
    this.git('commit', '-q', '-m', message, '-m', 'Signed-off-by: Ada Example <ada@example.org>');
  }

  /** `git format-patch ARGS` into a new directory: the paths of the files. */
  formatPatch(...args: string[]): string[] {
    const out = tempDir('qr-patches-');
    return this.git('format-patch', '-o', out, ...args)
      .split('\n')
      .filter(Boolean);
  }
}

const KNOBS = `# -*- Mode: Python -*-
# SPDX-License-Identifier: GPL-2.0-or-later

##
# @Knobs:
#
# Settings of the example device.
#
# @speed: How fast the device runs.
#
# Since: 9.0
##
{ 'struct': 'Knobs',
  'data': { 'speed': 'int' } }
`;

/** Three patches on one base: one clean, one with warnings only, one with an error (x- without 'unstable'). */
export function knobsSeries(): { repo: GitRepo; clean: string; warnings: string; error: string } {
  const repo = GitRepo.create();
  repo.commit('qapi: add Knobs', { 'qapi/knobs.json': KNOBS });
  repo.commit('knobs: add a counter', { 'knobs.c': 'int knob;\n' });
  repo.commit('qapi: say what speed counts', {
    'qapi/knobs.json': KNOBS.replace('How fast the device runs.', 'How fast the device runs, in turns per second of the main wheel, never negative.'),
  });
  repo.commit('qapi: add x-turbo', {
    'qapi/knobs.json': KNOBS.replace("'speed': 'int' }", "'speed': 'int', 'x-turbo': 'bool' }").replace(
      '# @speed: How fast the device runs.\n',
      '# @speed: How fast the device runs.\n#\n# @x-turbo: Run faster.  (Since 11.0)\n',
    ),
  });
  const [clean, warnings, error] = repo.formatPatch('-3');
  return { repo, clean: clean!, warnings: warnings!, error: error! };
}
