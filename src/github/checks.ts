/**
 * The check run reporter, for pushed series (patchew's tags) and for
 * `mode: check`: one check run on the tip commit, its annotations sent 50
 * per request as the Checks API requires (each update appends), its
 * conclusion from `fail-on`.
 */
import type { FailOn } from '../config/config.js';
import { COMMIT_MESSAGE, type Severity } from '../engine/types.js';
import type { RepoRef } from './event.js';
import { short } from './line-map.js';
import { code, inline, oneLine, SEVERITY_WORD, truncate } from './markdown.js';
import { errorMessage, isPermissionError, ReadOnlyTokenError, type Octokit } from './octokit.js';
import { lines } from './review-comments.js';
import type { SeriesFinding, SeriesReview } from './series.js';
import { countsLine, MAX_SUMMARY_ROWS } from './summary.js';

/** The Checks API takes at most 50 annotations per request. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** Limits of a check run's output: summary and text, an annotation's message and details, its title. */
export const MAX_OUTPUT_TEXT = 65_535;
export const MAX_ANNOTATION_TEXT = 64 * 1024;
export const MAX_ANNOTATION_TITLE = 255;

/**
 * Annotations per check run: 20 requests.  A patch with 20,000 findings
 * would otherwise take 400 sequential requests (minutes, and GitHub's
 * secondary rate limit); the most severe are annotated, and the summary
 * says how many were not.
 */
export const MAX_CHECK_ANNOTATIONS = 1000;

export const CHECK_NAME = 'qemu-review';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const LEVEL: Record<Severity, 'failure' | 'warning' | 'notice'> = { error: 'failure', warning: 'warning', info: 'notice' };

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
  raw_details?: string;
}

export type Conclusion = 'success' | 'neutral' | 'failure';

export interface CheckOutcome {
  id: number;
  conclusion: Conclusion;
  annotations: number;
  requests: number;
}

export function conclusionOf(series: SeriesReview, failOn: FailOn): Conclusion {
  if (failOn !== 'never' && series.tally.atLeast(failOn) > 0) return 'failure';
  return series.findings.length > 0 ? 'neutral' : 'success';
}

export async function postCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
  what: string,
  series: SeriesReview,
  failOn: FailOn,
  notes: readonly string[] = [],
  /** A Markdown section after the counts and notes (the follow-up on an earlier version). */
  section: string | null = null,
): Promise<CheckOutcome> {
  const placed = series.findings.filter((f) => f.tip);
  const chosen =
    placed.length <= MAX_CHECK_ANNOTATIONS
      ? placed
      : [...placed].sort((a, b) => ORDER[a.finding.severity] - ORDER[b.finding.severity]).slice(0, MAX_CHECK_ANNOTATIONS);
  const annotations = chosen.map(annotation);
  if (placed.length > chosen.length) {
    notes = [
      ...notes,
      `${placed.length - chosen.length} of the ${placed.length} findings with a place are not annotated: a check run takes ${MAX_CHECK_ANNOTATIONS} here, the most severe first. The job summary lists the first ${MAX_SUMMARY_ROWS} findings; the counts above cover them all.`,
    ];
  }
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += MAX_ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  const conclusion = conclusionOf(series, failOn);
  const title = countsLine(series.tally);
  // Notes are Markdown with anything from the patch already escaped (a commit too large to review, say).
  const summary = truncate(
    [`qemu-review reviewed ${inline(what)}: ${title}.`, ...notes.map((n) => `> ${oneLine(n)}`), ...(section === null ? [] : [section])].join('\n\n'),
    MAX_OUTPUT_TEXT,
  );
  const text = outputText(series.findings.filter((f) => !f.tip));
  const output = (batch: Annotation[], last: boolean) => ({
    title,
    summary,
    ...(last && text ? { text } : {}),
    ...(batch.length > 0 ? { annotations: batch } : {}),
  });
  const done = () => ({ status: 'completed' as const, conclusion, completed_at: new Date().toISOString() });

  let id: number;
  try {
    const { data } = await octokit.rest.checks.create({
      ...repo,
      name: CHECK_NAME,
      head_sha: headSha,
      started_at: new Date().toISOString(),
      ...(batches.length === 1 ? done() : { status: 'in_progress' as const }),
      output: output(batches[0]!, batches.length === 1),
    });
    id = data.id;
  } catch (error) {
    if (isPermissionError(error)) throw new ReadOnlyTokenError(errorMessage(error));
    throw error;
  }
  for (let i = 1; i < batches.length; i++) {
    const last = i === batches.length - 1;
    await octokit.rest.checks.update({ ...repo, check_run_id: id, ...(last ? done() : {}), output: output(batches[i]!, last) });
  }
  return { id, conclusion, annotations: annotations.length, requests: batches.length };
}

function annotation(item: SeriesFinding): Annotation {
  const f = item.finding;
  const tip = item.tip!;
  const a: Annotation = {
    path: tip.path,
    start_line: tip.line,
    end_line: tip.endLine,
    annotation_level: LEVEL[f.severity],
    message: truncate(`${f.message}${item.note ? ` (${item.note})` : ''}`, MAX_ANNOTATION_TEXT),
    title: truncate(`${f.rule}: ${SEVERITY_WORD[f.severity]} in ${short(item.sha)}`, MAX_ANNOTATION_TITLE),
  };
  // Columns only mean something on a single line, and the API refuses them otherwise.
  if (tip.line === tip.endLine && f.column !== undefined) {
    a.start_column = f.column;
    if (f.endColumn !== undefined && f.endColumn > f.column) a.end_column = f.endColumn - 1;
  }
  const s = tip.suggestion;
  if (s) a.raw_details = truncate(`Suggested ${lines(s.line, s.endLine)}:\n${s.text}`, MAX_ANNOTATION_TEXT);
  return a;
}

/** Findings an annotation cannot carry: the commit messages', and those on lines changed again later. */
function outputText(findings: readonly SeriesFinding[]): string {
  if (findings.length === 0) return '';
  const out = ['Findings without a place in the tip commit:', ''];
  for (const item of findings) {
    const f = item.finding;
    const why = f.file === COMMIT_MESSAGE ? '' : item.note ? ` _(${inline(item.note)})_` : '';
    out.push(`- **${SEVERITY_WORD[f.severity]}** ${code(`${f.file}:${f.line}`)} of ${short(item.sha)} ${code(f.rule)}: ${inline(f.message)}${why}`);
  }
  return truncate(out.join('\n'), MAX_OUTPUT_TEXT);
}
