/**
 * The b4 check command lines the README documents, run the way b4 runs
 * them: read from `.b4-config` / `~/.gitconfig` with `git config`, split as
 * shlex does, started from the top of the tree with `qemu-review` found on
 * PATH and one mail on standard input (no mbox `From ` line), and their
 * output read as b4 reads it.  The readers below follow b4's source
 * (mricon/b4 at 1f2f768): `LoreMessage.run_local_check` in
 * src/b4/__init__.py for the prep and am commands, `_run_external_cmd` in
 * src/b4/review/checks.py for review's.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, GitRepo, knobsSeries, requireBuild } from '../support/git-repo.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const SLOW = 60_000;

/** The README's code blocks under "### b4", as written. */
function documentedBlocks(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### b4\n');
  expect(start, 'README.md has a "### b4" section').toBeGreaterThan(0);
  const section = readme.slice(start + 1, readme.indexOf('\n## ', start));
  return [...section.matchAll(/^```\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** `git config -z --get-regexp 'b4\..*'` as b4 reads it: key to values, in order. */
function b4Config(repo: GitRepo, file?: string): Map<string, string[]> {
  const out = repo.run('git', ['config', ...(file ? ['--file', file] : []), '-z', '--get-regexp', 'b4\\..*']).stdout;
  const config = new Map<string, string[]>();
  for (const entry of out.split('\0').filter(Boolean)) {
    const [key, value] = entry.split('\n', 2) as [string, string];
    const name = key.split('.').at(-1)!.toLowerCase();
    config.set(name, [...(config.get(name) ?? []), value]);
  }
  return config;
}

/** shlex.shlex(posix=True, whitespace_split=True) on a line without quotes or escapes, which the README's are. */
function shlexSplit(command: string): string[] {
  expect(command, 'a documented command needs no shell quoting').not.toMatch(/['"\\#]/);
  return command.trim().split(/\s+/);
}

type Flag = 'fail' | 'warning' | 'success';

/** b4 prep --check / am --check: each stdout line a failure if it holds ERROR:, else a warning; stderr lines failures. */
function readLocalCheck(argv: string[], run: { status: number | null; stdout: string; stderr: string }): [Flag, string][] {
  const command = basename(argv[0]!);
  const report: [Flag, string][] = [];
  const lines = (text: string): string[] => (text.trim() ? text.trim().split('\n') : []);
  const out = lines(run.stdout);
  const err = lines(run.stderr);
  for (const line of out) report.push([line.includes('ERROR:') ? 'fail' : 'warning', `${command}: ${line.replace(/^-:/, '')}`]);
  for (const line of err) report.push(['fail', `${command}: ${line.replace(/^-:/, '')}`]);
  if (out.length === 0 && err.length === 0) {
    report.push(run.status ? ['fail', `${command}: Exited with error code ${run.status}`] : ['success', `${command}: passed all checks`]);
  }
  return report;
}

interface ReviewResult {
  tool: string;
  status: string;
  summary: string;
  url: string;
  details: string;
}

/** b4 review: the whole of stdout is one JSON value; a status outside pass|warn|fail counts as fail. */
function readReviewCheck(argv: string[], run: { status: number | null; stdout: string; stderr: string }): ReviewResult[] {
  const command = basename(argv[0]!);
  if (!run.stdout.trim())
    return run.status ? [{ tool: command, status: 'fail', summary: `exited with error code ${run.status}`, url: '', details: run.stderr.trim() }] : [];
  const parsed: unknown = JSON.parse(run.stdout);
  return (Array.isArray(parsed) ? parsed : [parsed])
    .filter((e): e is Record<string, string> => typeof e === 'object' && e !== null && !Array.isArray(e))
    .map((e) => ({
      tool: e.tool ?? command,
      status: ['pass', 'warn', 'fail'].includes(e.status ?? '') ? e.status! : 'fail',
      summary: e.summary ?? '',
      url: e.url ?? '',
      details: e.details ?? '',
    }));
}

describe('the documented b4 check commands, run as b4 runs them', () => {
  let repo: GitRepo;
  let mails: Record<'clean' | 'warnings' | 'error' | 'cover', Buffer>;
  let bin: string;

  beforeAll(() => {
    requireBuild();
    const series = knobsSeries();
    repo = series.repo;
    const [cover] = repo.formatPatch('--cover-letter', '-1');
    // b4 hands over the message as bytes, without the mbox envelope line format-patch starts with.
    const asB4 = (path: string): Buffer => Buffer.from(readFileSync(path, 'latin1').replace(/^From [0-9a-f]{40} .*\n/, ''), 'latin1');
    mails = { clean: asB4(series.clean), warnings: asB4(series.warnings), error: asB4(series.error), cover: asB4(cover!) };
    // qemu-review on PATH, as `npm install -g` puts it.
    bin = join(tempDir('qr-bin-'), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'qemu-review'), `#!/bin/sh\nexec '${process.execPath}' '${BUILT_CLI}' "$@"\n`, { mode: 0o755 });

    const [inTree, personal] = documentedBlocks();
    writeFileSync(join(repo.dir, '.b4-config'), inTree!);
    mkdirSync(repo.home, { recursive: true });
    writeFileSync(join(repo.home, '.gitconfig'), personal!);
  }, SLOW);

  const runAsB4 = (argv: string[], mail: Buffer) => {
    const run = spawnSync(argv[0]!, argv.slice(1), {
      cwd: repo.dir,
      input: mail,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      timeout: SLOW,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it(
    'prep-perpatch-check-cmd from the in-tree .b4-config: errors fail, warnings warn, a clean patch passes',
    () => {
      const commands = b4Config(repo, '.b4-config').get('prep-perpatch-check-cmd') ?? [];
      expect(commands).toHaveLength(1);
      const argv = shlexSplit(commands[0]!);

      const error = readLocalCheck(argv, runAsB4(argv, mails.error));
      expect(error.filter(([flag]) => flag === 'fail').map(([, line]) => line)).toEqual([
        expect.stringMatching(/^qemu-review: \d+: ERROR: 'x-turbo' has the x- prefix .* \[qapi\/unstable-feature\]$/),
      ]);

      const warnings = readLocalCheck(argv, runAsB4(argv, mails.warnings));
      expect(warnings.length).toBeGreaterThan(0);
      for (const [flag, line] of warnings) {
        expect(flag).toBe('warning');
        expect(line).toMatch(/^qemu-review: \d+: WARNING: .* \[qapi\/[a-z-]+\]$/);
      }
      // The line number points into the bytes b4 fed: the over-long doc line.
      const lineNo = Number(/^qemu-review: (\d+):/.exec(warnings.find(([, l]) => l.includes('doc-line-width'))![1])![1]);
      expect(mails.warnings.toString('latin1').split('\n')[lineNo - 1]).toMatch(/^\+# @speed: How fast the device runs, in turns per second/);

      expect(readLocalCheck(argv, runAsB4(argv, mails.clean))).toEqual([['success', 'qemu-review: passed all checks']]);
      expect(readLocalCheck(argv, runAsB4(argv, mails.cover))).toEqual([['success', 'qemu-review: passed all checks']]);
    },
    SLOW,
  );

  it(
    'am-perpatch-check-cmd from ~/.gitconfig reads the same way',
    () => {
      const commands = b4Config(repo).get('am-perpatch-check-cmd') ?? [];
      expect(commands).toHaveLength(1);
      const argv = shlexSplit(commands[0]!);
      expect(readLocalCheck(argv, runAsB4(argv, mails.error)).some(([flag, line]) => flag === 'fail' && line.includes('[qapi/unstable-feature]'))).toBe(true);
      expect(readLocalCheck(argv, runAsB4(argv, mails.clean))).toEqual([['success', 'qemu-review: passed all checks']]);
    },
    SLOW,
  );

  it(
    'review-perpatch-check-cmd from ~/.gitconfig: one JSON array b4 keeps whole',
    () => {
      const commands = b4Config(repo).get('review-perpatch-check-cmd') ?? [];
      expect(commands).toHaveLength(1);
      const argv = shlexSplit(commands[0]!);

      const [error, ...more] = readReviewCheck(argv, runAsB4(argv, mails.error));
      expect(more).toEqual([]);
      expect(error).toMatchObject({ tool: 'qemu-review', status: 'fail', summary: expect.stringMatching(/^1 error(, \d+ warnings?)?$/), url: '' });
      const details = JSON.parse(error!.details) as { status: string; description: string }[];
      expect(details.find((d) => d.status === 'fail')?.description).toMatch(
        /^qapi\/knobs\.json:\d+:\d+: 'x-turbo' has the x- prefix .* \[qapi\/unstable-feature\]$/,
      );

      expect(readReviewCheck(argv, runAsB4(argv, mails.warnings))).toEqual([expect.objectContaining({ tool: 'qemu-review', status: 'warn' })]);
      expect(readReviewCheck(argv, runAsB4(argv, mails.clean))).toEqual([
        { tool: 'qemu-review', status: 'pass', summary: 'no findings', url: '', details: '' },
      ]);
      // Nothing to say about a cover letter: b4 shows no row for it.
      expect(readReviewCheck(argv, runAsB4(argv, mails.cover))).toEqual([]);
    },
    SLOW,
  );
});
