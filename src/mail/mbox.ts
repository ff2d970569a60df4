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
  /**
   * A message larger than this many bytes is not kept: it comes out with empty `bytes` and its
   * size in `tooLarge`, and memory stays bounded by the limit however large it is. Default: none.
   */
  maxMessageSize?: number;
}

/** One message cut out of an mbox: envelope line and separator blank line removed, un-escaped. */
export interface MboxMessage {
  /** Byte offset of the envelope line in the input (of the first line for content before any envelope). */
  offset: number;
  bytes: Buffer;
  /** The envelope line the message stood under, without its line end (at most 200 characters). */
  envelope?: string;
  /** Set when the message was over `maxMessageSize`: its size in bytes (`bytes` is then empty). */
  tooLarge?: number;
}

/**
 * What is kept of a line longer than the size limit: enough to tell a blank line, an envelope
 * or a header field (whose name comes first) from any other line.
 */
const LONG_LINE_HEAD = 4096;

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_LINE = Buffer.from('\nFrom ', 'latin1');
const GT_LINE = Buffer.from('\n>', 'latin1');

/**
 * Off with QEMU_REVIEW_MBOX_RUNS=0, or by setting `enabled`: the line-by-line path alone, which
 * the runs must match byte for byte (test/property/mbox.test.ts compares the two).
 */
export const mboxRunSettings = { enabled: process.env['QEMU_REVIEW_MBOX_RUNS'] !== '0' };

/** Where the next occurrence of a pattern is, remembered per chunk: a dense run of short lines must not search the rest of the chunk again for each. */
class NextIndex {
  private buf: Buffer | null = null;
  private from = 0;
  private at = -1;

  constructor(private readonly pattern: Buffer) {}

  /** The first index of the pattern at or after `from` in `buf`, or -1. */
  find(buf: Buffer, from: number): number {
    if (buf !== this.buf || from < this.from || (this.at >= 0 && this.at < from)) {
      this.buf = buf;
      this.from = from;
      this.at = buf.indexOf(this.pattern, from);
    }
    return this.at;
  }
}

/**
 * The splitter as a push parser, for callers that need its state between chunks
 * (`pendingOffset` tells which message a failing stream was in the middle of).
 * Pushed chunks are referenced, not copied, until their message is emitted: don't reuse them.
 */
export class MboxSplitter {
  private readonly escape: MboxEscape;
  private readonly maxMessageSize: number;
  /** Pieces of a line that has not seen its LF yet. */
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** Bytes of the pending line dropped after its head: it is over the size limit. */
  private partialDropped = 0;
  /** Offset of the first byte of the line being assembled. */
  private lineStart = 0;
  /** Lines of the message being cut, or null before the first one. */
  private parts: Buffer[] | null = null;
  private messageOffset = 0;
  /** The envelope line of the message being cut, or null for content before any envelope. */
  private messageEnvelope: Buffer | null = null;
  /** Bytes of the message being cut, counted on even when they are no longer kept. */
  private messageSize = 0;
  /** The message being cut is over the size limit: its lines are counted, not kept. */
  private oversized = false;
  /** A blank line withheld because it is the separator if an envelope follows. */
  private heldBlank: Buffer | null = null;
  /** A `From ` line waiting for the next line to tell whether it is an envelope. */
  private candidate: { line: Buffer; offset: number; length: number } | null = null;
  private atStart = true;
  private ready: MboxMessage[] = [];
  private readonly nextFrom = new NextIndex(FROM_LINE);
  private readonly nextQuote = new NextIndex(GT_LINE);

  constructor(options: SplitOptions = {}) {
    this.escape = options.escape ?? 'mboxrd';
    this.maxMessageSize = options.maxMessageSize ?? Infinity;
  }

