/**
 * One run of the Action: read the inputs and the event, review the series
 * of commits it names, report where the mode says, write the job summary,
 * set the outputs, and fail the step per `fail-on`.
 */
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { context } from '@actions/github/lib/utils';
import { rules as allRules } from '../../rules/index.js';
import { chooseRules, missingConfig, parseConfig, readConfigText, type Config, type FailOn, type RuleChoice } from '../config/config.js';
import { configForChange, repoPathOf } from './base-config.js';
import { checkRules } from '../engine/registry.js';
import { Tally } from '../report/tally.js';
import { annotate } from './annotations.js';
import { postCheckRun } from './checks.js';
import { followUpMarkdown, followUpTag, PATCHEW_TAG } from './tag-followup.js';
import { summaryLine } from '../followup/summary.js';
import { fetchPatch, pushSeries } from './commits.js';
import { readTarget, shortRef, type Target } from './event.js';
import { InputError, readInputs, type Mode } from './inputs.js';
import { short } from './line-map.js';
import { botIdentity, isOwn, type Identity } from './identity.js';
import { reviewThreads, resolveThread, type ReviewThread } from './review-threads.js';
import { followUpNote, followUpThreads, ownThreads } from './thread-followup.js';
import { code, inline } from './markdown.js';
import { createOctokit, errorMessage, httpStatus, isPermissionError, ReadOnlyTokenError, type Octokit } from './octokit.js';
import { postPullReview } from './pull-review.js';
import { MAX_PULL_COMMITS, MAX_PULL_FILES, pullCommits, pullFiles, type Pull } from './pulls.js';
import { reviewSeries, type SeriesCommit, type SeriesReview } from './series.js';
import { appendSummaryNotes, writeSummary } from './summary.js';

/** What a mode does with a target, once `auto` is resolved. */
type Report = 'review' | 'check' | 'summary';

