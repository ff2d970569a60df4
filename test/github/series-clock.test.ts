/** The Action dates a commit by its committer date: a rebased series is as new as its rebase. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { seriesCommit } from '../../src/github/commits.js';
import { reviewSeries, type SeriesCommit } from '../../src/github/series.js';
import { repoRoot } from '../support/shared.js';

// Written (author date) 2026-11-19, naming 11.0: right only for a commit made while 11.0 was being made.
const example = readFileSync(join(repoRoot, 'fixtures', 'example.patch'));
const SHA = '2ecb4d63a48b9affde1ab5b13c12d7907e3a1df5';

async function sinceMessages(commit: SeriesCommit): Promise<string[]> {
  const choice = { rules: rules.filter((r) => r.meta.id === 'qapi/since-version'), severity: {} };
  const series = await reviewSeries([commit], async () => example, choice);
  expect(series.results.map((r) => r.status)).toEqual(['reviewed']);
  return series.findings.map((f) => f.finding.message);
}

describe('the Action and the committer date', () => {
  it('reads the committer date GitHub gives with each commit', () => {
    const listed = {
      sha: SHA,
      parents: [{ sha: 'b'.repeat(40) }],
      commit: {
        message: 'qapi: x\n',
        author: { date: '2026-03-02T09:00:00Z' },
        committer: { name: 'C', email: 'c@example.org', date: '2026-11-02T08:00:00Z' },
      },
    };
    expect(seriesCommit(listed)).toEqual({ sha: SHA, parents: 1, title: 'qapi: x', committed: '2026-11-02T08:00:00Z' });
    expect(seriesCommit({ ...listed, commit: { message: 'qapi: x\n', committer: null } })).toEqual({ sha: SHA, parents: 1, title: 'qapi: x' });
  });

  it('judges the release by the committer date, not the author date of the patch', async () => {
    expect(await sinceMessages({ sha: SHA, parents: 1, title: 'x', committed: '2026-02-01T10:00:00Z' })).toEqual([]);
    expect(await sinceMessages({ sha: SHA, parents: 1, title: 'x', committed: '2026-09-01T10:00:00Z' })).toEqual([
      '"Since: 11.0" of new definition StateHandover names 11.0, but a commit committed on 2026-09-01 means 11.2',
      '"(Since 11.0)" of new member @state-handover names 11.0, but a commit committed on 2026-09-01 means 11.2',
    ]);
  });
});
