/**
 * `--format checkpatch`: the lines QEMU's
 * `scripts/checkpatch.pl -q --terse --no-summary --mailback -` prints, so
 * that qemu-review can stand in for it (or next to it) wherever checkpatch
 * is wired: b4's `am-perpatch-check-cmd` / `prep-perpatch-check-cmd` (QEMU's
 * .b4-config), `b4 review`'s checkpatch parser, editors' compile mode.
 *
 *     <name>:<line>: ERROR: <message>
 *
 * `<name>` is `-` for standard input and the path otherwise; `<line>`
 * counts the lines of the input as checkpatch reads it, mail header
 * included (b4 looks the line up in the bytes it fed).  Like --mailback,
 * nothing is printed for a clean patch or for what is not a patch.  Our
 * severities map to checkpatch's: error ERROR, warning WARNING, and info
 * CHECK (Linux checkpatch's level below a warning, which b4 reads as a
 * warning too; QEMU's fork never prints it).  checkpatch exits 1 only on an
 * ERROR: CHECKPATCH_FAIL_ON is the --fail-on that matches.
 */
import { COMMIT_MESSAGE, type Finding, type Severity } from '../engine/types.js';
import { STDIN_SOURCE } from '../mail/input.js';
import type { Mail, RawMessage, UnreadableInput } from '../mail/types.js';
import { readPatch } from '../patch/read-patch.js';
import type { Patch } from '../patch/types.js';
import type { MessageResult } from '../review/review.js';
import type { Output, Reporter } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', info: 'CHECK' };

/** checkpatch.pl exits 1 when a patch has an ERROR, never for warnings alone (no --strict). */
export const CHECKPATCH_FAIL_ON: Severity = 'error';

export interface CheckpatchOptions {
  /** The bytes of message `index` as read, to count its lines as checkpatch does (see RawMessageTap). */
  rawMessage?: (index: number) => Uint8Array | undefined;
  /** Lines of the input above those bytes (an mbox envelope line), see RawMessageTap. */
  linesBefore?: (index: number) => number;
}

export class CheckpatchReporter implements Reporter {
  private errors = 0;

  constructor(
    private readonly out: Output,
    private readonly options: CheckpatchOptions = {},
  ) {}

  message(result: MessageResult): void {
    if (result.status !== 'reviewed' || result.findings.length === 0) return;
    const name = result.source === STDIN_SOURCE ? '-' : result.source;
    const mail = result.mail;
    const raw = this.options.rawMessage?.(result.index);
    const lineOf = mail && mail.body !== '' ? inputLines(mail, raw === undefined ? undefined : Buffer.from(raw), result.patch) : null;
    const ordered = result.findings
      .map((f) => ({ f, line: (lineOf ? lineOf(f) : f.line) + (this.options.linesBefore?.(result.index) ?? 0) }))
      .sort((a, b) => a.line - b.line || (a.f.column ?? 0) - (b.f.column ?? 0));
    for (const { f, line } of ordered) {
      // checkpatch's terse mode keeps the first line of a report; a message is one line anyway.
      const text = `${f.message} [${f.rule}]`.replace(/\s*\n\s*/g, ' ');
      this.out.write(`${name}:${line}: ${LEVEL[f.severity]}: ${text}\n`);
      if (f.severity === 'error') this.errors++;
    }
  }

  end(): void {}

  /** checkpatch's exit status: 1 when an ERROR was printed, else 0. */
  get exitStatus(): 0 | 1 {
    return this.errors > 0 ? 1 : 0;
  }
}

/**
 * How a finding's place maps to a line of the input: the body line it is
 * on, shifted by the header (and envelope) lines above the body.  Findings
 * with no body line take the line of their file's `diff` header, or of the
 * Subject for the commit title.
 */
