/**
 * A force-push to a pull request is a new version: the bot's own threads
 * whose point is fixed are resolved through GraphQL, the others are named as
 * still open, and nobody else's thread is ever touched, whatever marker it
 * copies.  Run as the runner runs the bundled Action, against the fake GitHub.
 */
import { describe, expect, it } from 'vitest';
import { newFileDiff } from '../support/patches.js';
import { diffOfPatch, RESOLVE_THREAD, type FakeCommit, type FakeGitHub, type ReviewComment } from './fake-github.js';
import { fakeGitHubPerTest } from './fake-github-per-test.js';
import { runAction } from './run-action.js';

const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';
const V1_SHA = '1111111111111111111111111111111111111111';
const V2_SHA = '2222222222222222222222222222222222222222';

const schema = (doc: string[]): string =>
  newFileDiff(
    'qapi/gadget.json',
    [
      '##',
      '# @Gadget:',
      '#',
      '# A gadget.',
      '#',
      ...doc,
      '#',
      '# Since: 11.0',
      '##',
      "{ 'struct': 'Gadget', 'data': { 'size': 'int', 'name': 'str' } }",
      '',
    ].join('\n'),
  );

const commit = (sha: string, doc: string[]): FakeCommit => ({
  sha,
  patch: Buffer.from(
    [
      `From ${sha} Mon Sep 17 00:00:00 2001`,
      'From: Ada Example <ada@example.org>',
      'Date: Fri, 20 Nov 2026 09:00:00 +0100',
      'Subject: [PATCH] qapi: add Gadget',
      '',
      'A gadget for the tests.',
      '',
      'Signed-off-by: Ada Example <ada@example.org>',
      '---',
      schema(doc) + '-- ',
      '2.51.0',
      '',
    ].join('\n'),
  ),
});

// v1: a single space after "bytes." and after "name."; v2 fixes the first only.
const V1 = commit(V1_SHA, ['# @size: The size in bytes. Zero means none.', '#', '# @name: The name. Any will do.']);
const V2 = commit(V2_SHA, ['# @size: The size in bytes.  Zero means none.', '#', '# @name: The name. Any will do.']);

const startFake = fakeGitHubPerTest('qemu-review-demo', 'qemu');

function payload(head: string, before: string | null): Record<string, unknown> {
  return {
    action: before === null ? 'opened' : 'synchronize',
    number: 9,
    ...(before === null ? {} : { before, after: head }),
    pull_request: { number: 9, title: 'qapi: add Gadget', head: { sha: head }, base: { sha: BASE } },
    repository: { name: 'qemu', owner: { login: 'qemu-review-demo' }, default_branch: 'master' },
  };
}

async function version(github: FakeGitHub, c: FakeCommit, before: string | null) {
  github.addPull({ number: 9, headSha: c.sha, baseSha: BASE, commits: [c], diff: diffOfPatch(c.patch) });
  const run = await runAction({ github, event: 'pull_request', payload: payload(c.sha, before) });
  expect(run.stderr).toBe('');
  return run;
}

const about = (word: string) => (c: ReviewComment) => c.body.includes(`one space after "${word}."`);

describe('a force-pushed pull request', () => {
  it('resolves the threads whose finding is fixed, and only those; says which are still open', async () => {
    const github = await startFake();
    await version(github, V1, null);
    expect(github.calls(RESOLVE_THREAD)).toEqual([]);
    const bytes = github.comments.find(about('bytes'))!;
    const name = github.comments.find(about('name'))!;
    expect(bytes).toBeDefined();
    expect(name).toBeDefined();
    const ours = github.comments.filter((c) => c.user.login === 'github-actions[bot]').map((c) => c.id);

    const run = await version(github, V2, V1_SHA);
    // The bytes thread is resolved, kept as the record of the v1 review; nothing else is.
    expect(github.calls(RESOLVE_THREAD).map((c) => (c.body as { variables: { threadId: string } }).variables.threadId)).toEqual([`PRRT_${bytes.id}`]);
    expect([...github.resolvedThreads]).toEqual([bytes.id]);
    expect(github.comments.find((c) => c.id === bytes.id)).toEqual(bytes);
    expect(github.calls('pulls/delete-review-comment').map((c) => Number(c.params.comment_id))).not.toContain(bytes.id);
    // The name thread is still open, and the summary says so.
    expect(ours).toContain(name.id);
    expect(run.summary).toContain(
      "Since the previous version (`111111111111`): one thread of qemu-review's earlier review is fixed and resolved; still open: `qapi/sentence-spacing`",
    );
    expect(run.summary).toMatch(/still open: `qapi\/sentence-spacing` \(one space after "name\."[^)]*\) in `qapi\/gadget\.json`/);

    // Run again on the same version: nothing more to resolve.
    const before = github.log.length;
    await version(github, V2, V1_SHA);
    expect(github.log.slice(before).filter((l) => l.operationId === RESOLVE_THREAD)).toEqual([]);
  }, 90_000);

  it("never resolves a thread someone else started, even one copying the bot's comment and marker", async () => {
    const github = await startFake();
    await version(github, V1, null);
    const bytes = github.comments.find(about('bytes'))!;
    // Mallory copies the bot's comment, marker and all, into a thread of her own.
    const copy = github.addComment(9, 'mallory', bytes.body, { path: bytes.path, line: bytes.line });
    const run = await version(github, V2, V1_SHA);
    expect(github.resolvedThreads.has(copy.id)).toBe(false);
    expect([...github.resolvedThreads]).toEqual([bytes.id]);
    expect(github.comments.find((c) => c.id === copy.id)).toEqual(copy);
    expect(run.summary).toContain('one thread of qemu-review');
  }, 90_000);

  it('a push that is not a new version (opened, reopened) resolves nothing', async () => {
    const github = await startFake();
    await version(github, V1, null);
    await version(github, V2, null);
    expect(github.calls(RESOLVE_THREAD)).toEqual([]);
    expect(github.calls('graphql').length).toBeGreaterThan(0);
  }, 90_000);
});
