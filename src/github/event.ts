/**
 * What the workflow run is about, from the event that triggered it: a pull
 * request to review, a pushed ref (patchew pushes each series as tag
 * `patchew/<message-id>`) to check, or nothing the Action can review.
 */
import { context } from '@actions/github/lib/utils';

export interface RepoRef {
  owner: string;
  repo: string;
}

export type Target =
  | {
      kind: 'pull';
      repo: RepoRef;
      number: number;
      headSha: string;
      baseSha: string;
      title: string;
      /** The head before a push to the pull request (`synchronize`): the earlier version; null otherwise. */
      before: string | null;
    }
  | { kind: 'push'; repo: RepoRef; ref: string; sha: string; defaultBranch: string }
  | { kind: 'none'; why: string };

const PULL_EVENTS = ['pull_request', 'pull_request_target'];
const ZERO_SHA = /^0+$/;

export function readTarget(): Target {
  const { eventName, payload } = context;
  let repo: RepoRef;
  try {
    repo = context.repo;
  } catch {
    return { kind: 'none', why: 'GITHUB_REPOSITORY is not set' };
  }
  if (PULL_EVENTS.includes(eventName)) {
    const pr = payload.pull_request as { number: number; title?: string; head: { sha: string }; base: { sha: string } } | undefined;
    if (!pr) return { kind: 'none', why: `the ${eventName} event carries no pull request` };
    const before =
      payload.action === 'synchronize' && typeof payload.before === 'string' && /^[0-9a-f]{40}$/.test(payload.before) && !ZERO_SHA.test(payload.before)
        ? payload.before
        : null;
    return { kind: 'pull', repo, number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, title: pr.title ?? '', before };
  }
  if (eventName === 'push') {
    const ref = String(payload.ref ?? '');
    const sha = String(payload.after ?? '');
    if (payload.deleted === true || ZERO_SHA.test(sha)) return { kind: 'none', why: `${ref} was deleted` };
    const defaultBranch = String(payload.repository?.default_branch ?? '');
    if (!defaultBranch) return { kind: 'none', why: 'the push event does not name the default branch' };
    if (ref === `refs/heads/${defaultBranch}`) {
      return { kind: 'none', why: `a push to the default branch ${defaultBranch} has no series of its own to review` };
    }
    return { kind: 'push', repo, ref, sha, defaultBranch };
  }
  return { kind: 'none', why: `the ${eventName || 'unknown'} event is neither a pull request nor a push` };
}

/** `patchew/<message-id>` from `refs/tags/patchew/<message-id>`. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(tags|heads)\//, '');
}
