/**
 * A change that edits the config it is reviewed with: the pull request's or series' own config
 * could turn rules off for itself, so the Action reviews it with its base's (src/github/base-config.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { repoPathOf } from '../../src/github/base-config.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../support/shared.js';
import type { FakeCommit, FakeGitHub } from './fake-github.js';
import { fakeGitHubPerTest } from './fake-github-per-test.js';
import { runAction, type PullRequestEvent } from './run-action.js';

const OWNER = 'qemu-review-demo';
const REPO = 'qemu';
const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';
const fixture = (name: string) => readFileSync(join(repoRoot, 'fixtures', 'github', name));
const event = (name: string): unknown => JSON.parse(fixture(name).toString('utf8'));
const EXAMPLE: FakeCommit = { sha: '2ecb4d63a48b9affde1ab5b13c12d7907e3a1df5', patch: readFileSync(join(repoRoot, 'fixtures', 'example.patch')) };
const MANY: FakeCommit = { sha: 'b40a8699cb3bffaa796e8466c5c902a6b4b8a6a0', patch: fixture('many-knobs.patch') };
const FOLLOWUP: FakeCommit = { sha: '88d869668d87d1609daf519666ac55d397b4918d', patch: fixture('pr-followup.patch') };
const LATIN1: FakeCommit = { sha: 'b42d6dd0db51d8ef2e386364739b32616f1fa0dd', patch: fixture('pr-latin1.patch') };
const PATCHES = [join(repoRoot, 'fixtures', 'example.patch'), join(repoRoot, 'fixtures', 'github', 'many-knobs.patch')];

const PATH = '.github/qemu-review.json';
const STRICT = JSON.stringify({ rules: { 'qapi/sentence-spacing': 'error' }, failOn: 'warning' });
/** What an author would like their own change reviewed with. */
const LAX = JSON.stringify({ rules: { qapi: 'off', c: 'off' }, failOn: 'never' });

const startFake = fakeGitHubPerTest(OWNER, REPO);

async function tagPush(files: { base?: string; head?: string }, workspace: Record<string, string>) {
  const github = await startFake();
  github.compare = { mergeBase: BASE, head: MANY.sha, commits: [EXAMPLE, MANY] };
  if (files.base !== undefined) github.files.set(BASE, new Map([[PATH, files.base]]));
  if (files.head !== undefined) github.files.set(MANY.sha, new Map([[PATH, files.head]]));
  const run = await runAction({ github, event: 'push', payload: event('event-push-tag.json'), inputs: { config: PATH }, workspace });
  return { github, run };
}

/** The CLI's findings on the same patches with these extra arguments, by severity (sentence-spacing raised when `strict`). */
async function expected(args: string[], strict: boolean): Promise<Record<string, string>> {
  const { stdout } = await runCli(['check', '--format', 'json', ...args, ...PATCHES]);
  const report = JSON.parse(stdout) as JsonReport;
  const levels = report.findings.map((f) => (strict && f.rule === 'qapi/sentence-spacing' ? 'error' : f.severity));
  const n = (s: string) => String(levels.filter((l) => l === s).length);
  return { findings: String(levels.length), errors: n('error'), warnings: n('warning'), notes: n('info'), reviewed: '2' };
}

const contentCalls = (github: FakeGitHub) => github.calls('repos/get-content').map((c) => [decodeURIComponent(c.params.path!), c.query.ref, c.status]);

describe('a change to the config it is reviewed with', () => {
  it('a series that loosens the config is reviewed with its base’s, and the summary says so', async () => {
    const { github, run } = await tagPush({ base: STRICT, head: LAX }, { [PATH]: LAX });
    expect(run.stderr).toBe('');
    expect(contentCalls(github)).toEqual([[PATH, BASE, 200]]);
    expect(run.outputs).toEqual(await expected([], true));
    // The base's failOn: warning, and there are findings.
    expect(run.status).toBe(1);
    expect(run.summary).toContain(`This change edits \`${PATH}\`: it is reviewed with the config of its base (\`${BASE.slice(0, 12)}\`)`);
    expect(github.checkRuns[0]!.output.summary).toContain(`This change edits \`${PATH}\``);
    expect(run.commands.some((c) => c.command === 'notice' && c.message.includes(`This change edits ${PATH}`))).toBe(true);
  }, 60_000);

  it('a series that adds a config is reviewed without it', async () => {
    const { github, run } = await tagPush({ head: LAX }, { [PATH]: LAX });
    expect(contentCalls(github)).toEqual([
      [PATH, BASE, 404],
      [PATH, MANY.sha, 200],
    ]);
    expect(run.outputs).toEqual(await expected([], false));
    expect(run.summary).toContain(`This change adds \`${PATH}\`: it is reviewed without it`);
  }, 60_000);

  it('a series that deletes the config is reviewed with its base’s', async () => {
    const { run } = await tagPush({ base: STRICT }, {});
    expect(run.stderr).toBe('');
    expect(run.outputs).toEqual(await expected([], true));
    expect(run.summary).toContain(`This change edits \`${PATH}\``);
  }, 60_000);

  it('a config the change leaves as it is applies, with no note', async () => {
    const { github, run } = await tagPush({ base: LAX, head: LAX }, { [PATH]: LAX });
    expect(contentCalls(github)).toEqual([[PATH, BASE, 200]]);
    expect(run.outputs).toEqual({ findings: '0', errors: '0', warnings: '0', notes: '0', reviewed: '2' });
    expect(run.summary).not.toContain('This change');
  }, 60_000);

  it('no checkout: the head’s config stands for the change’s; unchanged, a missing file is still an error', async () => {
    const unchanged = await tagPush({ base: LAX, head: LAX }, {});
    expect(unchanged.run.status).toBe(1);
    expect(unchanged.run.commands.filter((c) => c.command === 'error').map((c) => c.message)).toEqual([`qemu-review: ${PATH}: no such file`]);
    const loosened = await tagPush({ base: STRICT, head: LAX }, {});
    expect(loosened.run.outputs).toEqual(await expected([], true));
  }, 60_000);

  it('a pull request is compared with its base commit', async () => {
    const github = await startFake();
    github.addPull({ number: 7, headSha: LATIN1.sha, baseSha: BASE, commits: [EXAMPLE, FOLLOWUP, LATIN1], diff: fixture('pr-three-commits.diff') });
    github.files.set(BASE, new Map([[PATH, STRICT]]));
    const run = await runAction({
      github,
      event: 'pull_request',
      payload: event('event-pull-request.json') as PullRequestEvent,
      inputs: { config: PATH, mode: 'summary' },
      workspace: { [PATH]: LAX },
    });
    expect(contentCalls(github)).toEqual([[PATH, BASE, 200]]);
    expect(Number(run.outputs.findings)).toBeGreaterThan(0);
    expect(run.summary).toContain(`This change edits \`${PATH}\``);
  }, 60_000);
});

describe('repoPathOf', () => {
  it.each([
    ['/w', '/w/.github/qemu-review.json', '.github/qemu-review.json'],
    ['/w', '/w/qemu-review.json', 'qemu-review.json'],
    ['/w', '/elsewhere/qemu-review.json', null],
    ['/w', '/w', null],
  ])('%s, %s: %s', (workspace, file, path) => {
    expect(repoPathOf(workspace, file)).toBe(path);
  });
});
