/**
 * The pull request reporter: one review per run with the findings not yet
 * posted, and the comments of earlier runs whose finding is gone cleaned
 * up.  A re-run with nothing new posts nothing.  Only what the token's own
 * account wrote counts as posted, and only that is ever deleted or
 * rewritten: a marker copied into someone else's comment or review is
 * their text, not our state.
 */
import * as core from '@actions/core';
import { DiffLines, type PullFile } from './diff-lines.js';
import { commentFingerprint, replaceWithOutdated, reviewStateKeys, stateKey } from './fingerprint.js';
import { isOwn, type Identity } from './identity.js';
import { short } from './line-map.js';
import { errorMessage, httpStatus, isPermissionError, ReadOnlyTokenError, type Octokit } from './octokit.js';
import { createReview, deleteComment, reviewComments, reviews, updateComment, type PostedComment, type Pull } from './pulls.js';
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
  /** Findings left out of the review body for want of room: not recorded as posted, so the next run posts them. */
  left: number;
  deleted: number;
  markedOutdated: number;
  notes: string[];
}

export async function postPullReview(
  octokit: Octokit,
  pull: Pull,
  headSha: string,
  series: SeriesReview,
  files: readonly PullFile[],
  identity: Identity,
  notes: readonly string[] = [],
  /** Comments of ours to leave as they are (their threads were resolved as fixed: the record of the earlier review). */
  keep: ReadonlySet<number> = new Set(),
): Promise<PullReviewOutcome> {
  const placement = placeFindings(series.findings, new DiffLines(files));
  const [comments, posted] = await Promise.all([reviewComments(octokit, pull), reviews(octokit, pull)]);
  const ours = comments.filter((c) => c.in_reply_to_id === undefined && isOwn(identity, c.login) && commentFingerprint(c.body) !== null);
  const known = new Set<string>([
    ...ours.map((c) => stateKey(commentFingerprint(c.body)!)),
    ...posted.filter((r) => isOwn(identity, r.login)).flatMap((r) => reviewStateKeys(r.body)),
  ]);
  const isNew = (fp: string) => !known.has(stateKey(fp));

  const fresh = placement.inline.filter((c) => isNew(c.item.fingerprint));
  const inline = fresh.slice(0, MAX_COMMENTS_PER_REVIEW);
  const entries: BodyEntry[] = [
    ...placement.body.filter((e) => isNew(e.item.fingerprint)),
    ...fresh.slice(MAX_COMMENTS_PER_REVIEW).flatMap((c) => c.items.map((item): BodyEntry => ({ item, reason: 'over-limit' }))),
  ];
  const outcome: PullReviewOutcome = { review: null, inline: 0, inBody: 0, left: 0, deleted: 0, markedOutdated: 0, notes: [] };
  if (identity.login === null) {
    outcome.notes.push(
      `qemu-review could not tell which account its token posts as (${identity.how}), so it read no earlier review as its own and deleted or rewrote no comment; set the input \`bot-login\` to the account's login (e.g. \`github-actions[bot]\`).`,
    );
  }
  if (inline.length > 0 || entries.length > 0) {
    const posted = await post(octokit, pull, headSha, series, inline, entries, notes);
    Object.assign(outcome, { ...posted, notes: [...outcome.notes, ...posted.notes] });
  }
  const live = new Set(series.findings.map((f) => f.fingerprint));
  await retire(
    octokit,
    pull,
    ours.filter((c) => !live.has(commentFingerprint(c.body)!) && !keep.has(c.id)),
    comments,
    headSha,
    outcome,
  );
  return outcome;
}

async function post(
  octokit: Octokit,
  pull: Pull,
  headSha: string,
  series: SeriesReview,
  inline: InlineComment[],
  entries: BodyEntry[],
  notes: readonly string[],
): Promise<Pick<PullReviewOutcome, 'review' | 'inline' | 'inBody' | 'left' | 'notes'>> {
  const body = (i: InlineComment[], e: BodyEntry[]) =>
    reviewBody({ tally: series.tally, inline: i.map((c) => c.item.fingerprint), entries: e, maxComments: MAX_COMMENTS_PER_REVIEW, notes });
  try {
    const first = body(inline, entries);
    const id = await createReview(
      octokit,
      pull,
      headSha,
      first.text,
      inline.map((c) => c.draft),
    );
    return { review: id, inline: inline.length, inBody: first.listed.length, left: entries.length - first.listed.length, notes: [] };
  } catch (error) {
    if (isPermissionError(error)) throw new ReadOnlyTokenError(errorMessage(error));
    // GitHub refuses the whole review for one comment it cannot place (the
    // PR moved on while we ran): the findings still reach the author in the body.
    if (httpStatus(error) !== 422 || inline.length === 0) throw error;
    core.warning(`GitHub refused the review's inline comments (${errorMessage(error)}); posting them in the review body`);
    const moved = [
      ...inline.flatMap((c) => c.items.map((item): BodyEntry => ({ item, reason: 'outside-diff', note: 'GitHub refused the inline comment' }))),
      ...entries,
    ];
    const second = body([], moved);
    const id = await createReview(octokit, pull, headSha, second.text, []);
    return {
      review: id,
      inline: 0,
      inBody: second.listed.length,
      left: moved.length - second.listed.length,
      notes: [`GitHub refused the inline comments (${errorMessage(error)}); the review lists them in its body.`],
    };
  }
}

/**
 * Comments of ours whose finding is gone: deleted, unless someone replied,
 * which makes the thread theirs too; then it stays, marked as outdated.
 */
async function retire(octokit: Octokit, pull: Pull, stale: PostedComment[], all: PostedComment[], headSha: string, outcome: PullReviewOutcome): Promise<void> {
  const replied = new Set(all.map((c) => c.in_reply_to_id));
  for (const comment of stale) {
    const fp = commentFingerprint(comment.body)!;
    try {
      if (replied.has(comment.id)) {
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
