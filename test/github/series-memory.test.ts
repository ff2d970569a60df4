/** The commits of a pull request are one series: a later commit is judged with what the earlier ones added. */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { reviewSeries, type SeriesCommit } from '../../src/github/series.js';
import { addToThing, createThing } from '../rules/qapi/novelty-fixtures.js';
import { hunkDiff } from '../support/patches.js';

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

  describe('c/single-use-macro judges a macro by the uses in every commit', () => {
    /** Commit i adds the given lines to hw/acpi/gi.c. */
    async function macroFindings(commitLines: string[][]): Promise<string[]> {
      const shas = commitLines.map((_, i) => String(i + 1).repeat(40));
      const patches = new Map(
        shas.map((sha, i) => [
          sha,
          formatPatch(
            sha,
            `acpi: step ${i + 1}`,
            hunkDiff('hw/acpi/gi.c', [{ start: 10 * (i + 1), lines: [' int a;', ...commitLines[i]!.map((l) => `+${l}`), ' int b;'] }]),
          ),
        ]),
      );
      const commits: SeriesCommit[] = shas.map((sha, i) => ({ sha, parents: 1, title: `acpi: step ${i + 1}` }));
      const choice = { rules: rules.filter((r) => r.meta.id === 'c/single-use-macro'), severity: {} };
      const review = await reviewSeries(commits, async (sha) => patches.get(sha)!, choice);
      return review.findings.map((f) => `${f.sha.slice(0, 1)} ${f.finding.line}: ${f.finding.message}`);
    }

    it('stays quiet on a macro a later commit uses again', async () => {
      expect(await macroFindings([['#define GI_PROP "pci-dev"', 'p = GI_PROP;'], ['q = GI_PROP;']])).toEqual([]);
      expect(await macroFindings([['#define GI_PROP "pci-dev"'], ['p = GI_PROP;'], ['int z;', 'q = GI_PROP;']])).toEqual([]);
    });

    it('reports a single use once the last commit is seen, in its own commit or a later one', async () => {
      expect(await macroFindings([['#define GI_PROP "pci-dev"', 'p = GI_PROP;'], ['int z;']])).toEqual([
        '1 11: new macro GI_PROP has a single use in the series (hw/acpi/gi.c:12); write "pci-dev" there instead',
      ]);
      expect(await macroFindings([['#define GI_PROP "pci-dev"'], ['int z;'], ['p = GI_PROP;']])).toEqual([
        '1 11: new macro GI_PROP has a single use in the series, in a later patch; write "pci-dev" there instead',
      ]);
    });

    it('judges a pull request of one commit as a lone patch', async () => {
      expect(await macroFindings([['#define GI_PROP "pci-dev"', 'p = GI_PROP;']])).toEqual([
        '1 11: new macro GI_PROP has a single use in this patch (hw/acpi/gi.c:12); write "pci-dev" there instead',
      ]);
      expect(await macroFindings([['#define GI_PROP "pci-dev"']])).toEqual([]);
    });
  });
});
