/**
 * The config a change is reviewed with when it changes the config itself.
 *
 * The workspace holds the pull request's merge, or the pushed series: a config file there is
 * the author's to edit, and one that turns rules off or lowers their severity would let its
 * own change pass quietly. As GitHub reads CODEOWNERS from the base branch, a change whose
 * config differs from its base's is reviewed with the base's, and one that adds a config is
 * reviewed without it; the summary says which. The config change itself is for people to
 * review.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Config } from '../config/config.js';
import { short } from './line-map.js';
import { code } from './markdown.js';
import { errorMessage, httpStatus, type Octokit } from './octokit.js';
import type { RepoRef } from './event.js';

export interface ChangeRefs {
  repo: RepoRef;
  /** What the change is compared with: a pull request's base, a series' merge base. */
  base: string;
  head: string;
}

export interface ConfigChoice {
  config: Config;
  /** Why the workspace's config was not used, for the summary; null when it was. */
  note: string | null;
}

/** The config's path in the repository, or null when it lies outside the workspace (a change cannot touch it). */
export function repoPathOf(workspace: string, file: string): string | null {
  const path = relative(workspace, file);
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return null;
  return path.split(sep).join('/');
}

/**
 * The config to review with: `workspace` (the file as checked out, null when absent) unless
 * the change makes it differ from the base's. `parse` reads a config's text, naming it.
 */
export async function configForChange(
  octokit: Octokit,
  refs: ChangeRefs,
  path: string,
  workspace: { text: string | null; config: Config },
  parse: (text: string, name: string) => Config,
): Promise<ConfigChoice> {
  const base = await fileAt(octokit, refs.repo, path, refs.base);
  // With no file checked out (a workflow without actions/checkout), the change's own is its head's.
  const changed = workspace.text ?? (await fileAt(octokit, refs.repo, path, refs.head));
  if (changed === base) return { config: workspace.config, note: null };
  if (base !== null) {
    return {
      config: parse(base, `${path} at ${short(refs.base)}`),
      note: `This change edits ${code(path)}: it is reviewed with the config of its base (${code(short(refs.base))}), since the config change is itself under review.`,
    };
  }
  // Absent from both ends: the path is not the repository's (a checkout into a subdirectory, say).
  if (workspace.text !== null && (await fileAt(octokit, refs.repo, path, refs.head)) === null) return { config: workspace.config, note: null };
  return {
    config: { rules: {} },
    note: `This change adds ${code(path)}: it is reviewed without it (the base, ${code(short(refs.base))}, has none), since the config is itself under review.`,
  };
}

/** A config file is a few hundred bytes; one past this is not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The text of `path` at commit `ref`, or null when there is no such file. */
async function fileAt(octokit: Octokit, repo: RepoRef, path: string, ref: string): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({ ...repo, path, ref }));
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw new Error(`cannot read ${path} at ${short(ref)} to compare the config with its base: ${errorMessage(error)} (the token needs contents: read)`, {
      cause: error,
    });
  }
  const file = data as { type?: string; encoding?: string; content?: string; size?: number };
  if (Array.isArray(data) || file.type !== 'file') throw new Error(`${path} at ${short(ref)} is not a file`);
  if ((file.size ?? 0) > MAX_CONFIG_BYTES || file.encoding !== 'base64' || typeof file.content !== 'string')
    throw new Error(`${path} at ${short(ref)} is too large to be a config file (${file.size ?? '?'} bytes)`);
  return Buffer.from(file.content, 'base64').toString('utf8');
}
