/**
 * `qemu-review hook install`: the sendemail-validate hook, installed by the
 * built command line into throwaway repositories and run the ways git runs
 * it: `git hook run` (what git send-email calls), the script itself with
 * the arguments newer git passes (mail and SMTP header files), and a real
 * `git send-email --dry-run --validate`.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHAINED_NAME, HOOK_NAME, HookError, hooksDir, hookScript, installHook, isOurHook, MARKER } from '../../src/hooks/sendemail-validate.js';
import { BUILT_CLI, GitRepo, knobsSeries, requireBuild } from '../support/git-repo.js';
import { tempDir } from '../support/temp.js';

const install = (repo: GitRepo, ...args: string[]) => repo.run(process.execPath, [BUILT_CLI, 'hook', 'install', ...args]);
const uninstall = (repo: GitRepo, ...args: string[]) => repo.run(process.execPath, [BUILT_CLI, 'hook', 'uninstall', ...args]);
const hookPath = (repo: GitRepo): string => join(repo.dir, '.git', 'hooks', HOOK_NAME);
const FOREIGN = '#!/bin/sh\necho "earlier hook: $# args: $1 ${2:-}" >&2\nexit "${EARLIER_HOOK_STATUS:-0}"\n';

beforeAll(() => requireBuild());

/** Each test starts node (and git) several times: seconds apiece on a busy 2-core machine. */
const SLOW = 60_000;

