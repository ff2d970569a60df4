/** Commits as patch mails, and the series a pushed ref adds on top of the default branch. */
import type { RepoRef } from './event.js';
import type { Octokit } from './octokit.js';
import { PatchTooLargeError, type SeriesCommit } from './series.js';

/**
 * GitHub's patch media type: the commit as `git format-patch` writes it, the
 * mail the author would have sent to the list.
 */
const PATCH_MEDIA_TYPE = 'application/vnd.github.patch';

/** The compare endpoint's page size: fewer requests for a long series. */
const COMPARE_PAGE = 100;

/**
 * The commit's patch, as the exact bytes GitHub sent: decoding it here as
 * UTF-8 would hide a patch whose text is not, which the review reports.
 * Read as a stream and given up on past `limit` bytes, so that a huge
 * commit costs neither the memory nor the time of reading it whole.
 */
export async function fetchPatch(octokit: Octokit, repo: RepoRef, sha: string, limit: number): Promise<Buffer> {
  const response = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
    ...repo,
    ref: sha,
    headers: { accept: PATCH_MEDIA_TYPE },
    request: { parseSuccessResponseBody: false },
  });
  const body = response.data as unknown as ReadableStream<Uint8Array> | string | null;
  if (body === null) return Buffer.alloc(0);
  if (typeof body === 'string') {
    const bytes = Buffer.from(body, 'utf8');
    if (bytes.length > limit) throw new PatchTooLargeError(bytes.length, limit);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new PatchTooLargeError(size, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export interface PushSeries {
  base: string;
  commits: SeriesCommit[];
}

/**
 * The commits a pushed ref has beyond its merge base with the default branch:
 * the series patchew applied (`git am`) on top of master and tagged.
 */
export async function pushSeries(octokit: Octokit, repo: RepoRef, defaultBranch: string, sha: string): Promise<PushSeries> {
  const commits: SeriesCommit[] = [];
  let base: string;
  for (let page = 1; ; page++) {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${defaultBranch}...${sha}`,
      per_page: COMPARE_PAGE,
      page,
    });
    base = data.merge_base_commit.sha;
    commits.push(...data.commits.map(seriesCommit));
    // A server may give fewer than asked per page: the total says when the series is complete.
    if (data.commits.length === 0 || commits.length >= data.total_commits) break;
  }
  return { base, commits };
}

export function seriesCommit(c: { sha: string; parents: readonly unknown[]; commit: { message: string; committer?: { date?: string } | null } }): SeriesCommit {
  const commit: SeriesCommit = { sha: c.sha, parents: c.parents.length, title: c.commit.message.split('\n')[0] ?? '' };
  // The patch media type dates the mail by the author; a rebased commit is as new as its committer date.
  const committed = c.commit.committer?.date;
  if (committed) commit.committed = committed;
  return commit;
}
