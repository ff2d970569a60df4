/**
 * `--format b4-review` (first called `b4`): the CI check protocol of `b4 review`
 * (`review-perpatch-check-cmd`): one mail on standard input, a JSON array
 * on standard output,
 *
 *     [{ "tool": "qemu-review", "status": "pass" | "warn" | "fail", "summary", "url"?, "details"? }]
 *
 * and `[]` when there is nothing to report (a cover letter, a reply, no
 * patch).  `details` is a JSON list of `{ status, description, srcline? }`,
 * the form b4's own checkpatch check uses, which its detail view renders
 * entry by entry.  Several messages in one input give one array per
 * message, one per line; an input with no message gives `[]`.
 */
import { COMMIT_MESSAGE, type Finding, type Severity } from '../engine/types.js';
import type { MessageResult } from '../review/review.js';
import type { Output, Reporter } from './types.js';
import { isRoutineSkip } from '../review/skip.js';

export const B4_TOOL = 'qemu-review';

export type B4Status = 'pass' | 'warn' | 'fail';

export interface B4CheckResult {
  tool: string;
  status: B4Status;
  summary: string;
  url?: string;
  details?: string;
}

interface B4Detail {
  status: B4Status;
  description: string;
  srcline?: string;
}

/** A note (info) does not make a patch worse than passing, as it does not fail the run. */
const STATUS: Record<Severity, B4Status> = { error: 'fail', warning: 'warn', info: 'pass' };
const WORD: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['note', 'notes'] };

export interface B4Options {
  /** A page for the maintainer to open (b4 shows it under the result); none by default. */
  url?: string;
}

export class B4Reporter implements Reporter {
  private written = 0;

  constructor(
    private readonly out: Output,
    private readonly options: B4Options = {},
  ) {}

  message(result: MessageResult): void {
    this.out.write(`${JSON.stringify(b4Results(result, this.options))}\n`);
    this.written++;
  }

  end(): void {
    if (this.written === 0) this.out.write('[]\n');
  }
}

/** What b4 gets for one message. */
export function b4Results(result: MessageResult, options: B4Options = {}): B4CheckResult[] {
  const url = options.url ? { url: options.url } : {};
  if (result.status === 'skipped') {
    if (isRoutineSkip(result.reason)) return [];
    return [{ tool: B4_TOOL, status: 'warn', summary: `not reviewed: ${result.reason?.text ?? 'no reason given'}`, ...url }];
  }
  const body = result.mail?.body.split('\n') ?? [];
  const details: B4Detail[] = result.findings.map((f) => detail(f, body));
  for (const failure of result.failures) {
    details.push({ status: 'warn', description: `internal error in rule ${failure.rule}: ${failure.error} (please report this)` });
  }
  if (details.length === 0) return [{ tool: B4_TOOL, status: 'pass', summary: 'no findings', ...url }];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const status: B4Status = counts.error > 0 ? 'fail' : counts.warning > 0 || result.failures.length > 0 ? 'warn' : 'pass';
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${WORD[s][counts[s] === 1 ? 0 : 1]}`);
  if (result.failures.length > 0) parts.push(`${result.failures.length} rule${result.failures.length === 1 ? '' : 's'} failed`);
  return [{ tool: B4_TOOL, status, summary: parts.join(', '), ...url, details: JSON.stringify(details) }];
}

function detail(f: Finding, body: string[]): B4Detail {
  const where = f.file === COMMIT_MESSAGE ? `commit message line ${f.line}` : `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;
  const entry: B4Detail = { status: STATUS[f.severity], description: `${where}: ${f.message} [${f.rule}]` };
  // The offending line as context, the way b4 shows checkpatch's commit-message complaints.
  const line = f.patchLine === undefined ? undefined : body[f.patchLine - 1]?.trim();
  if (line) entry.srcline = line;
  return entry;
}
