/**
 * The job summary: written in every mode, and the one report a read-only
 * token still allows.  It lists every patch and every finding, up to what
 * the runner accepts.
 */
import * as core from '@actions/core';
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { Tally } from '../report/tally.js';
import type { MessageResult } from '../review/review.js';
import { short } from './line-map.js';
import { cell, code, inline, SEVERITY_WORD } from './markdown.js';
import type { SeriesFinding } from './series.js';

/**
 * The runner takes at most 1 MiB of summary per step; this many rows of
 * findings stay well under it with room for the rest.
 */
export const MAX_SUMMARY_ROWS = 1000;

export interface SummaryInput {
  /** What was reviewed, e.g. "pull request #7" or "tag patchew/…". */
  what: string;
  results: readonly MessageResult[];
  findings: readonly SeriesFinding[];
  tally: Tally;
  /** Things the reader must know: a fallback and its reason, a limit met. */
  notes: readonly string[];
  /** Link findings to the code at this commit, when set. */
  blob?: { serverUrl: string; owner: string; repo: string; sha: string };
}

export function countsLine(tally: Tally): string {
  const n = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;
  const total = tally.bySeverity.error + tally.bySeverity.warning + tally.bySeverity.info;
  const counts =
    total === 0 ? 'no findings' : [n(tally.bySeverity.error, 'error'), n(tally.bySeverity.warning, 'warning'), n(tally.bySeverity.info, 'note')].join(', ');
  return `${n(tally.reviewed, 'patch', 'patches')} reviewed: ${counts}`;
}

export function summaryMarkdown(input: SummaryInput): string {
  const what = inline(input.what);
  const out: string[] = ['## qemu-review', '', input.results.length > 0 ? `${what}: ${countsLine(input.tally)}.` : `${what}.`, ''];
  for (const note of input.notes) out.push(quote(note));
  if (input.results.length > 0) out.push('| # | commit | patch | status |', '|---|---|---|---|');
  for (const r of input.results) {
    const status = r.status === 'reviewed' ? `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}` : `skipped: ${r.reason?.text ?? ''}`;
    out.push(`| ${r.index + 1} | ${code(r.source.replace(/^commit /, ''))} | ${cell(inline(r.subject))} | ${cell(inline(status))} |`);
  }
  if (input.findings.length > 0) {
    out.push('', '| severity | where | rule | message |', '|---|---|---|---|');
    for (const item of input.findings.slice(0, MAX_SUMMARY_ROWS)) out.push(row(item, input.blob));
    if (input.findings.length > MAX_SUMMARY_ROWS) {
      out.push('', `… and ${input.findings.length - MAX_SUMMARY_ROWS} more findings, left out to keep this summary under the runner's 1 MiB limit.`);
    }
  }
  return `${out.join('\n')}\n`;
}

export async function writeSummary(input: SummaryInput): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written');
    return;
  }
  await core.summary.addRaw(summaryMarkdown(input)).write();
}

/** Notes learnt after the summary was written (how posting went), added at its end. */
export async function appendSummaryNotes(notes: readonly string[]): Promise<void> {
  if (notes.length === 0 || !process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(`\n${notes.map(quote).join('\n')}`).write();
}

const quote = (note: string): string => `> ${note.replace(/\n/g, '\n> ')}\n`;

function row(item: SeriesFinding, blob: SummaryInput['blob']): string {
  const f = item.finding;
  let where: string;
  if (item.tip) {
    const text = `${item.tip.path}:${item.tip.line}`;
    where = blob ? `[${code(text)}](${blob.serverUrl}/${blob.owner}/${blob.repo}/blob/${blob.sha}/${encodeURI(item.tip.path)}#L${item.tip.line})` : code(text);
  } else {
    where = `${code(`${f.file}:${f.line}`)} of ${short(item.sha)}`;
    if (f.file !== COMMIT_MESSAGE && item.note) where += ` (${inline(item.note)})`;
  }
  return `| ${SEVERITY_WORD[f.severity]} | ${cell(where)} | ${code(f.rule)} | ${cell(inline(f.message))} |`;
}
