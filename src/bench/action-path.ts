/**
 * The Action's work on one patch, without GitHub: review it as a commit,
 * carry the findings to the tip, place them on the pull request's diff,
 * build the review body and the job summary.  `npm run bench` runs it in a
 * fresh process on large QAPI patches (src/bench/large-qapi.ts), next to the
 * command line on the same patch: the step that once made a 1 MB patch take
 * two minutes in the Action, against two seconds on the command line.
 *
 *   node build/src/bench/action-path.js PATCH
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rules } from '../../rules/index.js';
import { chooseRules } from '../config/config.js';
import { DiffLines, type PullFile } from '../github/diff-lines.js';
import { reviewBody } from '../github/review-body.js';
import { placeFindings } from '../github/review-comments.js';
import { reviewSeries } from '../github/series.js';
import { summaryMarkdown } from '../github/summary.js';

/** The pull request files endpoint's view of a patch: each file's hunks. */
export function pullFilesOf(patch: string): PullFile[] {
  const end = patch.search(/^-- $/m);
  return patch
    .slice(0, end < 0 ? undefined : end)
    .split(/^(?=diff --git )/m)
    .slice(1)
    .flatMap((section) => {
      const name = /^\+\+\+ b\/(.*)$/m.exec(section)?.[1];
      const hunks = section.indexOf('\n@@');
      return name && hunks >= 0 ? [{ filename: name, status: 'modified', patch: section.slice(hunks + 1).replace(/\n$/, '') }] : [];
    });
}

export async function actionPath(patch: Buffer): Promise<{ findings: number; bodyChars: number; summaryChars: number }> {
  const series = await reviewSeries([{ sha: 'a'.repeat(40), parents: 1, title: 'bench' }], async () => patch, chooseRules({ rules: {} }, rules));
  const placement = placeFindings(series.findings, new DiffLines(pullFilesOf(patch.toString('utf8'))));
  const inline = placement.inline.slice(0, 30);
  const entries = [...placement.body, ...placement.inline.slice(30).map((c) => ({ item: c.item, reason: 'over-limit' as const }))];
  const body = reviewBody({ tally: series.tally, inline: inline.map((c) => c.item.fingerprint), entries, maxComments: 30 });
  const summary = summaryMarkdown({ what: 'bench', results: series.results, findings: series.findings, tally: series.tally, notes: [] });
  return { findings: series.findings.length, bodyChars: body.text.length, summaryChars: summary.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: action-path.js PATCH');
    process.exit(2);
  }
  console.log(JSON.stringify(await actionPath(readFileSync(file))));
}