describe('hook install / uninstall', () => {
  it(
    'writes an executable hook that names the qemu-review installing it',
    () => {
      const repo = GitRepo.create();
      const run = install(repo);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`installed ${hookPath(repo)}\n`);
      const text = readFileSync(hookPath(repo), 'utf8');
      expect(text.split('\n')).toContain(MARKER);
      expect(text).toContain(`cli='${BUILT_CLI}'`);
      expect(text).toContain(`node='${process.execPath}'`);
      expect(statSync(hookPath(repo)).mode & 0o111).toBe(0o111);
    },
    SLOW,
  );

  it(
    'keeps a hook already there, runs it first, and puts it back on uninstall',
    () => {
      const { repo, clean } = knobsSeries();
      writeFileSync(hookPath(repo), FOREIGN, { mode: 0o750 });
      const first = install(repo);
      expect(first.status).toBe(0);
      expect(first.stdout).toContain(`it runs ${join(repo.dir, '.git', 'hooks', CHAINED_NAME)} first`);
      expect(readFileSync(join(repo.dir, '.git', 'hooks', CHAINED_NAME), 'utf8')).toBe(FOREIGN);

      // Installing again rewrites ours and leaves the chained hook alone: no hook chained onto itself.
      expect(install(repo).stdout).toMatch(/^updated /);
      expect(
        readdirSync(join(repo.dir, '.git', 'hooks'))
          .filter((n) => n.startsWith(HOOK_NAME))
          .sort(),
      ).toEqual([HOOK_NAME, CHAINED_NAME]);
      expect(readFileSync(join(repo.dir, '.git', 'hooks', CHAINED_NAME), 'utf8')).toBe(FOREIGN);

      const ran = repo.run('git', ['hook', 'run', HOOK_NAME, '--', clean]);
      expect(ran.status).toBe(0);
      expect(ran.stderr.indexOf(`earlier hook: 1 args: ${clean}`)).toBeGreaterThanOrEqual(0);
      expect(ran.stderr.indexOf('earlier hook')).toBeLessThan(ran.stderr.indexOf('1 patch reviewed'));
      // The earlier hook refusing is enough: ours does not run.
      const refused = repo.run('git', ['hook', 'run', HOOK_NAME, '--', clean], { env: { EARLIER_HOOK_STATUS: '3' } });
      expect(refused.status).toBe(3);
      expect(refused.stderr).not.toContain('patch reviewed');

      const removed = uninstall(repo);
      expect(removed.status).toBe(0);
      expect(removed.stdout).toBe(`removed qemu-review's hook and put back the one it chained at ${hookPath(repo)}\n`);
      expect(readFileSync(hookPath(repo), 'utf8')).toBe(FOREIGN);
      expect(statSync(hookPath(repo)).mode & 0o777).toBe(0o750);
      expect(readdirSync(join(repo.dir, '.git', 'hooks')).filter((n) => n.startsWith(HOOK_NAME))).toEqual([HOOK_NAME]);
      // Nothing of ours left: uninstalling again refuses to touch the user's hook.
      const again = uninstall(repo);
      expect(again.status).toBe(2);
      expect(again.stderr).toBe(`qemu-review: ${hookPath(repo)} was not written by qemu-review: left as it is\n`);
      expect(readFileSync(hookPath(repo), 'utf8')).toBe(FOREIGN);
    },
    SLOW,
  );

  it(
    'uninstall without a chained hook removes ours; with no hook it says so',
    () => {
      const repo = GitRepo.create();
      expect(uninstall(repo).stdout).toBe(`no ${HOOK_NAME} hook in ${join(repo.dir, '.git', 'hooks')}: nothing to do\n`);
      install(repo);
      expect(uninstall(repo).stdout).toBe(`removed ${hookPath(repo)}\n`);
      expect(() => statSync(hookPath(repo))).toThrow();
    },
    SLOW,
  );

  it(
    'will not lose a hook: a leftover chained file next to a foreign hook is an error',
    () => {
      const repo = GitRepo.create();
      writeFileSync(hookPath(repo), FOREIGN, { mode: 0o755 });
      writeFileSync(join(repo.dir, '.git', 'hooks', CHAINED_NAME), 'older\n');
      expect(() => installHook(repo.dir, { node: process.execPath, cli: BUILT_CLI })).toThrow(HookError);
      expect(readFileSync(hookPath(repo), 'utf8')).toBe(FOREIGN);
      expect(readFileSync(join(repo.dir, '.git', 'hooks', CHAINED_NAME), 'utf8')).toBe('older\n');
    },
    SLOW,
  );

  it(
    'goes where git looks: core.hooksPath, and the main repository of a linked worktree',
    () => {
      const repo = GitRepo.create();
      repo.commit('base', { 'a.c': 'int a;\n' });
      // A relative core.hooksPath is relative to the top of the work tree, wherever git runs from.
      repo.git('config', 'core.hooksPath', 'my-hooks');
      mkdirSync(join(repo.dir, 'sub'));
      expect(hooksDir(join(repo.dir, 'sub'))).toBe(join(repo.dir, 'my-hooks'));
      expect(install(repo, '-C', join(repo.dir, 'sub')).stdout).toBe(`installed ${join(repo.dir, 'my-hooks', HOOK_NAME)}\n`);
      repo.git('config', '--unset', 'core.hooksPath');

      const linked = join(tempDir('qr-worktree-'), 'wt');
      repo.git('worktree', 'add', '-q', linked);
      expect(install(repo, '--repo', linked).stdout).toBe(`installed ${hookPath(repo)}\n`);
      expect(isOurHook(hookPath(repo))).toBe(true);
    },
    SLOW,
  );

  it(
    'outside a repository: a usage error naming the directory',
    () => {
      const dir = tempDir('qr-norepo-');
      const run = install(new GitRepo(dir), '-C', dir);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^qemu-review: '${dir}' is not in a git repository`));
    },
    SLOW,
  );
});

describe('the hook, run the way git runs it', () => {
  let repo: GitRepo;
  let patches: { clean: string; warnings: string; error: string };
  beforeAll(() => {
    const made = knobsSeries();
    repo = made.repo;
    patches = made;
    expect(install(repo).status).toBe(0);
  }, SLOW);

  it(
    'git hook run (what git send-email calls): an error refuses, warnings are shown and pass',
    () => {
      const error = repo.run('git', ['hook', 'run', HOOK_NAME, '--', patches.error]);
      expect(error.status).toBe(1);
      expect(error.stderr).toMatch(/^qapi\/knobs\.json:\d+:\d+: error: 'x-turbo' has the x- prefix .* \[qapi\/unstable-feature\]$/m);
      expect(error.stderr).toContain(`${HOOK_NAME}: qemu-review found errors in ${patches.error}: not sent`);

      const warnings = repo.run('git', ['hook', 'run', HOOK_NAME, '--', patches.warnings]);
      expect(warnings.status).toBe(0);
      expect(warnings.stderr).toMatch(/^qapi\/knobs\.json:9:71: warning: doc comment line is \d+ columns wide/m);
      expect(warnings.stderr).toMatch(/1 patch reviewed: 1 warning\n/);

      const clean = repo.run('git', ['hook', 'run', HOOK_NAME, '--', patches.clean]);
      expect(clean.status).toBe(0);
      expect(clean.stderr).toContain('1 patch reviewed: no findings');
    },
    SLOW,
  );

  it(
    'a cover letter has nothing to check and passes; a file that is no mail is refused',
    () => {
      const [cover] = repo.formatPatch('--cover-letter', '-1');
      const passed = repo.run('git', ['hook', 'run', HOOK_NAME, '--', cover!]);
      expect(passed.status).toBe(0);
      expect(passed.stderr).not.toContain('nothing checked');
      // Without the hook's --allow-empty, check alone says the cover letter held no patch.
      const bare = repo.run(process.execPath, [BUILT_CLI, 'check', cover!]);
      expect(bare.status).toBe(2);
      expect(bare.stderr).toMatch(
        /^qemu-review: nothing checked: no patch to review in the input \(1 message skipped: 1 cover letter\); --allow-empty makes that a pass$/m,
      );

      const junk = join(tempDir('qr-junk-'), 'junk.patch');
      writeFileSync(junk, Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0, 0]));
      const refused = repo.run('git', ['hook', 'run', HOOK_NAME, '--', junk]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('qemu-review: nothing checked: no patch to review in the input (1 message skipped: 1 unparseable)');
      expect(refused.stderr).toContain(`${HOOK_NAME}: qemu-review could not check ${junk} (exit status 2): not sent`);
    },
    SLOW,
  );

  it(
    'newer git passes the SMTP header file as $2: the mail is still what is checked',
    () => {
      const header = join(tempDir('qr-header-'), 'smtp-header');
      writeFileSync(header, 'From: Ada Example <ada@example.org>\nTo: list@example.org\nSubject: [PATCH] x\n');
      // From the top of the work tree with GIT_DIR set, standard input closed: as git runs hooks.
      const env = { GIT_DIR: join(repo.dir, '.git') };
      const error = repo.run(hookPath(repo), [patches.error, header], { env });
      expect(error.status).toBe(1);
      expect(error.stdout).toContain('[qapi/unstable-feature]');
      const clean = repo.run(hookPath(repo), [patches.clean, header], { env });
      expect(clean.status).toBe(0);
      expect(clean.stdout).toBe('1 patch reviewed: no findings\n');
    },
    SLOW,
  );

  it(
    'falls back to qemu-review on PATH when the recorded one is gone, and refuses when there is none',
    () => {
      const dir = tempDir('qr-fallback-');
      const script = join(dir, HOOK_NAME);
      writeFileSync(script, hookScript({ node: join(dir, 'no-node'), cli: join(dir, 'gone', 'main.js') }), { mode: 0o755 });
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'qemu-review'), `#!/bin/sh\nexec '${process.execPath}' '${BUILT_CLI}' "$@"\n`, { mode: 0o755 });
      const nodeDir = join(process.execPath, '..');
      const onPath = repo.run(script, [patches.error], { env: { PATH: `${bin}:${nodeDir}:/usr/bin:/bin` } });
      expect(onPath.status).toBe(1);
      expect(onPath.stdout).toContain('[qapi/unstable-feature]');
      expect(repo.run(script, [patches.clean], { env: { PATH: `${bin}:${nodeDir}:/usr/bin:/bin` } }).status).toBe(0);

      const none = repo.run(script, [patches.clean], { env: { PATH: '/usr/bin:/bin' } });
      expect(none.status).toBe(1);
      expect(none.stderr).toBe(
        `${HOOK_NAME}: qemu-review is neither at ${join(dir, 'gone', 'main.js')} nor on PATH: reinstall it, or send with --no-validate\n`,
      );
    },
    SLOW,
  );

  it(
    'a path with quotes and spaces survives the shell',
    () => {
      const dir = join(tempDir('qr-quote-'), 'it\'s a "dir" $HOME');
      mkdirSync(dir);
      const script = join(dir, HOOK_NAME);
      writeFileSync(script, hookScript({ node: process.execPath, cli: BUILT_CLI }), { mode: 0o755 });
      const mail = join(dir, "0001 it's.patch");
      writeFileSync(mail, readFileSync(patches.error));
      const run = repo.run(script, [mail]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`found errors in ${mail}`);
    },
    SLOW,
  );
});

