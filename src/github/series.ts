/**
 * Reviews a series of commits the way the list sees it, one patch mail per
 * commit, then carries every finding from its commit's tree to the tip of
 * the series, where GitHub shows the code.  A finding whose lines a later
 * commit rewrote stays with its commit and is reported without a place.
 */
import type { RuleChoice } from '../config/config.js';
import type { Finding, FindingGroup, Suggestion } from '../engine/types.js';
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { RawMessage, UnreadableInput } from '../mail/types.js';
import { readPatch } from '../patch/read-patch.js';
import type { FileDiff, FileView } from '../patch/types.js';
import { viewOfDiff } from '../patch/view.js';
import { Tally } from '../report/tally.js';
import { reviewMessages, type MessageResult } from '../review/review.js';
import { skip, type SkipReason } from '../review/skip.js';
import { fingerprint } from './fingerprint.js';
import { carryRange, short, type CommitDiff } from './line-map.js';

export interface SeriesCommit {
  sha: string;
  /** Number of parents: a merge's patch is not a patch anyone sent. */
  parents: number;
  title: string;
  /** The committer date (ISO 8601), when GitHub gave one. */
  committed?: string;
}

/** Where a finding stands at the tip of the series. */
export interface TipPlace {
  path: string;
  line: number;
  endLine: number;
  suggestion?: Suggestion;
  /** The text the commit had on each line of the finding and its suggestion, by tip line number. */
  text: Map<number, string>;
}

export interface SeriesFinding {
  finding: Finding;
  sha: string;
  subject: string;
  /** Null for the commit message, and for lines a later commit changed. */
  tip: TipPlace | null;
  /** Why the finding (or its suggestion) has no place at the tip. */
  note?: string;
  fingerprint: string;
  /** The group of the finding (src/report/voices.ts): what makes one comment with it. */
  group?: FindingGroup;
}

export interface SeriesReview {
  results: MessageResult[];
  findings: SeriesFinding[];
  tally: Tally;
}

/**
 * The largest commit, as a patch, the Action reviews: a QAPI patch of 1 MB
 * with findings on every other line takes a few seconds, so this bounds a
 * run to a couple of minutes.  A larger commit is reported as too large to
 * review, never silently passed over.
 */
export const MAX_PATCH_BYTES = 16 * 1024 * 1024;

/**
 * The patches of one pull request together: many commits each just under
 * MAX_PATCH_BYTES would otherwise add up to hours of review.  Commits past
 * it are reported as too large, like one large commit.
 */
export const MAX_SERIES_BYTES = 4 * MAX_PATCH_BYTES;

/** How the skip reason of a commit over MAX_PATCH_BYTES begins. */
const TOO_LARGE = 'too large to review';

/** The commit's patch is over the size limit: `bytes` is at least what was read before giving up. */
export class PatchTooLargeError extends Error {
  override name = 'PatchTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${TOO_LARGE}: the patch is over the limit of ${limit} bytes (${megabytes(limit)})`);
  }
}

/** The skip reason of a commit that does not fit in what is left of MAX_SERIES_BYTES. */
const seriesTooLarge = (limit: number): string =>
  `${TOO_LARGE}: the patches of the pull request up to this commit are over the limit of ${limit} bytes (${megabytes(limit)}) together`;

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/** Fetches the commit as a patch; throws PatchTooLargeError past `limit` bytes. */
export type PatchSource = (sha: string, limit: number) => Promise<Buffer>;