export async function run(): Promise<void> {
  checkRules(allRules);
  const inputs = readInputs();
  if (!inputs.token) throw new InputError("input 'token' is empty: pass a token (the default is the job's github.token)");
  // Read (and checked) before anything else: a broken config is the user's to fix, on any event.
  const workspaceDir = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const configFile = inputs.config ? resolve(workspaceDir, inputs.config) : null;
  const localText = configFile ? await readConfigText(configFile, inputs.config) : null;
  const localConfig: Config = localText !== null ? parseConfig(localText, inputs.config!, allRules) : { rules: {} };
  const target = readTarget();
  const notes: string[] = [];

  if (target.kind === 'none') {
    core.notice(`qemu-review: nothing to review: ${target.why}`);
    setOutputs(null);
    await writeSummary({ what: `Nothing to review: ${target.why}`, results: [], findings: [], tally: new Tally(), notes: [] });
    return;
  }

  const report = reportFor(inputs.mode, target, notes);
  const octokit = createOctokit(inputs.token);
  const { what, headSha, base, commits } = await seriesOf(octokit, target, notes);
  let config = localConfig;
  const repoPath = configFile ? repoPathOf(workspaceDir, configFile) : null;
  if (repoPath !== null) {
    const chosen = await configForChange(
      octokit,
      { repo: target.repo, base, head: headSha },
      repoPath,
      { text: localText, config: localConfig },
      (text, name) => parseConfig(text, name, allRules),
    );
    config = chosen.config;
    if (chosen.note !== null) {
      core.notice(`qemu-review: ${chosen.note.replace(/`/g, '')}`);
      notes.push(chosen.note);
    }
  }
  if (configFile && localText === null && config === localConfig) throw missingConfig(inputs.config!);
  const choice = chooseRules(config, allRules);
  const failOn: FailOn = inputs.failOn ?? config.failOn ?? 'warning';
  core.info(`qemu-review: reviewing ${commits.length} commit${commits.length === 1 ? '' : 's'} of ${what}`);
  const series = await reviewSeries(commits, (sha, limit) => fetchPatch(octokit, target.repo, sha, limit), choice);
  for (const r of series.results) {
    for (const failure of r.failures) core.warning(`internal error in rule ${failure.rule} on ${r.source}: ${failure.error} (please report this)`);
  }

  for (const r of series.results) {
    if (r.reason?.kind !== 'too-large') continue;
    core.warning(`qemu-review: ${r.source} (${r.subject}) was not reviewed: ${r.reason.text}`);
    notes.push(`Commit ${code(short(r.source.replace(/^commit /, '')))} (${inline(r.subject)}) was not reviewed: ${r.reason.text}.`);
  }

  // Everything the run found is on record before anything is posted: a post that fails
  // (GitHub down, a body refused) must not take the findings with it.
  setOutputs(series);
  await writeSummary({
    what,
    results: series.results,
    findings: series.findings,
    tally: series.tally,
    notes,
    blob: { serverUrl: context.serverUrl, ...target.repo, sha: headSha },
  });
  const annotated = annotate(series.findings);

  const after: string[] = [];
  let failed: string | null = null;
  try {
    if (report === 'review' && target.kind === 'pull') {
      const pull: Pull = { ...target.repo, pull_number: target.number };
      const identity = await botIdentity(octokit, inputs.botLogin);
      core.info(
        identity.login === null
          ? `qemu-review: the token's account is unknown (${identity.how})`
          : `qemu-review: posting as ${identity.login} (from ${identity.how})`,
      );
      const files = await pullFiles(octokit, pull);
      if (files.length >= MAX_PULL_FILES)
        after.push(`GitHub lists at most ${MAX_PULL_FILES} files of a pull request: findings in the others are in the review body.`);
      // A resolved thread of ours is settled (the record of an earlier version's review): never deleted or rewritten.
      const threads = identity.login === null ? null : await listThreads(octokit, pull);
      const keep = new Set<number>(
        (threads ?? []).flatMap((t) => (t.isResolved && t.first?.databaseId != null && isOwn(identity, t.first.login) ? [t.first.databaseId] : [])),
      );
      if (target.before !== null && threads !== null) {
        const note = await resolveFixedThreads(octokit, threads, identity, series, target.before, keep);
        if (note !== null) {
          notes.push(note);
          after.push(note);
        }
      }
      const outcome = await postPullReview(octokit, pull, headSha, series, files, identity, notes, keep);
      after.push(...outcome.notes);
      if (outcome.left > 0) after.push(`The review body had no room for ${outcome.left} of the findings: they are listed above, and the next run posts them.`);
      for (const note of outcome.notes) core.warning(`qemu-review: ${note}`);
      core.info(
        outcome.review === null
          ? 'qemu-review: nothing new to post on the pull request'
          : `qemu-review: posted review ${outcome.review}: ${outcome.inline} inline comments, ${outcome.inBody} findings in its body`,
      );
      if (outcome.deleted + outcome.markedOutdated > 0) {
        core.info(`qemu-review: ${outcome.deleted} outdated comments deleted, ${outcome.markedOutdated} marked outdated (they have replies)`);
      }
    } else if (report === 'check') {
      const section = target.kind === 'push' ? await tagFollowup(octokit, target, series, commits, choice, after) : null;
      const outcome = await postCheckRun(octokit, target.repo, headSha, what, series, failOn, notes, section);
      core.info(`qemu-review: check run ${outcome.id}: ${outcome.conclusion}, ${outcome.annotations} annotations in ${outcome.requests} requests`);
    }
  } catch (error) {
    const kind = report === 'review' ? 'pull request review' : 'check run';
    if (error instanceof ReadOnlyTokenError) {
      // A fork's pull request gets a read-only token however the workflow is written.
      const { emitted, left } = annotated;
      const why = `The token cannot write ${kind}s here (${error.message}): a pull request from a fork gets a read-only token. The findings are reported as annotations of this step${left > 0 ? ` (${emitted} shown; the runner keeps only 10 errors and 10 warnings per step, so the other ${left} are only listed in this summary)` : ''} and in this summary. Running on \`pull_request_target\`, or granting \`pull-requests: write\` and \`checks: write\`, lets qemu-review comment.`;
      core.warning(`qemu-review: ${why}`);
      after.push(why);
    } else {
      const status = httpStatus(error);
      failed = `could not post the ${kind}${status === undefined ? '' : ` (HTTP ${status})`}: ${errorMessage(error)}. The findings are in the job summary and in this step's annotations.`;
      after.push(`qemu-review ${failed}`);
    }
  }

  await appendSummaryNotes(after);
  if (failed !== null) {
    core.setFailed(`qemu-review: ${failed}`);
    return;
  }
  if (failOn !== 'never' && series.tally.atLeast(failOn) > 0) {
    core.setFailed(`qemu-review: ${series.tally.atLeast(failOn)} finding(s) at or above '${failOn}' (fail-on)`);
  }
}

/**
 * A push to the pull request made a new version: our threads whose points
 * are all gone are resolved (and kept, as the record of the earlier review);
 * returns the sentence saying what was resolved and what is still open, or
 * null when the earlier review left no thread of ours.
 */