function inputLines(mail: Mail, raw: Buffer | undefined, patch: Patch | undefined): (f: Finding) => number {
  const map = raw === undefined ? null : bodyLineMap(raw, mail.body);
  const toInput = (bodyLine: number): number => (map ? (map(bodyLine) ?? bodyLine) : bodyLine);
  let diffHeaders: Map<string, number> | undefined;
  return (f) => {
    if (f.patchLine !== undefined) return toInput(f.patchLine);
    if (f.file === COMMIT_MESSAGE) return (raw && subjectLine(raw)) ?? 1;
    // The review's own reading of the patch; read again only for a result that comes without it.
    diffHeaders ??= new Map((patch ?? readPatch(mail)).files.map((file) => [file.path, file.patchLine]));
    const header = diffHeaders.get(f.file);
    return header === undefined ? 1 : toInput(header);
  };
}

/** Lines of raw bytes, without their line ends; a final line end starts no line. */
function rawLines(raw: Buffer): string[] {
  const lines = raw.toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The 1-based input line of the Subject header. */
function subjectLine(raw: Buffer): number | undefined {
  const lines = rawLines(raw);
  for (let i = 0; i < lines.length && lines[i] !== ''; i++) if (/^subject:/i.test(lines[i]!)) return i + 1;
  return undefined;
}

/**
 * Input line of each decoded body line.  A 7bit/8bit single-part mail is
 * the body after the header; quoted-printable soft breaks make one decoded
 * line of several input lines; anything else (MIME parts, attachments) is
 * aligned by content, line by line, which holds for unencoded parts.
 * Lines that cannot be placed (base64) get undefined.
 */
export function bodyLineMap(raw: Buffer, body: string): (bodyLine: number) => number | undefined {
  const lines = rawLines(raw);
  let headerEnd = lines.indexOf('');
  if (headerEnd < 0) headerEnd = lines.length;
  const header = lines
    .slice(0, headerEnd)
    .join('\n')
    .replace(/\n[ \t]+/g, ' ');
  const encoding = /^content-transfer-encoding:\s*([^\s;]+)/im.exec(header)?.[1]?.toLowerCase() ?? '7bit';
  const multipart = /^content-type:\s*multipart\//im.test(header);
  const first = headerEnd + 2; // input line of body line 1
  if (!multipart && (encoding === '7bit' || encoding === '8bit' || encoding === 'binary')) return (n) => n + first - 1;
  if (!multipart && encoding === 'quoted-printable') {
    const starts: number[] = [];
    let open = false;
    for (let i = headerEnd + 1; i < lines.length; i++) {
      if (!open) starts.push(i + 1);
      open = lines[i]!.endsWith('=');
    }
    return (n) => starts[n - 1];
  }
  const bodyLines = body.split('\n');
  const wanted = new Map<number, number>();
  let at = headerEnd + 1;
  for (let i = 0; i < bodyLines.length && at < lines.length; i++) {
    const text = Buffer.from(bodyLines[i]!, 'utf8').toString('latin1');
    const found = lines.indexOf(text, at);
    if (found < 0) continue;
    wanted.set(i + 1, found + 1);
    at = found + 1;
  }
  return (n) => wanted.get(n);
}

/**
 * Passes the messages of an input through and keeps the bytes of the latest
 * few, so that a reporter handed the result of message `index` can still
 * read it as sent (results come in input order, right after their message).
 */
export class RawMessageTap {
  private readonly kept = new Map<number, Buffer>();
  private readonly enveloped = new Set<number>();

  constructor(private readonly keep = 2) {}

  async *wrap(inputs: AsyncIterable<RawMessage | UnreadableInput>): AsyncGenerator<RawMessage | UnreadableInput> {
    for await (const input of inputs) {
      if ('bytes' in input) {
        this.kept.set(input.index, input.bytes);
        if (input.envelope) this.enveloped.add(input.index);
        for (const index of this.kept.keys()) {
          if (this.kept.size <= this.keep) break;
          this.kept.delete(index);
          this.enveloped.delete(index);
        }
      }
      yield input;
    }
  }

  bytes(index: number): Buffer | undefined {
    return this.kept.get(index);
  }

  /** Lines above the bytes that checkpatch.pl still counts: the mbox envelope line `git format-patch` writes. */
  linesBefore(index: number): number {
    return this.enveloped.has(index) ? 1 : 0;
  }
}