export async function reviewSeries(
  commits: readonly SeriesCommit[],
  fetchPatch: PatchSource,
  choice: RuleChoice,
  maxPatchBytes = MAX_PATCH_BYTES,
  maxSeriesBytes = MAX_SERIES_BYTES,
): Promise<SeriesReview> {
  const results = new Map<number, MessageResult>();
  commits.forEach((c, index) => {
    if (c.parents > 1) results.set(index, skipped(c, index, skip('merge', MERGE_REASON)));
  });
  const inputs = async function* (): AsyncGenerator<RawMessage | UnreadableInput> {
    let left = maxSeriesBytes;
    for (const [index, c] of commits.entries()) {
      if (c.parents > 1) continue;
      const source = `commit ${short(c.sha)}`;
      // Once the series budget is spent, every later commit is over it too: none is fetched.
      if (left <= 0) {
        results.set(index, skipped(c, index, skip('too-large', seriesTooLarge(maxSeriesBytes))));
        continue;
      }
      const limit = Math.min(maxPatchBytes, left);
      try {
        const bytes = await fetchPatch(c.sha, limit);
        left -= bytes.length;
        yield { index, source, offset: 0, bytes, ...(c.committed ? { committed: c.committed } : {}) };
      } catch (error) {
        if (error instanceof PatchTooLargeError) {
          // Past a limit lowered by the series budget, the series is what the commit does not fit in.
          const overSeries = limit < maxPatchBytes;
          results.set(index, skipped(c, index, skip('too-large', overSeries ? seriesTooLarge(maxSeriesBytes) : error.message)));
          if (overSeries) left = 0;
          continue;
        }
        yield { index, source, offset: 0, error: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  // The commits are one series, whatever their subjects say: a later one may extend what an earlier one added,
  // or use what it defined. Its length is known, so a finding that waits for the later commits is judged at the last.
  const placeOf = (_mail: unknown, index: number) => ({ key: 'pull request', number: index + 1, total: commits.length });
  for await (const result of reviewMessages(inputs(), choice.rules, {
    severity: choice.severity,
    placeOf,
    ...(choice.exclude ? { exclude: choice.exclude } : {}),
  }))
    results.set(result.index, result);

  const ordered = commits.map((_, i) => results.get(i)!);
  const diffs = ordered.map((r, i) => commitDiff(commits[i]!.sha, r));
  const tally = new Tally();
  const findings: SeriesFinding[] = [];
  const seen = new Set<string>();
  ordered.forEach((result, i) => {
    tally.add(result);
    const diff = diffs[i]!;
    const groups = new Map((result.groups ?? []).map((g) => [g.id, g]));
    const later = diffs.slice(i + 1);
    // One view per file of the commit, shared by its findings: building it per finding made a large patch quadratic.
    const views = new Map<string, FileView | undefined>();
    for (const finding of result.findings) {
      const placed = place(finding, commits[i]!.sha, result.subject || commits[i]!.title, diff, later, views);
      const group = finding.group === undefined ? undefined : groups.get(finding.group);
      if (group) placed.group = group;
      // The same finding reached from two commits (a range both touch) is one finding at the tip.
      if (seen.has(placed.fingerprint)) continue;
      seen.add(placed.fingerprint);
      findings.push(placed);
    }
  });
  return { results: ordered, findings, tally };
}

const MERGE_REASON = 'merge commit: its changes come from the branches it joins';

function skipped(c: SeriesCommit, index: number, reason: SkipReason): MessageResult {
  return { index, source: `commit ${short(c.sha)}`, messageId: null, subject: c.title, status: 'skipped', reason, findings: [], failures: [], mail: null };
}

function commitDiff(sha: string, result: MessageResult): CommitDiff {
  // Whatever the review made of the mail (a commit titled "Re: …" is skipped as a reply), its diff still moves lines.
  if (result.mail) {
    try {
      return { sha, files: (result.patch ?? readPatch(result.mail)).files };
    } catch {
      return { sha, files: null, why: 'its diff could not be read' };
    }
  }
  if (result.reason?.kind === 'merge') return { sha, files: null, why: 'is a merge' };
  if (result.reason?.kind === 'too-large') return { sha, files: null, why: 'is too large to review' };
  return { sha, files: null, why: 'could not be read' };
}

function place(
  finding: Finding,
  sha: string,
  subject: string,
  own: CommitDiff,
  later: readonly CommitDiff[],
  views: Map<string, FileView | undefined>,
): SeriesFinding {
  const base = { finding, sha, subject };
  const unplaced = (note?: string): SeriesFinding => ({
    ...base,
    tip: null,
    ...(note ? { note } : {}),
    fingerprint: fingerprint(['commit', subject, finding.rule, finding.file, finding.line, finding.endLine, finding.message]),
  });
  if (finding.file === COMMIT_MESSAGE || own.files === null) return unplaced();
  const endLine = finding.endLine ?? finding.line;
  const range = carryRange(finding.file, finding.line, endLine, later);
  if (!range.ok) return unplaced(`not shown at the tip: ${range.why}`);

  if (!views.has(finding.file)) views.set(finding.file, viewOf(own.files, finding.file));
  const view = views.get(finding.file);
  const shift = range.line - finding.line;
  const text = new Map<number, string>();
  const remember = (from: number, to: number, by: number) => {
    for (let n = from; n <= to; n++) {
      const t = view?.line(n)?.text;
      if (t !== undefined) text.set(n + by, t);
    }
  };
  remember(finding.line, endLine, shift);
  const tip: TipPlace = { path: range.path, line: range.line, endLine: range.endLine!, text };
  let note: string | undefined;
  const s = finding.suggestion;
  if (s) {
    const moved = carryRange(finding.file, s.line, s.endLine, later);
    if (moved.ok && moved.path === range.path) {
      tip.suggestion = { line: moved.line, endLine: moved.endLine!, text: s.text };
      remember(s.line, s.endLine, moved.line - s.line);
    } else {
      note = `suggestion left out: ${moved.ok ? 'its lines moved to another file' : moved.why}`;
    }
  }
  return {
    ...base,
    tip,
    ...(note ? { note } : {}),
    fingerprint: fingerprint([
      'tip',
      finding.rule,
      tip.path,
      tip.line,
      tip.endLine,
      finding.message,
      tip.suggestion?.line,
      tip.suggestion?.endLine,
      tip.suggestion?.text,
    ]),
  };
}

function viewOf(files: readonly FileDiff[], path: string) {
  const file = files.find((f) => f.path === path && f.newPath !== null);
  return file ? viewOfDiff(file) : undefined;
}
