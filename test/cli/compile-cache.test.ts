/** Node's compile cache: on where Node has it, a no-op on Node 20, never a reason to fail. */
import * as nodeModule from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { compileCacheDir, compileCacheHost, enableCompileCache, homeDir, type CompileCacheHost } from '../../src/cli/compile-cache.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const host = nodeModule as CompileCacheHost;
const nodeHasIt = typeof host.enableCompileCache === 'function';
const CLI = join(repoRoot, 'build', 'src', 'cli', 'main.js');
const example = join(repoRoot, 'fixtures', 'example.patch');

describe('compileCacheDir', () => {
  it('is under XDG_CACHE_HOME when that is an absolute path', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, () => '/home/me')).toBe('/var/cache/me/qemu-review/v8');
  });

  it('is under ~/.cache otherwise, a relative XDG_CACHE_HOME being invalid', () => {
    expect(compileCacheDir({}, () => '/home/me')).toBe('/home/me/.cache/qemu-review/v8');
    expect(compileCacheDir({ XDG_CACHE_HOME: 'cache' }, () => '/home/me')).toBe('/home/me/.cache/qemu-review/v8');
  });

  it('is none when there is no home either', () => {
    expect(compileCacheDir({}, () => '')).toBeUndefined();
    expect(
      compileCacheDir({}, () => {
        throw new Error('no passwd entry');
      }),
    ).toBeUndefined();
  });
});

describe('homeDir', () => {
  it("is os.homedir(), $HOME where it is set or the user's entry where it is not", () => {
    expect(homeDir()).toBe(homedir());
    const unset = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { homeDir } from ${JSON.stringify(join(repoRoot, 'build', 'src', 'cli', 'compile-cache.js'))}; import { homedir } from 'node:os'; console.log(JSON.stringify([homeDir(), homedir()]));`,
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
      },
    );
    const [ours, node] = JSON.parse(unset.stdout) as [string, string];
    expect(ours).toBe(node);
    const elsewhere = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { homeDir } from ${JSON.stringify(join(repoRoot, 'build', 'src', 'cli', 'compile-cache.js'))}; console.log(homeDir());`,
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '', HOME: '/elsewhere/me' },
      },
    );
    expect(elsewhere.stdout.trim()).toBe(process.platform === 'win32' ? homedir() : '/elsewhere/me');
  });
});

describe('compileCacheHost', () => {
  const on = (node: string) => compileCacheHost({ ...process.versions, node });

  it('is node:module from Node 22.1 on, where it has enableCompileCache', () => {
    for (const node of ['22.1.0', '22.12.0', '24.3.0']) expect(on(node), node).toBe(process.getBuiltinModule('node:module'));
  });

  it('is nothing before, so that node:module is not loaded for a function it lacks', () => {
    for (const node of ['20.19.0', '21.7.3', '22.0.0']) expect(on(node), node).toEqual({});
    expect(enableCompileCache(on('20.19.0'), { XDG_CACHE_HOME: '/nowhere' })).toBe('unavailable');
  });
});

describe('enableCompileCache', () => {
  it('does nothing where node:module has no enableCompileCache (Node 20)', () => {
    expect(enableCompileCache({}, { XDG_CACHE_HOME: '/nowhere' })).toBe('unavailable');
  });

  it.skipIf(nodeHasIt)('finds no enableCompileCache in this Node', () => {
    expect(enableCompileCache(host, { XDG_CACHE_HOME: tempDir('qemu-review-cc-') })).toBe('unavailable');
  });

  it('reports a cache Node refuses or a call that throws as failed, without throwing', () => {
    const refusing: CompileCacheHost = {
      enableCompileCache: () => ({ status: 0, message: 'EACCES' }),
      constants: { compileCacheStatus: { FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 } },
    };
    expect(enableCompileCache(refusing, { XDG_CACHE_HOME: '/proc/none' })).toBe('failed');
    const throwing: CompileCacheHost = {
      enableCompileCache: () => {
        throw new Error('EROFS');
      },
    };
    expect(enableCompileCache(throwing, { XDG_CACHE_HOME: '/proc/none' })).toBe('failed');
  });

  it('asks Node for the directory under XDG_CACHE_HOME', () => {
    const asked: (string | undefined)[] = [];
    const recording: CompileCacheHost = {
      enableCompileCache: (dir) => (asked.push(dir), { status: 1 }),
      constants: { compileCacheStatus: { FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 } },
    };
    expect(enableCompileCache(recording, { XDG_CACHE_HOME: '/var/cache/me' })).toBe('enabled');
    expect(asked).toEqual(['/var/cache/me/qemu-review/v8']);
  });
});

describe('the command line and its cache', () => {
  const review = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [CLI, 'check', '--format', 'json', example], { encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: '', ...env } });

  it('reviews as usual when the cache directory cannot be made', () => {
    const dir = tempDir('qemu-review-cc-');
    // A file where the cache directory's parent should be: nothing can be created under it.
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const blocked = review({ XDG_CACHE_HOME: blocker });
    const plain = review({ XDG_CACHE_HOME: join(dir, 'cache') });
    expect(blocked.stderr).toBe('');
    expect(blocked.status).toBe(plain.status);
    expect(blocked.stdout).toBe(plain.stdout);
  }, 60_000);

  it.skipIf(!nodeHasIt)(
    'fills the cache under XDG_CACHE_HOME where Node has one',
    () => {
      const dir = tempDir('qemu-review-cc-');
      const run = review({ XDG_CACHE_HOME: dir });
      expect(run.stderr).toBe('');
      expect(existsSync(join(dir, 'qemu-review', 'v8'))).toBe(true);
    },
    60_000,
  );
});
