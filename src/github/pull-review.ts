/**
 * The pull request reporter: one review per run with the findings not yet
 * posted, and the comments of earlier runs whose finding is gone cleaned
 * up.  A re-run with nothing new posts nothing.
 */
import * as core from '@actions/core';
import { DiffLines, type PullFile } from './diff-lines.js';
import { commentFingerprint, replaceWithOutdated, reviewFingerprints } from './fingerprint.js';
import { short } from './line-map.js';
import { errorMessage, httpStatus, isPermissionError, ReadOnlyTokenError, type Octokit } from './octokit.js';
import { createReview, deleteComment, reviewBodies, reviewComments, updateComment, type PostedComment, type Pull } from './pulls.js';
import { reviewBody } from './review-body.js';
import { placeFindings, type BodyEntry, type InlineComment } from './review-comments.js';
import type { SeriesReview } from './series.js';

/**
 * Inline comments per review, as reviewdog posts them: more in one request
 * trips GitHub's abuse detection.  The rest are listed in the review body.
 */
export const MAX_COMMENTS_PER_REVIEW = 30;

export interface PullReviewOutcome {
  /** Id of the review posted, or null when there was nothing new. */
  review: number | null;
  inline: number;
  inBody: number;
  deleted: number;
  markedOutdated: number;
  notes: string[];
}

export async function postPullReview(octokit: Octokit, pull: Pull, headSha: string, series: SeriesReview, files: readonly PullFile[]): Promise<PullReviewOutcome> {
  const placement = placeFindings(series.findings, new DiffLines(files));
  const [comments, bodies] = await Promise.all([reviewComments(octokit, pull), reviewBodies(octokit, pull)]);
  const ours = comments.filter((c) => c.in_reply_to_id === undefined && commentFingerprint(c.body) !== null);
  const posted = new Set<string>([...ours.map((c) => commentFingerprint(c.body)!), ...bodies.flatMap(reviewFingerprints)]);

  const fresh = placement.inline.filter((c) => !posted.has(c.item.fingerprint));
  const inline = fresh.slice(0, MAX_COMMENTS_PER_REVIEW);
  const entries: BodyEntry[] = [
    ...placement.body.filter((e) => !posted.has(e.item.fingerprint)),
    ...fresh.slice(MAX_COMMENTS_PER_REVIEW).flatMap((c) => c.items.map((item): BodyEntry => ({ item, reason: 'over-limit' }))),
  ];
  const outcome: PullReviewOutcome = { review: null, inline: 0, inBody: 0, deleted: 0, markedOutdated: 0, notes: [] };
  if (inline.length > 0 || entries.length > 0) {
    Object.assign(outcome, await post(octokit, pull, headSha, series, inline, entries));
  }
  const live = new Set(series.findings.map((f) => f.fingerprint));
  await retire(octokit, pull, ours.filter((c) => !live.has(commentFingerprint(c.body)!)), comments, headSha, outcome);
  return outcome;
}

async function post(
  octokit: Octokit,
  pull: Pull,
  headSha: string,
  series: SeriesReview,
  inline: InlineComment[],
  entries: BodyEntry[],
): Promise<Pick<PullReviewOutcome, 'review' | 'inline' | 'inBody' | 'notes'>> {
  const body = (i: InlineComment[], e: BodyEntry[]) =>
    reviewBody({
      tally: series.tally,
      inline: i.length,
      entries: e,
      fingerprints: [...i, ...e].map((x) => x.item.fingerprint),
      maxComments: MAX_COMMENTS_PER_REVIEW,
    });
  try {
    const id = await createReview(octokit, pull, headSha, body(inline, entries), inline.map((c) => c.draft));
    return { review: id, inline: inline.length, inBody: entries.length, notes: [] };
  } catch (error) {
    if (isPermissionError(error)) throw new ReadOnlyTokenError(errorMessage(error));
    // GitHub refuses the whole review for one comment it cannot place (the
    // PR moved on while we ran): the findings still reach the author in the body.
    if (httpStatus(error) !== 422 || inline.length === 0) throw error;
    core.warning(`GitHub refused the review's inline comments (${errorMessage(error)}); posting them in the review body`);
    const moved = [...inline.flatMap((c) => c.items.map((item): BodyEntry => ({ item, reason: 'outside-diff', note: 'GitHub refused the inline comment' }))), ...entries];
    const id = await createReview(octokit, pull, headSha, body([], moved), []);
    return { review: id, inline: 0, inBody: moved.length, notes: [`GitHub refused the inline comments (${errorMessage(error)}); the review lists them in its body.`] };
  }
}

/**
 * Comments of ours whose finding is gone: deleted, unless someone replied,
 * which makes the thread theirs too; then it stays, marked as outdated.
 */
async function retire(octokit: Octokit, pull: Pull, stale: PostedComment[], all: PostedComment[], headSha: string, outcome: PullReviewOutcome): Promise<void> {
  for (const comment of stale) {
    const fp = commentFingerprint(comment.body)!;
    try {
      if (all.some((c) => c.in_reply_to_id === comment.id)) {
        const note = `\n\n---\n_qemu-review no longer reports this as of ${short(headSha)}._`;
        await updateComment(octokit, pull, comment.id, replaceWithOutdated(comment.body, fp) + note);
        outcome.markedOutdated++;
      } else {
        await deleteComment(octokit, pull, comment.id);
        outcome.deleted++;
      }
    } catch (error) {
      // Cleaning up is worth a warning, not a failed run: the new review is posted.
      core.warning(`could not retire outdated comment ${comment.id}: ${errorMessage(error)}`);
    }
  }
}