// Without Debian's git-email (or its like), git has no send-email command and says so, exit 1.
const hasSendEmail = new GitRepo(tempDir('qr-probe-')).run('git', ['send-email', '--dump-aliases']).status === 0;
const requireSendEmail = process.env.CI === 'true';

describe('through a real git send-email --dry-run --validate', () => {
  it.runIf(!hasSendEmail && requireSendEmail)("git send-email is installed (CI installs Debian's git-email)", () => {
    expect.fail('git send-email is missing: .ci/run installs the git-email package');
  });

  it.skipIf(!hasSendEmail)(
    'refuses the patch with an error and sends (dry run) the others, cover letter included',
    () => {
      const { repo } = knobsSeries();
      expect(install(repo).status).toBe(0);
      // Nothing can leave: --dry-run, and a server that is no server.
      repo.git('config', 'sendemail.smtpServer', '/bin/false');
      const args = ['send-email', '--dry-run', '--validate', '--confirm=never', '--to=qemu-devel@example.org', '--suppress-cc=all'];

      const [cover, clean, warnings] = repo.formatPatch('--cover-letter', 'HEAD~3..HEAD~1');
      // As the user would: send-email itself refuses a cover letter left with its template subject.
      writeFileSync(
        cover!,
        readFileSync(cover!, 'utf8')
          .replace('*** SUBJECT HERE ***', 'knobs: a counter, and what speed means')
          .replace('*** BLURB HERE ***', 'Two small things.'),
      );
      const accepted = repo.run('git', [...args, cover!, clean!, warnings!]);
      expect(accepted.stderr).toMatch(/warning: doc comment line is \d+ columns wide/);
      expect(accepted.status).toBe(0);
      expect(accepted.stdout.match(/^Dry-OK\. Log says:$/gm)).toHaveLength(3);

      const [error] = repo.formatPatch('-1');
      const refused = repo.run('git', [...args, clean!, error!]);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('[qapi/unstable-feature]');
      expect(refused.stderr).toContain(`${error}: rejected by ${HOOK_NAME} hook`);
      expect(refused.stdout).not.toMatch(/Dry-OK/);

      // --no-validate is the user's way past it; and uninstalled, nothing checks.
      expect(repo.run('git', [...args.filter((a) => a !== '--validate'), '--no-validate', error!]).status).toBe(0);
      expect(uninstall(repo).status).toBe(0);
      expect(repo.run('git', [...args, error!]).status).toBe(0);
    },
    120_000,
  );
});
