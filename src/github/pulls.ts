/** The pull request endpoints the review needs: its commits, its files, what is already posted, posting. */
import type { RepoRef } from './event.js';
import type { Octokit } from './octokit.js';
import type { PullFile } from './diff-lines.js';
import { seriesCommit } from './commits.js';
import type { SeriesCommit } from './series.js';

/** GitHub lists at most this many commits of a pull request, and this many files. */
export const MAX_PULL_COMMITS = 250;
export const MAX_PULL_FILES = 3000;

const PAGE = 100;

export interface Pull extends RepoRef {
  pull_number: number;
}

export async function pullCommits(octokit: Octokit, pull: Pull): Promise<SeriesCommit[]> {
  const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { ...pull, per_page: PAGE });
  return commits.map(seriesCommit);
}

export async function pullFiles(octokit: Octokit, pull: Pull): Promise<PullFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...pull, per_page: PAGE });
  return files.map((f) => {
    const file: PullFile = { filename: f.filename, status: f.status };
    if (f.previous_filename !== undefined) file.previous_filename = f.previous_filename;
    if (f.patch !== undefined) file.patch = f.patch;
    return file;
  });
}

export interface PostedComment {
  id: number;
  body: string;
  /** Who wrote it, as GitHub records it; null for a deleted account. */
  login: string | null;
  in_reply_to_id?: number;
}

export async function reviewComments(octokit: Octokit, pull: Pull): Promise<PostedComment[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...pull, per_page: PAGE });
  return comments.map((c) => {
    const comment: PostedComment = { id: c.id, body: c.body, login: c.user?.login ?? null };
    if (c.in_reply_to_id !== undefined) comment.in_reply_to_id = c.in_reply_to_id;
    return comment;
  });
}

export interface PostedReview {
  body: string;
  login: string | null;
}

export async function reviews(octokit: Octokit, pull: Pull): Promise<PostedReview[]> {
  const list = await octokit.paginate(octokit.rest.pulls.listReviews, { ...pull, per_page: PAGE });
  return list.map((r) => ({ body: r.body ?? '', login: r.user?.login ?? null }));
}

export interface DraftComment {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export async function createReview(octokit: Octokit, pull: Pull, commitId: string, body: string, comments: DraftComment[]): Promise<number> {
  const { data } = await octokit.rest.pulls.createReview({ ...pull, commit_id: commitId, event: 'COMMENT', body, comments });
  return data.id;
}

export async function deleteComment(octokit: Octokit, repo: RepoRef, id: number): Promise<void> {
  await octokit.rest.pulls.deleteReviewComment({ owner: repo.owner, repo: repo.repo, comment_id: id });
}

export async function updateComment(octokit: Octokit, repo: RepoRef, id: number, body: string): Promise<void> {
  await octokit.rest.pulls.updateReviewComment({ owner: repo.owner, repo: repo.repo, comment_id: id, body });
}
