/**
 * The review threads of a pull request, through GraphQL (REST has no
 * threads, and only GraphQL can resolve one): each thread's id, whether it
 * is resolved, and its first comment, whose author says whose thread it is.
 */
import type { Octokit } from './octokit.js';
import type { Pull } from './pulls.js';

export interface ReviewThread {
  /** GraphQL node id, what resolveReviewThread takes. */
  id: string;
  isResolved: boolean;
  path: string;
  /** The line at the head, null when the thread is outdated. */
  line: number | null;
  /** The comment that started the thread; null when GitHub returned none (deleted). */
  first: { databaseId: number | null; login: string | null; body: string } | null;
}

/** A pull request with more threads than this is read only this far: the rest stay as they are. */
export const MAX_THREAD_PAGES = 20;

const THREADS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          path
          line
          comments(first: 1) { nodes { databaseId author { login } body } }
        }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `mutation($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{
          id: string;
          isResolved: boolean;
          path: string;
          line: number | null;
          comments: { nodes: Array<{ databaseId: number | null; author: { login: string } | null; body: string }> };
        } | null>;
      };
    } | null;
  } | null;
}

export async function reviewThreads(octokit: Octokit, pull: Pull): Promise<ReviewThread[]> {
  const out: ReviewThread[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, { owner: pull.owner, repo: pull.repo, number: pull.pull_number, cursor });
    const threads = data.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const node of threads.nodes) {
      if (!node) continue;
      const c = node.comments.nodes[0];
      out.push({
        id: node.id,
        isResolved: node.isResolved,
        path: node.path,
        line: node.line,
        first: c ? { databaseId: c.databaseId, login: c.author?.login ?? null, body: c.body } : null,
      });
    }
    if (!threads.pageInfo.hasNextPage || threads.pageInfo.endCursor === null) break;
    cursor = threads.pageInfo.endCursor;
  }
  return out;
}

export async function resolveThread(octokit: Octokit, id: string): Promise<void> {
  await octokit.graphql(RESOLVE_MUTATION, { threadId: id });
}
