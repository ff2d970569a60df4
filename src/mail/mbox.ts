/**
 * Streaming mbox splitter. Works on bytes only: mails are decoded later by the MIME parser,
 * which needs the original bytes (latin-1, 8bit and base64 bodies depend on it).
 *
 * A line is an envelope only when it starts with `From `, sits at the start of the input or after
 * a blank line, and the next line is a header field. That is git mailsplit's rule, and it keeps
 * unescaped body lines (`From 2019 onwards…` in raw `git format-patch --stdout` output) from
 * cutting a mail in two, while accepting envelopes such as `From A` or `From nobody`.
 */
import { isBlankLine, isHeaderFieldLine, startsWithEnvelopePrefix } from './header-line.js';

/**
 * How `From ` lines inside messages were escaped when the mbox was written.
 * - `mboxrd` (lore, public-inbox, `git format-patch --pretty=mboxrd`): `>From `, `>>From `… each lose one `>`.
 * - `mboxo`: only `>From ` becomes `From ` (deeper quoting is left alone, it is ambiguous there).
 * - `none`: bytes are kept as they are (raw `git format-patch --stdout`).
 */
export type MboxEscape = 'mboxrd' | 'mboxo' | 'none';

export interface SplitOptions {
  /** Default `mboxrd`. */
  escape?: MboxEscape;
}

/** One message cut out of an mbox: envelope line and separator blank line removed, un-escaped. */
export interface MboxMessage {
  /** Byte offset of the envelope line in the input (of the first line for content before any envelope). */
  offset: number;
  bytes: Buffer;
  /** The envelope line the message stood under, without its line end (at most 200 characters). */
  envelope?: string;
}

const LF = 0x0a;
const GT = 0x3e;

/**
 * The splitter as a push parser, for callers that need its state between chunks
 * (`pendingOffset` tells which message a failing stream was in the middle of).
 * Pushed chunks are referenced, not copied, until their message is emitted: don't reuse them.
 */
export class MboxSplitter {
  private readonly escape: MboxEscape;
  /** Pieces of a line that has not seen its LF yet. */
  private partial: Buffer[] = [];
  /** Offset of the first byte of the line being assembled. */
  private lineStart = 0;
  /** Lines of the message being cut, or null before the first one. */
  private parts: Buffer[] | null = null;
  private messageOffset = 0;
  /** The envelope line of the message being cut, or null for content before any envelope. */
  private messageEnvelope: Buffer | null = null;
  /** A blank line withheld because it is the separator if an envelope follows. */
  private heldBlank: Buffer | null = null;
  /** A `From ` line waiting for the next line to tell whether it is an envelope. */
  private candidate: { line: Buffer; offset: number } | null = null;
  private atStart = true;
  private ready: MboxMessage[] = [];

  constructor(options: SplitOptions = {}) {
    this.escape = options.escape ?? 'mboxrd';
  }

  /** Total bytes pushed so far. */
  get bytesSeen(): number {
    let n = this.lineStart;
    for (const p of this.partial) n += p.length;
    return n;
  }

  /** Offset of the message not yet emitted, if any bytes of one have been seen. */
  get pendingOffset(): number | null {
    if (this.parts !== null) return this.messageOffset;
    if (this.candidate !== null) return this.candidate.offset;
    return null;
  }

