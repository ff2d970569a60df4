/**
 * The Action against a hostile pull request: comments and reviews by other
 * people carrying copied markers, names and HTML from the patch, a GitHub
 * that answers 500, and a patch of a megabyte.  Run as the runner runs it,
 * against the local GitHub that checks every request against GitHub's
 * OpenAPI description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { largeQapiPatch } from '../../src/bench/large-qapi.js';
import { repoRoot } from '../support/shared.js';
import { diffOfPatch, FakeGitHub, type FakeCommit } from './fake-github.js';
import { OpenApiCheck } from './openapi-check.js';
import { runAction } from './run-action.js';

const OWNER = 'qemu-review-demo';
const REPO = 'qemu';
const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';
const HEAD = 'b42d6dd0db51d8ef2e386364739b32616f1fa0dd';
const fixture = (name: string) => readFileSync(join(repoRoot, 'fixtures', 'github', name));

let github: FakeGitHub;

beforeAll(() => {
  OpenApiCheck.get();
});

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.stop();
});

async function start(): Promise<FakeGitHub> {
  github = await new FakeGitHub(OWNER, REPO).start();
  return github;
}

/** Pull request #7 with one commit, whose patch is `patch`, at HEAD. */
function onePatchPull(patch: Buffer): FakeCommit {
  const commit: FakeCommit = { sha: HEAD, patch };
  github.addPull({ number: 7, headSha: HEAD, baseSha: BASE, commits: [commit], diff: diffOfPatch(patch) });
  return commit;
}

function pullEvent(): Record<string, any> {
  const payload = JSON.parse(fixture('event-pull-request.json').toString('utf8')) as Record<string, any>;
  payload.pull_request.head.sha = HEAD;
  return payload;
}

describe('a patch of a megabyte', () => {
  it('is reviewed through the Action, every finding accounted for', async () => {
    await start();
    const patch = largeQapiPatch(1_000_000);
    expect(patch.length).toBeGreaterThan(950_000);
    onePatchPull(patch);
    const run = await runAction({ github, event: 'pull_request', payload: pullEvent(), inputs: { 'fail-on': 'never' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Number(run.outputs.findings)).toBeGreaterThan(10_000);
    expect(github.reviews).toHaveLength(1);
    expect(github.comments).toHaveLength(30);
  }, 120_000);
});
