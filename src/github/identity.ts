/**
 * The account the token posts as: the only author whose comments and
 * reviews the Action reads state from, deletes or rewrites.  A hidden marker
 * proves nothing (anyone can copy one into their own comment); the author
 * GitHub records does.
 *
 * `GET /user` refuses installation tokens (the job's GITHUB_TOKEN, a GitHub
 * App's token) and `GET /app` wants the app's own key, but GraphQL's
 * `viewer` answers every kind of token: `github-actions[bot]` for the job's
 * token, `<app-slug>[bot]` for an app's, the user for a personal token.
 */
import { errorMessage, type Octokit } from './octokit.js';

export interface Identity {
  /** The login, as GitHub writes it on comments and reviews, or null when it could not be learnt. */
  login: string | null;
  /** Where it came from, or why it is unknown. */
  how: string;
}

export async function botIdentity(octokit: Octokit, override: string | undefined): Promise<Identity> {
  if (override) return { login: override, how: "input 'bot-login'" };
  try {
    const data = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
    const login = data.viewer?.login;
    if (typeof login === 'string' && login !== '') return { login, how: "GraphQL's viewer" };
    return { login: null, how: "GraphQL's viewer has no login" };
  } catch (error) {
    return { login: null, how: `GraphQL's viewer could not be read: ${errorMessage(error).replace(/\s*\n\s*/g, ' ')}` };
  }
}

/** Whether GitHub records `login` (null for a deleted account) as the token's own account. */
export function isOwn(identity: Identity, login: string | null | undefined): boolean {
  // Logins are case-insensitive on GitHub.
  return identity.login !== null && typeof login === 'string' && login.toLowerCase() === identity.login.toLowerCase();
}