  /** Total bytes pushed so far. */
  get bytesSeen(): number {
    return this.lineStart + this.partialLength + this.partialDropped;
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
      if (this.oversized && this.partial.length === 0 && this.candidate === null && this.heldBlank === null) {
        // Lines of a message already over the limit are only counted: in bulk, not one by one.
        const skip = countableBytes(buf, start);
        this.messageSize += skip;
        this.lineStart += skip;
        start += skip;
        if (start >= buf.length) break;
      }
      if (this.inPlainRun()) {
        // Inside a message, the lines up to the next one that may matter go in at once.
        const end = this.plainRunEnd(buf, start);
        if (end > start && this.messageSize + (end - start) <= this.maxMessageSize) {
          this.appendLine(buf.subarray(start, end), this.lineStart, end - start);
          this.lineStart += end - start;
          start = end;
          continue;
        }
      }
      const nl = buf.indexOf(LF, start);
      if (nl === -1) {
        this.addPartial(buf.subarray(start));
        break;
      }
      let line = buf.subarray(start, nl + 1);
      let length = line.length;
      if (this.partial.length > 0) {
        this.addPartial(line);
        ({ line, length } = this.takePartial());
      }
      this.takeLine(line, this.lineStart, length);
      this.lineStart += length;
      start = nl + 1;
    }
    return this.drain();
  }

  /** In the middle of a message with nothing pending: where lines can be taken as runs. */
  private inPlainRun(): boolean {
    return (
      mboxRunSettings.enabled &&
      this.parts !== null &&
      !this.oversized &&
      !this.atStart &&
      this.partial.length === 0 &&
      this.candidate === null &&
      this.heldBlank === null
    );
  }

  /**
   * The end of the run of whole lines from `start` (a line start) that the line-by-line path
   * would append as they are: it stops before a blank line followed by `From ` (a separator),
   * before a `>From ` line that un-escaping changes, before a blank last line (an envelope
   * may follow in the next chunk), and after the last LF of the chunk.
   */
  private plainRunEnd(buf: Buffer, start: number): number {
    let end = buf.lastIndexOf(LF) + 1;
    if (end <= start) return start;
    for (let p = this.nextFrom.find(buf, start); p >= 0 && p < end; p = this.nextFrom.find(buf, p + 1)) {
      // `p` is the LF ending the line before the `From ` line: is that line blank?
      const lineStart = p === start ? start : Math.max(start, buf.lastIndexOf(LF, p - 1) + 1);
      if (p === lineStart || (p === lineStart + 1 && buf[lineStart] === CR)) {
        end = lineStart;
        break;
      }
    }
    if (this.escape !== 'none') {
      const escaped = (line: number): boolean => {
        let depth = 1;
        while (buf[line + depth] === GT) depth++;
        return startsWithEnvelopePrefix(buf, line + depth) && (this.escape === 'mboxrd' || depth === 1);
      };
      if (buf[start] === GT && escaped(start)) return start;
      for (let p = this.nextQuote.find(buf, start); p >= 0 && p + 1 < end; p = this.nextQuote.find(buf, p + 1)) {
        if (escaped(p + 1)) {
          end = p + 1;
          break;
        }
      }
    }
    if (end <= start) return start;
    // The run's last line, when blank, is left to the line-by-line path.
    const lastStart = end < 2 ? 0 : buf.lastIndexOf(LF, end - 2) + 1;
    if (lastStart >= start && isBlankLine(buf.subarray(lastStart, end))) end = lastStart;
    return end;
  }

  /** Signals the end of input; returns the last message(s). */
  end(): MboxMessage[] {
    if (this.partial.length > 0) {
      // A last line without a final newline is kept as it is.
      const { line, length } = this.takePartial();
      this.takeLine(line, this.lineStart, length);
      this.lineStart += length;
    }
    if (this.candidate !== null) {
      // A `From ` line with nothing after it cannot open a message.
      const c = this.candidate;
      this.candidate = null;
      this.flushBlank();
      this.appendLine(c.line, c.offset, c.length);
    }
    // The blank line after the last message is a separator too: writers add it to every message.
    this.heldBlank = null;
    this.finishMessage();
    return this.drain();
  }

  /** Adds a piece of a line still without its LF; past the size limit only its head is kept. */
  private addPartial(piece: Buffer): void {
    if (this.partialDropped > 0) {
      this.partialDropped += piece.length;
      return;
    }
    this.partial.push(piece);
    this.partialLength += piece.length;
    // Only the head of a line matters once its message is skipped, unless it may open the next
    // message (after a `From ` candidate); a line over the limit by itself gets its message skipped.
    const keep = this.oversized && this.candidate === null ? LONG_LINE_HEAD : this.maxMessageSize;
    if (this.partialLength > keep) {
      const pieces: Buffer[] = [];
      let kept = 0;
      for (const p of this.partial) {
        if (kept >= LONG_LINE_HEAD) break;
        pieces.push(p.subarray(0, LONG_LINE_HEAD - kept));
        kept += pieces[pieces.length - 1]!.length;
      }
      // A copy: the head must not pin the chunks it came from.
      const head = Buffer.from(Buffer.concat(pieces));
      this.partial = [head];
      this.partialDropped = this.partialLength - head.length;
      this.partialLength = head.length;
    }
  }

  /** The pending line (or its head, when over the limit) and its full length. */
  private takePartial(): { line: Buffer; length: number } {
    const line = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial);
    const length = this.partialLength + this.partialDropped;
    this.partial = [];
    this.partialLength = 0;
    this.partialDropped = 0;
    return { line, length };
  }

  /** `length`: the line's length in the input, more than line.length when only its head was kept. */
  private takeLine(line: Buffer, offset: number, length: number): void {
    if (this.candidate !== null) {
      const c = this.candidate;
      this.candidate = null;
      if (isHeaderFieldLine(line)) {
        this.heldBlank = null;
        this.finishMessage();
        this.startMessage(c.offset, c.line);
        this.appendLine(line, offset, length);
        return;
      }
      // Not an envelope: an unescaped `From ` body line, kept byte for byte.
      this.flushBlank();
      this.appendLine(c.line, c.offset, c.length);
    }
    if (isBlankLine(line)) {
      this.flushBlank();
      this.heldBlank = line;
      this.atStart = false;
      return;
    }
    if ((this.heldBlank !== null || this.atStart) && startsWithEnvelopePrefix(line)) {
      this.candidate = { line, offset, length };
      this.atStart = false;
      return;
    }
    this.atStart = false;
    this.flushBlank();
    const unescaped = this.unescape(line);
    this.appendLine(unescaped, offset, length - (line.length - unescaped.length));
  }

  private flushBlank(): void {
    if (this.heldBlank === null) return;
    const blank = this.heldBlank;
    this.heldBlank = null;
    // Blank lines before any content belong to no message.
    if (this.parts !== null) this.appendLine(blank, 0, blank.length);
  }

  private startMessage(offset: number, envelope: Buffer | null = null): void {
    this.parts = [];
    this.messageOffset = offset;
    // The envelope line may point into a chunk: keep a short copy, not the chunk.
    this.messageEnvelope = envelope === null ? null : Buffer.from(envelope.subarray(0, 256));
    this.messageSize = 0;
    this.oversized = false;
  }

  /**
   * Adds a line to the current message, starting a headless one for content before any envelope.
   * Past the size limit the message's lines are dropped (the chunks they point into are freed)
   * and only counted.
   */
  private appendLine(line: Buffer, offset: number, length: number): void {
    if (this.parts === null) {
      if (isBlankLine(line) && length === line.length) return;
      this.startMessage(offset);
    }
    this.messageSize += length;
    if (this.oversized) return;
    if (this.messageSize > this.maxMessageSize) {
      this.oversized = true;
      this.parts = [];
      return;
    }
    const parts = this.parts!;
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
    if (this.oversized) {
      this.ready.push({ offset: this.messageOffset, bytes: Buffer.alloc(0), tooLarge: this.messageSize });
      this.oversized = false;
    } else if (this.parts !== null && this.parts.length > 0) {
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
  return line
    .subarray(0, 200)
    .toString('latin1')
    .replace(/\r?\n$/, '');
}

const LF_ENVELOPE = Buffer.from('\nFrom ', 'latin1');

/**
 * How many bytes from `start` (a line start) of a message being skipped can be counted without
 * looking at their lines: all complete lines but the one before the next `From ` line (which may
 * be the blank separator before an envelope) or before the chunk's last line. None of the counted
 * lines starts with `From `, and whether any is blank no longer matters past the next line.
 */
function countableBytes(buf: Buffer, start: number): number {
  const envelope = buf.indexOf(LF_ENVELOPE, start);
  const end = envelope !== -1 ? envelope : buf.lastIndexOf(LF);
  if (end <= start) return 0;
  const lineBefore = buf.lastIndexOf(LF, end - 1);
  return lineBefore < start ? 0 : lineBefore + 1 - start;
}

/**
 * Splits an mbox read as a stream of chunks into its messages, holding only the message being cut.
 * The output is the same whatever the chunk boundaries.
 */
export async function* splitMbox(chunks: AsyncIterable<Uint8Array>, options: SplitOptions = {}): AsyncGenerator<MboxMessage> {
  const splitter = new MboxSplitter(options);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
