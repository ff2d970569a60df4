/**
 * gcc-style text: each reviewed patch's findings under its subject, a
 * suggested fix under the first finding it belongs to, then a summary.
 */
import type { Finding, Severity, Suggestion as LineFix } from '../engine/types.js';

type Suggestion = LineFix & { file: string };
import type { MessageResult } from '../review/review.js';
import type { Output, Reporter } from './types.js';
import { Tally, plural } from './tally.js';
import { isRoutineSkip } from '../review/classify.js';

const ANSI = { bold: [1, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39], dim: [2, 22] } as const;
type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };
const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export interface TextOptions {
  color: boolean;
  /** List every skipped message, not only the ones that failed to parse. */
  verbose: boolean;
}

export class TextReporter implements Reporter {
  private readonly tally = new Tally();
  private readonly problems: MessageResult[] = [];
  private readonly routine: MessageResult[] = [];
  private routineHidden = 0;

  constructor(private readonly out: Output, private readonly options: TextOptions) {}

  private style(style: Style, text: string): string {
    if (!this.options.color) return text;
    const [on, off] = ANSI[style];
    return `\x1b[${on}m${text}\x1b[${off}m`;
  }

  message(result: MessageResult): void {
    this.tally.add(result);
    if (result.status === 'skipped') {
      const routine = isRoutineSkip(result.reason);
      // Routine skips are only counted unless asked for: an archive is mostly replies.
      if (!routine) this.problems.push(result);
      else if (this.options.verbose) this.routine.push(result);
      else this.routineHidden++;
      return;
    }
    if (result.findings.length === 0 && result.failures.length === 0) return;
    this.out.write(`${this.style('bold', displaySubject(result))}\n`);
    const shown: Suggestion[] = [];
    for (const finding of result.findings) this.writeFinding(finding, shown);
    for (const failure of result.failures) {
      this.out.write(`${this.style('red', 'internal error')} in rule ${failure.rule}: ${failure.error} (please report this)\n`);
    }
    this.out.write('\n');
  }

  /** `shown` holds the fixes printed so far for this patch: one fix per stretch of lines is enough to read. */
  private writeFinding(f: Finding, shown: Suggestion[]): void {
    const where = `${f.file}:${f.line}:${f.column !== undefined ? `${f.column}:` : ''}`;
    const severity = this.style(SEVERITY_STYLE[f.severity], `${SEVERITY_WORD[f.severity]}:`);
    this.out.write(`${this.style('bold', where)} ${severity} ${f.message} ${this.style('dim', `[${f.rule}]`)}\n`);
    if (!f.suggestion) return;
    const fix = { ...f.suggestion, file: f.file };
    const overlapping = shown.find((s) => s.file === fix.file && s.line <= fix.endLine && fix.line <= s.endLine);
    if (overlapping) {
      if (overlapping.text !== fix.text) this.out.write(`    ${this.style('dim', '(its fix overlaps the one suggested above: apply that, then review again)')}\n`);
      return;
    }
    shown.push(fix);
    const lines = f.suggestion.text.split('\n');
    const label = f.suggestion.endLine > f.suggestion.line ? `lines ${f.suggestion.line}-${f.suggestion.endLine}` : `line ${f.suggestion.line}`;
    this.out.write(`    ${this.style('green', `suggested ${label}:`)}\n`);
    for (const line of lines) this.out.write(`    ${this.style('green', '|')} ${line}\n`);
  }

  end(): void {
    const listed = this.options.verbose ? [...this.problems, ...this.routine] : this.problems;
    if (listed.length > 0) {
      this.out.write(`${this.style('bold', 'Skipped:')}\n`);
      for (const r of listed.sort((a, b) => a.index - b.index)) {
        this.out.write(`  message ${r.index + 1} (${r.source}${r.subject ? `, "${displaySubject(r)}"` : ''}): ${r.reason}\n`);
      }
    }
    this.out.write(`${summaryLine(this.tally, this.routineHidden)}\n`);
  }
}

/** The subject on one line: a decoded subject may hold CR, LF or other controls meant to break the output. */
function displaySubject(result: MessageResult): string {
  return (result.subject || result.source).replace(/[\x00-\x1f\x7f]+/g, ' ');
}

/** "2 replies", "1 cover letter", "3 without a diff": the kinds of skips, counted. */
function skipCount(kind: string, n: number): string {
  switch (kind) {
    case 'reply':
      return plural(n, 'reply', 'replies');
    case 'cover letter':
      return plural(n, 'cover letter');
    case 'pull request':
      return plural(n, 'pull request');
    case 'not a patch':
    case 'no diff found, although the subject says PATCH':
      return `${n} without a diff`;
    case 'internal error':
      return plural(n, 'internal error');
    default:
      return `${n} ${kind}`;
  }
}

function summaryLine(t: Tally, routineHidden: number): string {
  const findings = t.bySeverity.error + t.bySeverity.warning + t.bySeverity.info;
  const counts = findings === 0
    ? 'no findings'
    : [
        t.bySeverity.error && plural(t.bySeverity.error, 'error'),
        t.bySeverity.warning && plural(t.bySeverity.warning, 'warning'),
        t.bySeverity.info && plural(t.bySeverity.info, 'note'),
      ].filter(Boolean).join(', ');
  let skipped = '';
  if (t.skipped > 0) {
    const reasons = [...t.skipReasons].map(([reason, n]) => skipCount(reason, n)).join(', ');
    skipped = `, ${plural(t.skipped, 'message')} skipped (${reasons})`;
    if (routineHidden > 0) skipped += '; --verbose lists them';
  }
  return `${plural(t.reviewed, 'patch', 'patches')} reviewed${skipped}: ${counts}`;
}
