/**
 * The seed patch as a pull request, through the Action's code in this
 * process (the bundle in dist/ is rebuilt separately): one comment per doc
 * paragraph with its one suggestion, the copies of the same doc text a
 * short comment each, and every flagged line under a comment.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GitHub } from '@actions/github/lib/utils';
import { rules as allRules } from '../../rules/index.js';
import { chooseRules } from '../../src/config/config.js';
import { fetchPatch } from '../../src/github/commits.js';
import type { Octokit } from '../../src/github/octokit.js';
import { postPullReview } from '../../src/github/pull-review.js';
import { pullCommits, pullFiles, type Pull } from '../../src/github/pulls.js';
import { reviewSeries } from '../../src/github/series.js';
import { hasShared, shared } from '../support/shared.js';
import { diffOfPatch } from './fake-github.js';
import { fakeGitHubPerTest } from './fake-github-per-test.js';

const HEAD = '5e5d6e0f2b7c4a1d9e8f7a6b5c4d3e2f1a0b9c8d';
const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';

const startFake = fakeGitHubPerTest('qemu-review-demo', 'qemu');

describe.skipIf(!hasShared)('the seed patch as a pull request review', () => {
  it('at most 12 inline comments, one per doc paragraph, covering every flagged line', async () => {
    const github = await startFake();
    const patch = readFileSync(shared('seed', 'v6-16-19-original.eml'));
    github.addPull({ number: 19, headSha: HEAD, baseSha: BASE, commits: [{ sha: HEAD, patch }], diff: diffOfPatch(patch) });
    const octokit = new GitHub({ auth: 'ghs_fake_installation_token', baseUrl: github.apiUrl }) as unknown as Octokit;
    const pull: Pull = { owner: github.owner, repo: github.repo, pull_number: 19 };
    const commits = await pullCommits(octokit, pull);
    const series = await reviewSeries(
      commits,
      (sha, limit) => fetchPatch(octokit, { owner: github.owner, repo: github.repo }, sha, limit),
      chooseRules({ rules: {} }, allRules),
    );
    await postPullReview(octokit, pull, HEAD, series, await pullFiles(octokit, pull), { login: 'github-actions[bot]', how: 'the test' });

    const comments = github.comments;
    expect(comments.length).toBeGreaterThan(0);
    expect(comments.length).toBeLessThanOrEqual(12);
    // Every flagged line of the diff lies under an inline comment.
    const flagged = series.findings.filter((f) => f.tip).map((f) => `${f.tip!.path}:${f.tip!.line}`);
    const covered = (key: string) => {
      const [path, line] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
      return comments.some((c) => c.path === path && (c.start_line ?? c.line) <= line && line <= c.line);
    };
    expect(flagged.filter((k) => !covered(k))).toEqual([]);
    // No line carries two comments, and each paragraph gets one suggestion.
    const places = comments.map((c) => `${c.path}:${c.line}`);
    expect(new Set(places).size).toBe(places.length);
    const paragraph = comments.find((c) => c.path === 'qapi/migration.json' && c.line === 755)!;
    expect(paragraph.start_line).toBe(753);
    expect([...paragraph.body.matchAll(/```suggestion\n/g)]).toHaveLength(1);
    expect(paragraph.body).toContain('UNIX domain socket).');
    for (const rule of ['qapi/doc-line-width', 'qapi/sentence-spacing', 'qapi/wording']) expect(paragraph.body).toContain(`\`${rule}\``);
    // The copies of @backend-transfer's doc: named in the first comment, a short comment with its suggestion each.
    const first = comments.find((c) => c.path === 'qapi/migration.json' && c.line === 941)!;
    expect(first.body).toContain('Same at lines 1126 and 1127, and at lines 1342 and 1343.');
    const copy = comments.find((c) => c.path === 'qapi/migration.json' && c.line === 1127)!;
    expect(copy.body).toMatch(/the same as at line 940 \(see the comment there\)/);
    expect(copy.body).not.toContain('one space after');
    expect([...copy.body.matchAll(/```suggestion\n/g)]).toHaveLength(1);
  }, 60_000);
});
