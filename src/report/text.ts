/**
 * gcc-style text: each reviewed patch's findings under its subject, spoken
 * in voices (src/report/voices.ts): the findings of one doc paragraph
 * together, its one suggested fix under them, the copies of the same text
 * named rather than repeated; then a summary.
 */
import type { Finding, Severity } from '../engine/types.js';
import type { MessageResult } from '../review/review.js';
import { copiesSentence, voicesOf, type Voice } from './voices.js';
import type { Output, Reporter } from './types.js';
import { Tally, plural } from './tally.js';
import { isRoutineSkip, skipCounts } from '../review/skip.js';

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

  constructor(
    private readonly out: Output,
    private readonly options: TextOptions,
  ) {}

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
    for (const voice of voicesOf(result.findings, result.groups)) this.writeVoice(voice);
    for (const failure of result.failures) {
      this.out.write(`${this.style('red', 'internal error')} in rule ${failure.rule}: ${failure.error} (please report this)\n`);
    }
    this.out.write('\n');
  }

  private writeFinding(f: Finding): void {
    const where = `${f.file}:${f.line}:${f.column !== undefined ? `${f.column}:` : ''}`;
    const severity = this.style(SEVERITY_STYLE[f.severity], `${SEVERITY_WORD[f.severity]}:`);
    const seen = f.seenIn ? ` ${this.style('dim', `(also reported on v${f.seenIn.version}, line ${f.seenIn.line})`)}` : '';
    this.out.write(`${this.style('bold', where)} ${severity} ${f.message}${seen} ${this.style('dim', `[${f.rule}]`)}\n`);
  }

  /** The findings at the voice's place, its one fix, and the copies it stands for. */
  private writeVoice(voice: Voice): void {
    for (const f of voice.lead.findings) this.writeFinding(f);
    const fix = voice.lead.fix;
    if (fix) {
      const label = fix.endLine > fix.line ? `lines ${fix.line}-${fix.endLine}` : `line ${fix.line}`;
      this.out.write(`    ${this.style('green', `suggested ${label}:`)}\n`);
      for (const line of fix.text.split('\n')) this.out.write(`    ${this.style('green', '|')} ${line}\n`);
    }
    const copies = copiesSentence(voice);
    if (copies !== '') this.out.write(`    ${copies}${voice.copies.some((c) => c.fix) ? '  The same fix applies there.' : ''}\n`);
  }

  end(): void {
    const listed = this.options.verbose ? [...this.problems, ...this.routine] : this.problems;
    if (listed.length > 0) {
      this.out.write(`${this.style('bold', 'Skipped:')}\n`);
      for (const r of listed.sort((a, b) => a.index - b.index)) {
        this.out.write(`  message ${r.index + 1} (${r.source}${r.subject ? `, "${displaySubject(r)}"` : ''}): ${r.reason?.text ?? ''}\n`);
      }
    }
    this.out.write(`${summaryLine(this.tally, this.routineHidden)}\n`);
  }
}

/** The subject on one line: a decoded subject may hold CR, LF or other controls meant to break the output. */
function displaySubject(result: MessageResult): string {
  return (result.subject || result.source).replace(/[\x00-\x1f\x7f]+/g, ' ');
}

function summaryLine(t: Tally, routineHidden: number): string {
  const findings = t.bySeverity.error + t.bySeverity.warning + t.bySeverity.info;
  const counts =
    findings === 0
      ? 'no findings'
      : [
          t.bySeverity.error && plural(t.bySeverity.error, 'error'),
          t.bySeverity.warning && plural(t.bySeverity.warning, 'warning'),
          t.bySeverity.info && plural(t.bySeverity.info, 'note'),
        ]
          .filter(Boolean)
          .join(', ');
  let skipped = '';
  if (t.skipped > 0) {
    skipped = `, ${plural(t.skipped, 'message')} skipped (${skipCounts(t.skipKinds)})`;
    if (routineHidden > 0) skipped += '; --verbose lists them';
  }
  const excluded = t.excluded > 0 ? ` (${plural(t.excluded, 'file')} in them excluded by the config)` : '';
  return `${plural(t.reviewed, 'patch', 'patches')} reviewed${excluded}${skipped}: ${counts}`;
}
