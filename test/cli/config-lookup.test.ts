/**
 * The config is found where it lives: the nearest .qemu-review.json above
 * the --tree, else above the current directory; --config names another,
 * --no-config reads none.  Its `exclude` leaves files of a patch unreviewed
 * and says so.  Options a format never reads are warned about, and every
 * usage error, commander's included, carries one prefix.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { distrust, findConfig, type PassedOver } from '../../src/config/find-config.js';
import { globRegExp } from '../../src/config/path-glob.js';
import type { JsonReport } from '../../src/report/json.js';
import { rules as allRules } from '../../rules/index.js';
import { BUILT_CLI, requireBuild } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';

const example = resolve('fixtures/example.patch');
const SLOW = 60_000;

/** The built CLI from `cwd`, as a user runs it. */
function cliIn(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd, encoding: 'utf8', timeout: SLOW });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const rulesOf = (stdout: string): Set<string> => new Set((JSON.parse(stdout) as JsonReport).findings.map((f) => f.rule.split('/')[0]!));

describe('where the config is found', () => {
  const root = tempDir('qr-lookup-');
  const project = join(root, 'project');
  const deep = join(project, 'a', 'b');
  const tree = join(root, 'tree');
  const treeSub = join(tree, 'sub');
  beforeAll(() => {
    requireBuild();
    mkdirSync(deep, { recursive: true });
    mkdirSync(treeSub, { recursive: true });
    writeFileSync(join(project, '.qemu-review.json'), JSON.stringify({ rules: { qapi: 'off' } }));
    writeFileSync(join(tree, '.qemu-review.json'), JSON.stringify({ rules: { c: 'off' } }));
  });

  it('finds the nearest one, the tree first', () => {
    expect(findConfig([deep])).toBe(join(project, '.qemu-review.json'));
    expect(findConfig([treeSub, deep])).toBe(join(tree, '.qemu-review.json'));
    // A directory of that name is no config.
    mkdirSync(join(deep, '.qemu-review.json'));
    expect(findConfig([deep])).toBe(join(project, '.qemu-review.json'));
  });

  it.each([
    { owner: 1000, mode: 0o644, uid: 1000, why: null },
    { owner: 0, mode: 0o644, uid: 1000, why: null },
    { owner: 1000, mode: 0o664, uid: 1000, why: null },
    { owner: 4242, mode: 0o644, uid: 1000, why: 'it belongs to another user (uid 4242)' },
    { owner: 1000, mode: 0o666, uid: 1000, why: 'anyone may write it' },
    { owner: 4242, mode: 0o666, uid: null, why: null },
  ])('a config of uid $owner, mode $mode, run by uid $uid: $why', ({ owner, mode, uid, why }) => {
    expect(distrust({ uid: owner, mode: 0o100000 | mode }, uid)).toBe(why);
  });

  it('passes over a config anyone may write, says why, and goes on to the next one up', () => {
    const shared = join(project, 'shared-tmp');
    mkdirSync(shared, { recursive: true });
    const planted = join(shared, '.qemu-review.json');
    writeFileSync(planted, JSON.stringify({ rules: {}, failOn: 'never' }));
    chmodSync(planted, 0o666);
    const skipped: PassedOver[] = [];
    expect(findConfig([shared], { passedOver: (p) => skipped.push(p) })).toBe(join(project, '.qemu-review.json'));
    expect(skipped).toEqual([{ path: planted, why: 'anyone may write it' }]);
  });

  it.skipIf(process.getuid?.() !== 0)("passes over another user's config (as root, who can give one away)", () => {
    const other = join(root, 'other-user');
    mkdirSync(other, { recursive: true });
    const planted = join(other, '.qemu-review.json');
    writeFileSync(planted, '{}');
    chownSync(planted, 4242, 4242);
    const skipped: PassedOver[] = [];
    expect(findConfig([other], { uid: 1000, passedOver: (p) => skipped.push(p) })).toBeNull();
    expect(skipped).toEqual([{ path: planted, why: 'it belongs to another user (uid 4242)' }]);
  });

  it(
    'the CLI ignores a config anyone may write, with a warning, unless --config names it',
    () => {
      const open = join(root, 'open');
      mkdirSync(open, { recursive: true });
      const planted = join(open, '.qemu-review.json');
      writeFileSync(planted, JSON.stringify({ rules: { qapi: 'off', c: 'off' }, failOn: 'never' }));
      chmodSync(planted, 0o666);
      const run = cliIn(open, ['check', '--format', 'json', example]);
      expect(run.stderr).toBe(`qemu-review: warning: ignoring the config ${planted}: anyone may write it (name it with --config to use it)\n`);
      expect(rulesOf(run.stdout).has('qapi')).toBe(true);
      // The example has warnings: with the planted failOn it would have passed.
      expect(run.status).toBe(1);
      const named = cliIn(open, ['check', '--format', 'json', '--config', planted, example]);
      expect(named.stderr).toBe('');
      expect(rulesOf(named.stdout).has('qapi')).toBe(false);
      expect(named.status).toBe(0);
    },
    SLOW,
  );

  it(
    'the CLI reads the one above the current directory, the one above --tree before it; --config and --no-config win',
    () => {
      const inDeep = cliIn(deep, ['check', '--format', 'json', '--fail-on', 'never', example]);
      expect(inDeep.status).toBe(0);
      expect(rulesOf(inDeep.stdout).has('qapi')).toBe(false);
      expect(rulesOf(inDeep.stdout).has('c')).toBe(true);

      const withTree = rulesOf(cliIn(deep, ['check', '--format', 'json', '--fail-on', 'never', '--tree', treeSub, example]).stdout);
      expect(withTree.has('c')).toBe(false);
      expect(withTree.has('qapi')).toBe(true);

      const named = join(root, 'other.json');
      writeFileSync(named, JSON.stringify({ rules: { patch: 'off', c: 'off' } }));
      const explicit = rulesOf(cliIn(deep, ['check', '--format', 'json', '--fail-on', 'never', '--config', named, example]).stdout);
      expect(explicit.has('qapi')).toBe(true);
      expect(explicit.has('c')).toBe(false);

      const none = rulesOf(cliIn(deep, ['check', '--format', 'json', '--fail-on', 'never', '--no-config', example]).stdout);
      expect(none.has('qapi') && none.has('c')).toBe(true);
    },
    SLOW,
  );

  it(
    'a broken config found by looking is named by its path',
    () => {
      const broken = join(root, 'broken');
      mkdirSync(broken);
      writeFileSync(join(broken, '.qemu-review.json'), '{ "rules": ');
      const run = cliIn(broken, ['check', example]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^qemu-review: ${join(broken, '.qemu-review.json').replace(/[.]/g, '\\.')}: not valid JSON`));
    },
    SLOW,
  );
});

describe('exclude', () => {
  const dir = tempDir('qr-exclude-');
  const config = (value: unknown): string => {
    const path = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('path patterns: * within a directory, ** across them, ? one character, a trailing / a whole directory', () => {
    const m = (pattern: string, path: string) => globRegExp(pattern).test(path);
    expect(m('tests/qapi-schema/**', 'tests/qapi-schema/a/b.json')).toBe(true);
    expect(m('tests/qapi-schema/**', 'tests/qapi-schema.json')).toBe(false);
    expect(m('qapi/*.json', 'qapi/migration.json')).toBe(true);
    expect(m('qapi/*.json', 'qapi/sub/migration.json')).toBe(false);
    expect(m('**/*.h', 'include/qemu/list-helpers.h')).toBe(true);
    expect(m('**/*.h', 'top.h')).toBe(true);
    expect(m('qapi/m?gration.json', 'qapi/migration.json')).toBe(true);
    expect(m('include/', 'include/qemu/x.h')).toBe(true);
    expect(m('qapi/migration.json', 'qapi/migrationXjson')).toBe(false);
  });

  it('excluded files get no findings, and the JSON and the summary say which', async () => {
    const path = config({ exclude: ['qapi/**'] });
    const { stdout } = await runCli(['check', '--format', 'json', '--config', path, example]);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.file.startsWith('qapi/'))).toEqual([]);
    expect(report.messages[0]!.excluded).toEqual(['qapi/migration.json']);
    const text = await runCli(['check', '--config', path, example]);
    expect(text.stdout.trim().split('\n').at(-1)).toBe('1 patch reviewed (1 file in them excluded by the config): 1 note');
    // Without the exclude, the same run has its qapi findings.
    expect(
      (JSON.parse((await runCli(['check', '--format', 'json', '--config', config({}), example])).stdout) as JsonReport).findings.some((f) =>
        f.file.startsWith('qapi/'),
      ),
    ).toBe(true);
  });

  it(
    'the same on worker threads',
    async () => {
      const path = config({ exclude: ['**/*.h', 'migration/'] });
      // Past the length a run stays on one thread for (src/review/parallel.ts).
      const input = Array.from({ length: 60 }, () => readExample()).join('\n');
      const { stdout } = await runCli(['check', '--format', 'json', '--jobs', '2', '--config', path, '-'], input);
      const report = JSON.parse(stdout) as JsonReport;
      expect(report.messages.map((m) => m.excluded)).toEqual(Array(60).fill(['include/qemu/list-helpers.h', 'migration/knobs.c']));
      expect(report.findings.filter((f) => !f.file.startsWith('qapi/') && f.file !== '/COMMIT_MSG')).toEqual([]);
    },
    SLOW,
  );

  it('a pattern that cannot be used is a config error naming it', () => {
    expect(() => parseConfig('{ "exclude": "qapi/**" }', 'c.json', allRules)).toThrow('c.json: exclude: expected an array of path patterns, found "qapi/**"');
    expect(() => parseConfig('{ "exclude": ["/qapi/x.json"] }', 'c.json', allRules)).toThrow(
      'c.json: exclude[0]: "/qapi/x.json": patch paths have no leading slash',
    );
    expect(() => parseConfig('{ "exclude": [3] }', 'c.json', allRules)).toThrow('c.json: exclude[0]: expected a path pattern, found number 3');
  });
});

describe('how the command line speaks', () => {
  it('warns about an option the chosen format ignores, and still runs', async () => {
    const run = await runCli(['check', '--format', 'json', '--from', 'Bot <bot@example.org>', '--b4-url', 'https://ci.example.org', '--no-color', example]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        'qemu-review: warning: --from is ignored by --format json (it is for --format email)',
        'qemu-review: warning: --b4-url is ignored by --format json (it is for --format b4-review)',
        'qemu-review: warning: --no-color is ignored by --format json (it is for --format text)',
        '',
      ].join('\n'),
    );
    expect((await runCli(['check', '--format', 'b4-review', '--b4-url', 'https://ci.example.org', example])).stderr).toBe('');
    expect((await runCli(['check', '--format', 'email', '--from', 'Bot <bot@example.org>', '--summary', example])).stderr).not.toContain('warning');
  });

  it('every usage error has the one prefix, those commander finds too', async () => {
    const first = async (args: string[]) => (await runCli(args)).stderr.split('\n')[0];
    expect(await first(['check', '--bogus', example])).toBe("qemu-review: unknown option '--bogus'");
    expect(await first(['check', '--format', 'xml', example])).toMatch(/^qemu-review: option '-f, --format <format>' argument 'xml' is invalid\./);
    expect(await first(['no-such-command'])).toBe("qemu-review: unknown command 'no-such-command'");
    expect(await first(['check', '--jobs', 'many', example])).toMatch(/^qemu-review: option '-j, --jobs <n>' argument 'many' is invalid\./);
    expect(await first(['check', '--rule', 'no/such', example])).toBe("qemu-review: unknown rule 'no/such' (`qemu-review rules` lists them)");
  });
});

function readExample(): string {
  return readFileSync(example, 'utf8');
}