async function resolveFixedThreads(
  octokit: Octokit,
  listed: readonly ReviewThread[],
  identity: Identity,
  series: SeriesReview,
  before: string,
  keep: Set<number>,
): Promise<string | null> {
  const threads = ownThreads(listed, identity);
  if (threads.length === 0) return null;
  const { fixed, open } = followUpThreads(threads, series.findings);
  let resolved = 0;
  for (const t of fixed) {
    try {
      await resolveThread(octokit, t.thread.id);
      resolved++;
      if (t.thread.first?.databaseId != null) keep.add(t.thread.first.databaseId);
    } catch (error) {
      if (isPermissionError(error)) throw new ReadOnlyTokenError(errorMessage(error));
      core.warning(`qemu-review: could not resolve review thread ${t.thread.id}: ${errorMessage(error)}`);
    }
  }
  core.info(`qemu-review: ${resolved} of our review threads resolved as fixed, ${open.length} still open`);
  return followUpNote(resolved, open, before);
}

/**
 * For a patchew tag: the follow-up on the previous version's tag, as the
 * check run's section (and its summary lines in the job summary), or null.
 * Not finding it, or failing to, costs the follow-up only.
 */
async function tagFollowup(
  octokit: Octokit,
  target: Extract<Target, { kind: 'push' }>,
  series: SeriesReview,
  commits: readonly SeriesCommit[],
  choice: RuleChoice,
  after: string[],
): Promise<string | null> {
  if (!PATCHEW_TAG.test(target.ref)) return null;
  try {
    const found = await followUpTag(octokit, target.repo, target.defaultBranch, target.ref, series, commits, choice);
    if (!found) {
      core.info('qemu-review: no earlier version of this series among the patchew tags');
      return null;
    }
    core.info(`qemu-review: following up on ${found.tag}, the earlier version`);
    after.push(
      `Follow-up on the earlier version, tag ${code(found.tag)}: ${found.followups.map((f) => inline(summaryLine(f))).join(' ') || 'no patch of it matches a patch of this one.'}`,
    );
    return followUpMarkdown(found);
  } catch (error) {
    core.warning(`qemu-review: could not follow up on the earlier version: ${errorMessage(error).replace(/\s*\n\s*/g, ' ')}`);
    return null;
  }
}

/** The review threads, or null (with a warning) when GitHub would not list them: the review is still worth posting. */
async function listThreads(octokit: Octokit, pull: Pull): Promise<ReviewThread[] | null> {
  try {
    return await reviewThreads(octokit, pull);
  } catch (error) {
    core.warning(`qemu-review: could not list the review threads, so none was resolved: ${errorMessage(error).replace(/\s*\n\s*/g, ' ')}`);
    return null;
  }
}

function reportFor(mode: Mode, target: Exclude<Target, { kind: 'none' }>, notes: string[]): Report {
  if (mode === 'auto') return target.kind === 'pull' ? 'review' : 'check';
  if (mode === 'review' && target.kind !== 'pull') {
    const why = "mode 'review' needs a pull_request event; this run writes the job summary only";
    core.warning(`qemu-review: ${why}`);
    notes.push(`${why[0]!.toUpperCase()}${why.slice(1)}.`);
    return 'summary';
  }
  return mode;
}

async function seriesOf(
  octokit: Octokit,
  target: Exclude<Target, { kind: 'none' }>,
  notes: string[],
): Promise<{ what: string; headSha: string; base: string; commits: SeriesCommit[] }> {
  if (target.kind === 'pull') {
    const commits = await pullCommits(octokit, { ...target.repo, pull_number: target.number });
    if (commits.length >= MAX_PULL_COMMITS) notes.push(`GitHub lists at most ${MAX_PULL_COMMITS} commits of a pull request: later ones were not reviewed.`);
    return { what: `pull request #${target.number}`, headSha: target.headSha, base: target.baseSha, commits };
  }
  const { base, commits } = await pushSeries(octokit, target.repo, target.defaultBranch, target.sha);
  const kind = target.ref.startsWith('refs/tags/') ? 'tag' : 'branch';
  return { what: `${kind} ${shortRef(target.ref)} (on ${target.defaultBranch} at ${short(base)})`, headSha: target.sha, base, commits };
}

function setOutputs(series: SeriesReview | null): void {
  const by = series?.tally.bySeverity ?? { error: 0, warning: 0, info: 0 };
  core.setOutput('findings', by.error + by.warning + by.info);
  core.setOutput('errors', by.error);
  core.setOutput('warnings', by.warning);
  core.setOutput('notes', by.info);
  core.setOutput('reviewed', series?.tally.reviewed ?? 0);
}
