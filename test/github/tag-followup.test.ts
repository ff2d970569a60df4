/**
 * A patchew tag pushed for a new version of a series: the Action finds the
 * previous version's tag (same sender, sent earlier, a patch subject in
 * common), reviews it, and puts the follow-up in the check run's summary.
 * Run as the runner runs the bundled Action, against the fake GitHub.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newFileDiff } from '../support/patches.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import type { FakeCommit, FakeGitHub } from './fake-github.js';
import { fakeGitHubPerTest } from './fake-github-per-test.js';
import { runAction } from './run-action.js';

const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';

const schema = (name: string, doc: string[]): string =>
  newFileDiff(
    `qapi/${name.toLowerCase()}.json`,
    ['##', `# @${name}:`, '#', ...doc, '#', '# Since: 12.0', '##', `{ 'struct': '${name}', 'data': { 'size': 'int', 'name': 'str' } }`, ''].join('\n'),
  );

const commit = (sha: string, subject: string, diff: string): FakeCommit => ({
  sha,
  patch: Buffer.from(
    [
      `From ${sha} Mon Sep 17 00:00:00 2001`,
      'From: Ada Example <ada@example.org>',
      'Date: Fri, 20 Nov 2026 09:00:00 +0100',
      `Subject: [PATCH] ${subject}`,
      '',
      'For the tests.',
      '',
      'Signed-off-by: Ada Example <ada@example.org>',
      '---',
      `${diff}-- `,
      '2.51.0',
      '',
    ].join('\n'),
  ),
});

// v1: single spaces after "bytes." (line 4) and "name." (line 6); v2 fixes the first, moves the second to line 8.
const V1 = commit(
  '1111111111111111111111111111111111111111',
  'qapi: add Gadget',
  schema('Gadget', ['# @size: The size in bytes. Zero means none.', '#', '# @name: The name. Any will do.']),
);
const V2 = commit(
  '2222222222222222222222222222222222222222',
  'qapi: add Gadget',
  schema('Gadget', ['# @size: The size in bytes.  Zero means none.', '#', '# @kind: The kind.', '#', '# @name: The name. Any will do.']),
);
// Another series of the same sender, sent between the two; the same subject by someone else.
const OTHER = commit('3333333333333333333333333333333333333333', 'qapi: add Widget', schema('Widget', ['# @size: The size. Any will do.']));
const BOB = commit('4444444444444444444444444444444444444444', 'qapi: add Gadget', schema('Gadget', ['# @size: Bytes. Or not.']));

const TAG_V1 = 'patchew/20261120090000.1111-1-ada@example.org';
const TAG_OTHER = 'patchew/20261122090000.3333-1-ada@example.org';
const TAG_BOB = 'patchew/20261123090000.4444-1-bob@example.org';
const TAG_V2 = 'patchew/20261125090000.2222-1-ada@example.org';

const startFake = fakeGitHubPerTest('qemu-review-demo', 'qemu');

function pushEvent(tag: string, sha: string): Record<string, unknown> {
  const payload = JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'github', 'event-push-tag.json'), 'utf8')) as Record<string, unknown>;
  return { ...payload, ref: `refs/tags/${tag}`, after: sha };
}

function series(github: FakeGitHub, tag: string, c: FakeCommit): void {
  github.tags.set(tag, c.sha);
  github.compares.push({ mergeBase: BASE, head: c.sha, commits: [c] });
}

const fenced = (summary: string): string => /^```\n([\s\S]*?)\n```$/m.exec(summary)?.[1] ?? '';

describe('a patchew tag of a new version', () => {
  it("shows the follow-up on the previous version's tag in the check run", async () => {
    const github = await startFake();
    series(github, TAG_V1, V1);
    series(github, TAG_OTHER, OTHER);
    series(github, TAG_BOB, BOB);
    series(github, TAG_V2, V2);
    const run = await runAction({ github, event: 'push', payload: pushEvent(TAG_V2, V2.sha), inputs: { 'fail-on': 'never' } });
    expect(run.stderr).toBe('');
    expect(github.calls('git/list-matching-refs').map((c) => c.params.ref)).toEqual(['tags/patchew/']);
    // The newest earlier tag of the same sender first; it has no patch in common, so the one before; never Bob's.
    expect(github.calls('repos/compare-commits-with-basehead').map((c) => c.params.basehead)).toEqual([
      `master...${V2.sha}`,
      `master...${OTHER.sha}`,
      `master...${V1.sha}`,
    ]);
    const [check] = github.checkRuns;
    const summary = check!.output.summary!;
    expect(summary).toContain('### Follow-up on the earlier version');
    expect(summary).toContain(`The earlier version of this series is tag \`${TAG_V1}\` (\`111111111111\`).`);
    const text = fenced(summary).split('\n');
    expect(text).toContain(
      'This version takes 1 of the 2 points of the review of the earlier version; still open: one space after "name." (line 8, flagged in the earlier version at 6).',
    );
    expect(text).toContain('Points of the review of the earlier version:');
    expect(text.filter((l) => /^ {2}(fixed|open|new) /.test(l))).toEqual([
      '  fixed  qapi/gadget.json:4 -> 4: one space after "bytes."; separate sentences with two spaces [qapi/sentence-spacing]',
      '  open   qapi/gadget.json:6 -> 8: one space after "name."; separate sentences with two spaces [qapi/sentence-spacing]',
    ]);
    expect(run.summary).toContain(`Follow-up on the earlier version, tag \`${TAG_V1}\``);
  }, 90_000);

  it('a tag with no earlier version says nothing about a follow-up', async () => {
    const github = await startFake();
    series(github, TAG_BOB, BOB);
    series(github, TAG_OTHER, OTHER);
    series(github, TAG_V1, V1);
    const run = await runAction({ github, event: 'push', payload: pushEvent(TAG_V1, V1.sha), inputs: { 'fail-on': 'never' } });
    expect(run.stderr).toBe('');
    expect(github.calls('repos/compare-commits-with-basehead').map((c) => c.params.basehead)).toEqual([`master...${V1.sha}`]);
    const summary = github.checkRuns[0]!.output.summary!;
    expect(summary).not.toMatch(/follow-up|earlier version/i);
    expect(run.summary).not.toMatch(/follow-up|earlier version/i);
  }, 90_000);
});

describe.skipIf(!hasShared)('the seed series as patchew tags', () => {
  it('v7 pushed after v6: the check run says v7 takes all but the sentence spacing at 753 -> 777', async () => {
    const github = await startFake();
    const v6: FakeCommit = { sha: '6666666666666666666666666666666666666666', patch: readFileSync(shared('seed', 'v6-16-19-original.eml')) };
    const v7: FakeCommit = { sha: '7777777777777777777777777777777777777777', patch: readFileSync(shared('seed', 'v7-16-19-review-addressed.eml')) };
    series(github, 'patchew/20250923100110.70862-1-vsementsov@yandex-team.ru', v6);
    series(github, 'patchew/20251010173957.166759-1-vsementsov@yandex-team.ru', v7);
    const run = await runAction({
      github,
      event: 'push',
      payload: pushEvent('patchew/20251010173957.166759-1-vsementsov@yandex-team.ru', v7.sha),
      inputs: { 'fail-on': 'never' },
    });
    expect(run.stderr).toBe('');
    const text = fenced(github.checkRuns[0]!.output.summary!).split('\n');
    const open = text.filter((l) => l.startsWith('  open '));
    expect(open).toEqual([
      '  open   qapi/migration.json:753 -> 777: one space after "virtio-net/tap."; separate sentences with two spaces [qapi/sentence-spacing]',
    ]);
    expect(text.filter((l) => l.startsWith('  fixed ')).length).toBeGreaterThanOrEqual(15);
    expect(text.filter((l) => l.startsWith('  new '))).toEqual([]);
    expect(
      text.some((l) =>
        /^This version takes \d+ of the \d+ points of the review of the earlier version; still open: one space after "virtio-net\/tap\." \(line 777, flagged in the earlier version at 753\)\.$/.test(
          l,
        ),
      ),
    ).toBe(true);
  }, 120_000);
});
