/**
 * A patchew tag pushed: the series as applied (`patchew/<message-id>`, one
 * tag per version).  The previous version's tag is found among the
 * repository's other patchew tags: sent by the same sender before this one
 * (git send-email's Message-IDs begin with the time sent and end with the
 * sender), and the newest of those whose commits share a patch subject
 * (src/series/identity.ts's topic) with this series.  Its series is reviewed
 * with the same rules, and the follow-up (src/followup) is what the check
 * run's summary adds.  A tag whose id says neither when nor by whom it was
 * sent has no earlier version found: nothing is guessed.
 */
import type { RuleChoice } from '../config/config.js';
import { compareText } from '../engine/text-order.js';
import { followUpSeries, type Followup } from '../followup/followup.js';
import { followupText } from '../followup/render.js';
import { summaryLine } from '../followup/summary.js';
import { fetchPatch, pushSeries } from './commits.js';
import type { RepoRef } from './event.js';
import { short } from './line-map.js';
import { code, fenced, inline } from './markdown.js';
import type { Octokit } from './octokit.js';
import { reviewSeries, type SeriesCommit, type SeriesReview } from './series.js';

export const PATCHEW_TAG = /^refs\/tags\/(patchew\/(.+))$/;

/** Earlier tags of the same sender looked at, newest first: each costs a compare request. */
export const MAX_CANDIDATES = 8;

/** `20250923100110.70862-17-vsementsov@yandex-team.ru`: sent at 2025-09-23 10:01:10 by vsementsov@yandex-team.ru. */
const SEND_EMAIL_ID = /^(\d{14})\.\d+-\d+-([^@\s]+@[^@\s]+)$/;

export function sentOf(messageId: string): { at: string; sender: string } | null {
  const m = SEND_EMAIL_ID.exec(messageId);
  return m ? { at: m[1]!, sender: m[2]!.toLowerCase() } : null;
}

/** The patch subject as a topic: a commit title is the subject without its `[PATCH ...]` tags. */
const topic = (title: string): string => title.replace(/\s+/g, ' ').trim().toLowerCase();

export interface TagFollowup {
  /** The earlier version's tag, e.g. `patchew/<message-id>`. */
  tag: string;
  sha: string;
  followups: Followup[];
}

interface Ref {
  ref: string;
  object: { sha: string; type: string };
}

export async function previousTag(
  octokit: Octokit,
  repo: RepoRef,
  defaultBranch: string,
  ref: string,
  commits: readonly SeriesCommit[],
): Promise<{ tag: string; sha: string; commits: SeriesCommit[] } | null> {
  const ours = PATCHEW_TAG.exec(ref);
  const sent = ours ? sentOf(ours[2]!) : null;
  if (!ours || !sent) return null;
  const { data } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: 'tags/patchew/' });
  const refs = data as Ref[];
  const candidates = refs
    .flatMap((r) => {
      const m = PATCHEW_TAG.exec(r.ref);
      const s = m ? sentOf(m[2]!) : null;
      // patchew tags point at commits; an annotated tag would need another request per tag.
      if (!m || !s || r.object.type !== 'commit' || m[1] === ours[1]) return [];
      return s.sender === sent.sender && s.at < sent.at ? [{ tag: m[1]!, sha: r.object.sha, at: s.at }] : [];
    })
    .sort((a, b) => compareText(b.at, a.at) || compareText(b.tag, a.tag))
    .slice(0, MAX_CANDIDATES);
  const topics = new Set(commits.map((c) => topic(c.title)));
  for (const c of candidates) {
    const earlier = await pushSeries(octokit, repo, defaultBranch, c.sha);
    if (earlier.commits.some((e) => topics.has(topic(e.title)))) return { tag: c.tag, sha: c.sha, commits: earlier.commits };
  }
  return null;
}

/** The follow-up of the pushed tag's series on the previous version's, or null when there is none. */
export async function followUpTag(
  octokit: Octokit,
  repo: RepoRef,
  defaultBranch: string,
  ref: string,
  series: SeriesReview,
  commits: readonly SeriesCommit[],
  choice: RuleChoice,
): Promise<TagFollowup | null> {
  const previous = await previousTag(octokit, repo, defaultBranch, ref, commits);
  if (!previous) return null;
  const earlier = await reviewSeries(previous.commits, (sha, limit) => fetchPatch(octokit, repo, sha, limit), choice);
  const followups = followUpSeries(earlier.results, series.results, { from: 'the earlier version', to: 'this version' });
  return { tag: previous.tag, sha: previous.sha, followups };
}

/** The check run's section: which tag was the earlier version, each patch's summary line, and the lists as the CLI prints them. */
export function followUpMarkdown(f: TagFollowup): string {
  const head = `### Follow-up on the earlier version\n\nThe earlier version of this series is tag ${code(f.tag)} (${code(short(f.sha))}).`;
  if (f.followups.length === 0) return `${head} No patch of it matches a patch of this one.`;
  const lines = f.followups.map((x) => `- ${inline(x.to.subject || x.to.source)}: ${inline(summaryLine(x))}`);
  return [head, lines.join('\n'), fenced('', followupText({ followups: f.followups, unmatched: [] }).trimEnd())].join('\n\n');
}
