/**
 * The Octokit the Action talks to GitHub with: @actions/github's (which
 * reads GITHUB_API_URL, so GitHub Enterprise Server works, and honours the
 * runner's proxy settings), with throttling and retries, because a review
 * with many comments is exactly what trips GitHub's secondary rate limits.
 */
import * as core from '@actions/core';
import { GitHub, getOctokitOptions } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

const ActionOctokit = GitHub.plugin(throttling, retry);
export type Octokit = InstanceType<typeof ActionOctokit>;

/** How often a request that hit a rate limit is tried again before the run gives up. */
const RATE_LIMIT_RETRIES = 2;

export function createOctokit(token: string): Octokit {
  return new ActionOctokit(
    getOctokitOptions(token, {
      throttle: {
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          core.warning(
            `GitHub rate limit hit by ${options.method} ${options.url}; ${retryCount < RATE_LIMIT_RETRIES ? `retrying in ${retryAfter} s` : 'giving up'}`,
          );
          return retryCount < RATE_LIMIT_RETRIES;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          core.warning(
            `GitHub secondary rate limit hit by ${options.method} ${options.url}; ${retryCount < RATE_LIMIT_RETRIES ? `retrying in ${retryAfter} s` : 'giving up'}`,
          );
          return retryCount < RATE_LIMIT_RETRIES;
        },
      },
    }),
  );
}

/** The HTTP status of a failed request, when it is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A token that may read but not write: a pull request from a fork gets one
 * (403 "Resource not accessible by integration"), and so does a workflow whose
 * permissions leave out pull-requests or checks.  GitHub answers 404 instead
 * when the token may not even see what it would write to.
 */
export function isPermissionError(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 403 || status === 404;
}

/** The token may not write here; the caller falls back to reports that need no write access. */
export class ReadOnlyTokenError extends Error {
  override name = 'ReadOnlyTokenError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
