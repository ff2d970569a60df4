/** The Action bounds the work of a whole pull request, not only of each commit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { PatchTooLargeError, reviewSeries, type SeriesCommit } from '../../src/github/series.js';
import { repoRoot } from '../support/shared.js';

const example = readFileSync(join(repoRoot, 'fixtures', 'example.patch'));
const commits: SeriesCommit[] = ['1', '2', '3', '4'].map((n) => ({ sha: n.repeat(40), parents: 1, title: `commit ${n}` }));
const choice = { rules: rules.filter((r) => r.meta.id === 'qapi/doc-line-width'), severity: {} };

/** A source that serves the example patch for every commit, as GitHub does: refusing past the limit, and recording what it was asked. */
function source(asked: string[]) {
  return async (sha: string, limit: number): Promise<Buffer> => {
    asked.push(sha);
    if (example.length > limit) throw new PatchTooLargeError(limit + 1, limit);
    return example;
  };
}

describe('the size limits of a pull request', () => {
  it('reviews the commits that fit in the series budget, reports the rest as too large, and fetches none past it', async () => {
    const asked: string[] = [];
    // Each commit fits the per-commit limit; two and a half fit the series budget.
    const series = await reviewSeries(commits, source(asked), choice, example.length * 2, Math.floor(example.length * 2.5));
    expect(series.results.map((r) => r.status)).toEqual(['reviewed', 'reviewed', 'skipped', 'skipped']);
    for (const r of series.results.slice(2)) {
      expect(r.reason?.text).toBe(
        `too large to review: the patches of the pull request up to this commit are over the limit of ${Math.floor(example.length * 2.5)} bytes (0.0 MiB) together`,
      );
    }
    expect(asked).toEqual([commits[0]!.sha, commits[1]!.sha, commits[2]!.sha]);
    expect(series.findings.length).toBeGreaterThan(0);
  });

  it('names the per-commit limit for a commit too large on its own', async () => {
    const series = await reviewSeries(commits.slice(0, 1), source([]), choice, example.length - 1, example.length * 10);
    expect(series.results[0]!.status).toBe('skipped');
    expect(series.results[0]!.reason?.text).toBe(`too large to review: the patch is over the limit of ${example.length - 1} bytes (0.0 MiB)`);
  });
});
