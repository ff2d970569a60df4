/** The commits of a pull request are one series: a later commit is judged with what the earlier ones added. */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { reviewSeries, type SeriesCommit } from '../../src/github/series.js';
import { addToThing, createThing } from '../rules/qapi/novelty-fixtures.js';

/** A commit as GitHub's patch media type gives it: git format-patch, one patch, no counter. */
function formatPatch(sha: string, title: string, diff: string): Buffer {
  return Buffer.from(
    [
      `From ${sha} Mon Sep 17 00:00:00 2001`,
      'From: A U Thor <author@example.org>',
      'Date: Tue, 23 Sep 2025 12:00:00 +0200',
      `Subject: [PATCH] ${title}`,
      '',
      'Commit message.',
      '',
      'Signed-off-by: A U Thor <author@example.org>',
      '---',
      diff + '-- ',
      '2.51.0',
      '',
    ].join('\n'),
  );
}

describe('pull request commits as a series', () => {
  it('does not ask for "(Since ...)" of a member added to a definition an earlier commit created', async () => {
    const shas = ['1'.repeat(40), '2'.repeat(40)];
    const patches = new Map([
      [shas[0]!, formatPatch(shas[0]!, 'qapi: add Thing', createThing('10.0'))],
      [shas[1]!, formatPatch(shas[1]!, 'qapi: Thing gets @c', addToThing('shown'))],
    ]);
    const commits: SeriesCommit[] = shas.map((sha, i) => ({ sha, parents: 1, title: `commit ${i}` }));
    const choice = { rules: rules.filter((r) => r.meta.id === 'qapi/since-version'), severity: {} };
    const review = await reviewSeries(commits, async (sha) => patches.get(sha)!, choice);
    // Which release the commits should name is the clock's business; what is new is this test's.
    const newMember = (r: typeof review) =>
      r.findings.filter((f) => f.finding.message.startsWith('new member')).map((f) => `${f.sha.slice(0, 1)} ${f.finding.line}`);
    expect(newMember(review)).toEqual([]);
    // Alone, the second commit would be told its member lacks a note.
    const alone = await reviewSeries(commits.slice(1), async (sha) => patches.get(sha)!, choice);
    expect(newMember(alone)).toEqual(['2 6']);
  });
});