  /** Feeds one chunk; returns the messages it completed. */
  push(chunk: Uint8Array): MboxMessage[] {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(LF, start);
      if (nl === -1) {
        this.partial.push(buf.subarray(start));
        break;
      }
      let line = buf.subarray(start, nl + 1);
      if (this.partial.length > 0) {
        this.partial.push(line);
        line = Buffer.concat(this.partial);
        this.partial = [];
      }
      this.takeLine(line, this.lineStart);
      this.lineStart += line.length;
      start = nl + 1;
    }
    return this.drain();
  }

  /** Signals the end of input; returns the last message(s). */
  end(): MboxMessage[] {
    if (this.partial.length > 0) {
      // A last line without a final newline is kept as it is.
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.takeLine(line, this.lineStart);
      this.lineStart += line.length;
    }
    if (this.candidate !== null) {
      // A `From ` line with nothing after it cannot open a message.
      const c = this.candidate;
      this.candidate = null;
      this.flushBlank();
      this.appendLine(c.line, c.offset);
    }
    // The blank line after the last message is a separator too: writers add it to every message.
    this.heldBlank = null;
    this.finishMessage();
    return this.drain();
  }

  private takeLine(line: Buffer, offset: number): void {
    if (this.candidate !== null) {
      const c = this.candidate;
      this.candidate = null;
      if (isHeaderFieldLine(line)) {
        this.heldBlank = null;
        this.finishMessage();
        this.parts = [];
        this.messageOffset = c.offset;
        this.messageEnvelope = c.line;
        this.appendLine(line, offset);
        return;
      }
      // Not an envelope: an unescaped `From ` body line, kept byte for byte.
      this.flushBlank();
      this.appendLine(c.line, c.offset);
    }
    if (isBlankLine(line)) {
      this.flushBlank();
      this.heldBlank = line;
      this.atStart = false;
      return;
    }
    if ((this.heldBlank !== null || this.atStart) && startsWithEnvelopePrefix(line)) {
      this.candidate = { line, offset };
      this.atStart = false;
      return;
    }
    this.atStart = false;
    this.flushBlank();
    this.appendLine(this.unescape(line), offset);
  }

  private flushBlank(): void {
    if (this.heldBlank === null) return;
    const blank = this.heldBlank;
    this.heldBlank = null;
    // Blank lines before any content belong to no message.
    if (this.parts !== null) this.appendLine(blank, 0);
  }

  /** Adds a line to the current message, starting a headless one for content before any envelope. */
  private appendLine(line: Buffer, offset: number): void {
    if (this.parts === null) {
      if (isBlankLine(line)) return;
      this.parts = [];
      this.messageOffset = offset;
      this.messageEnvelope = null;
    }
    const parts = this.parts;
    const last = parts[parts.length - 1];
    // Consecutive lines of one chunk are adjacent in memory: keep them as one piece, so
    // finishing a message concatenates a few pieces instead of one per line.
    if (last !== undefined && last.buffer === line.buffer && last.byteOffset + last.length === line.byteOffset) {
      parts[parts.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + line.length);
    } else {
      parts.push(line);
    }
  }

  private unescape(line: Buffer): Buffer {
    if (this.escape === 'none' || line[0] !== GT) return line;
    let depth = 1;
    while (line[depth] === GT) depth++;
    if (!startsWithEnvelopePrefix(line, depth)) return line;
    if (this.escape === 'mboxo' && depth !== 1) return line;
    return line.subarray(1);
  }

  private finishMessage(): void {
    if (this.parts !== null && this.parts.length > 0) {
      // Always copy: a message must not pin the (possibly large) chunks it was cut from.
      const message: MboxMessage = { offset: this.messageOffset, bytes: Buffer.concat(this.parts) };
      if (this.messageEnvelope !== null) message.envelope = envelopeText(this.messageEnvelope);
      this.ready.push(message);
    }
    this.parts = null;
  }

  private drain(): MboxMessage[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }
}

/** The line as text (latin1: every byte kept), without its line end, short enough to carry along. */
function envelopeText(line: Buffer): string {
  return line.subarray(0, 200).toString('latin1').replace(/\r?\n$/, '');
}

/**
 * Splits an mbox read as a stream of chunks into its messages, holding only the message being cut.
 * The output is the same whatever the chunk boundaries.
 */
export async function* splitMbox(
  chunks: AsyncIterable<Uint8Array>,
  options: SplitOptions = {},
): AsyncGenerator<MboxMessage> {
  const splitter = new MboxSplitter(options);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
