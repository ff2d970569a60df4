/**
 * Turns the command line's inputs (files, directories, `-`) into raw messages.
 * mboxes are split as they stream; other inputs are one message each.
 */
// node:fs's own functions, not node:fs/promises or node:fs's streams, and node:zlib only for a
// .gz: loading them costs a one-patch run milliseconds, for nothing (see fileChunks).
import {
  accessSync,
  close as closeCb,
  closeSync,
  fstatSync,
  open as openCb,
  openSync,
  read as readCb,
  readdir as readdirCb,
  readSync,
  stat as statCb,
  statSync,
} from 'node:fs';
import { constants as fsConstants } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstLines, isBlankLine, isHeaderFieldLine, startsWithEnvelopePrefix } from './header-line.js';
import { MboxSplitter, type MboxEscape, type MboxMessage } from './mbox.js';
import type { RawMessage, UnreadableInput } from './types.js';

const readdir = promisify(readdirCb);
const stat = promisify(statCb);

/** The name the path `-` is reported under. */
export const STDIN_SOURCE = '<stdin>';

export interface ReadOptions {
  /** How `From ` lines in mboxes were escaped (default `mboxrd`). Single messages are never un-escaped. */
  escape?: MboxEscape;
  /** What `-` reads; process.stdin by default. Give bytes: don't set an encoding on the stream. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Read size for files, in bytes (default 1 MiB). */
  chunkSize?: number;
  /**
   * A message over this many bytes (after gzip decoding) is skipped, reported as too large,
   * without ever being held whole; reading goes on with the next. Default DEFAULT_MAX_MESSAGE_SIZE.
   */
  maxMessageSize?: number;
}

/** --max-message-size's default: far above any patch mail, far below what would strain memory. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

/** A size the way a person writes it: 64 MiB, 1 GiB, 1500 bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes < size) continue;
    return bytes % size === 0 ? `${bytes / size} ${unit}` : `${(bytes / size).toFixed(1)} ${unit} (${bytes} bytes)`;
  }
  return `${bytes} bytes`;
}

function tooLargeError(size: number | null, limit: number): string {
  const what = size === null ? `the message is larger than` : `the message is ${formatSize(size)}, over`;
  return `${what} the limit of ${formatSize(limit)} (--max-message-size)`;
}

/** An argument that cannot be read at all; the CLI exits with status 2 on it. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`qemu-review: cannot read '${path}': ${reason}`);
  }
}

/**
 * Checks up front that every argument exists and can be read, so a typo fails before any work.
 * Synchronously: the first asynchronous file operation starts libuv's thread pool, a millisecond
 * of a one-patch run, which reads its one file synchronously too (fileChunks).
 */
export async function checkInputs(paths: readonly string[]): Promise<void> {
  let stdinSeen = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinSeen) throw new InputError(path, 'standard input given more than once');
      stdinSeen = true;
      continue;
    }
    let isDirectory: boolean;
    try {
      const info = statSync(path);
      // Pipes and character devices are accepted too: `qemu-review <(zcat x.mbox.gz)` passes /dev/fd/N.
      if (!info.isFile() && !info.isDirectory() && !info.isFIFO() && !info.isCharacterDevice()) {
        throw new InputError(path, 'not a regular file or directory');
      }
      isDirectory = info.isDirectory();
      accessSync(path, isDirectory ? fsConstants.R_OK | fsConstants.X_OK : fsConstants.R_OK);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(path, describeFsError(err));
    }
  }
}

/**
 * Yields every message of every input, in order. Never throws for a problem with one input's
 * content: a stream that fails midway gives an UnreadableInput and reading goes on with the next.
 */
export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<RawMessage | UnreadableInput> {
  const counter = { next: 0 };
  for (const path of paths) {
    if (path === '-') {
      yield* readOne(STDIN_SOURCE, () => options.stdin ?? process.stdin, options, counter);
      continue;
    }
    let files: string[];
    try {
      files = statSync(path).isDirectory() ? await listDirectory(path) : [path];
    } catch (err) {
      yield { index: counter.next++, source: path, offset: 0, error: describeFsError(err) };
      continue;
    }
    for (const file of files) {
      // 256 KiB: a chunk dies with the few dozen messages cut from it, before V8 moves it to the
      // old generation, where dead chunks wait for a full collection (50 MB more peak RSS with 1 MiB).
      const open = () => fileChunks(file, options.chunkSize ?? 1 << 18);
      yield* readOne(file, open, options, counter);
    }
  }
}

/**
 * A file's bytes in chunks of `size`, as createReadStream reads them (read on from where the last
 * read ended, closed when done or when the consumer stops), without a stream: node:fs's streams
 * and node:fs/promises, which a stream loads, cost a one-patch run 4 to 5 ms. A regular file is
 * read synchronously, which also leaves libuv's thread pool unstarted (another millisecond); a
 * pipe or a device, which may have to wait for its writer, is read asynchronously.
 */
async function* fileChunks(file: string, size: number): AsyncGenerator<Buffer> {
  // Non-blocking: opening a pipe (a file swapped for one since it was checked) must not wait here.
  const fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    yield* streamChunks(file, size);
    return;
  }
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafeSlow(size);
      const n = readSync(fd, buffer, 0, size, null);
      if (n === 0) return;
      yield shortened(buffer, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** fileChunks for a pipe or a device, through node:fs's callback functions. */
async function* streamChunks(file: string, size: number): AsyncGenerator<Buffer> {
  const fd = await new Promise<number>((resolve, reject) => openCb(file, 'r', (error, fd) => (error ? reject(error) : resolve(fd))));
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafeSlow(size);
      const n = await new Promise<number>((resolve, reject) => readCb(fd, buffer, 0, size, null, (error, n) => (error ? reject(error) : resolve(n))));
      if (n === 0) return;
      yield shortened(buffer, n);
    }
  } finally {
    await new Promise<void>((resolve) => closeCb(fd, () => resolve()));
  }
}

/** The first `n` bytes read into `buffer`: a short read (the end of a small file) keeps a copy of its bytes, not the whole chunk. */
function shortened(buffer: Buffer, n: number): Buffer {
  return n === buffer.length ? buffer : Buffer.from(buffer.subarray(0, n));
}

/** A directory's regular files (symlinks followed), dotfiles skipped, sorted by name. */
async function listDirectory(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.'));
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: string[] = [];
  for (const name of names) {
    const full = join(dir, name);
    try {
      if ((await stat(full)).isFile()) files.push(full);
    } catch {
      // Vanished or dangling symlink: listing it would only produce noise about a non-file.
    }
  }
  return files;
}

/** Reads one input, reporting any failure as an UnreadableInput. */
async function* readOne(
  source: string,
  open: () => AsyncIterable<Uint8Array | string>,
  options: ReadOptions,
  counter: { next: number },
): AsyncGenerator<RawMessage | UnreadableInput> {
  let splitter: MboxSplitter | null = null;
  let gzip = false;
  const limit = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  const emit = (m: MboxMessage): RawMessage | UnreadableInput =>
    m.tooLarge === undefined
      ? fromMbox(m, source, counter)
      : { index: counter.next++, source, offset: m.offset, error: tooLargeError(m.tooLarge, limit), tooLarge: true };
  const readers: ChunkReader[] = [];
  try {
    const reader = new ChunkReader(open()[Symbol.asyncIterator]());
    readers.push(reader);
    gzip = isGzip(await reader.peek(2));
    const decoded = gzip ? new ChunkReader(gunzip(reader)[Symbol.asyncIterator]()) : reader;
    if (decoded !== reader) readers.unshift(decoded);
    const head = await decoded.peekLines(2, SNIFF_LIMIT);
    if (looksLikeMbox(head)) {
      splitter = new MboxSplitter({ escape: options.escape ?? 'mboxrd', maxMessageSize: limit });
      for await (const chunk of decoded) {
        for (const m of splitter.push(chunk)) yield emit(m);
      }
      for (const m of splitter.end()) yield emit(m);
      return;
    }
    // One message: past the limit there is nothing more to read from this input.
    const bytes = await decoded.readAll(limit);
    if (bytes === null) {
      yield { index: counter.next++, source, offset: 0, error: tooLargeError(null, limit), tooLarge: true };
      return;
    }
    if (isWhitespaceOnly(bytes)) return;
    const raw: RawMessage = { index: counter.next++, source, offset: 0, bytes };
    if (!startsWithHeaderField(bytes) && looksLikeDiff(bytes)) raw.bareDiff = true;
    yield raw;
  } catch (err) {
    // Point at the message that was cut short, else at how far the splitter got.
    const pending = splitter?.pendingOffset ?? null;
    const offset = pending ?? splitter?.bytesSeen ?? 0;
    yield { index: counter.next++, source, offset, error: describeReadError(err, gzip, pending) };
  } finally {
    // Also runs when the consumer stops early: the file must not stay open.
    for (const r of readers) await r.close();
  }
}

function fromMbox(m: MboxMessage, source: string, counter: { next: number }): RawMessage {
  const raw: RawMessage = { index: counter.next++, source, offset: m.offset, bytes: m.bytes, envelope: true };
  if (m.envelope !== undefined) raw.envelopeLine = m.envelope;
  return raw;
}

/** How many bytes the sniffer looks at before deciding on an input's kind. */
const SNIFF_LIMIT = 64 * 1024;

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** An mbox starts (after any blank lines) with `From ` followed by a header field line. */
/**
 * An input starting with an envelope line is an mbox, even when its first
 * message is damaged (no header after the envelope): read whole, the
 * messages after it would be lost.
 */
function looksLikeMbox(head: Buffer): boolean {
  const [first] = firstLines(skipBlankLines(head), 1);
  return first !== undefined && startsWithEnvelopePrefix(first);
}

function startsWithHeaderField(bytes: Buffer): boolean {
  const [first] = firstLines(skipBlankLines(bytes), 1);
  return first !== undefined && isHeaderFieldLine(first);
}

const DIFF_START = /^(?:diff |--- )/;
const GIT_DIFF_LINE = /^diff --git /m;
const UNIFIED_PAIR = /^--- [^\n]*\n\+\+\+ /m;

/**
 * A bare diff: `git diff`, `diff -u`, or `git show`-like text with a `diff --git` line in it.
 * Decoded as latin1 only to run the pattern: every byte maps to one character, nothing is lost.
 */
function looksLikeDiff(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  return DIFF_START.test(text) || GIT_DIFF_LINE.test(text) || UNIFIED_PAIR.test(text);
}

function skipBlankLines(bytes: Buffer): Buffer {
  let start = 0;
  for (;;) {
    const [line] = firstLines(bytes.subarray(start), 1);
    if (line === undefined || !isBlankLine(line)) return bytes.subarray(start);
    start += line.length;
  }
}

function isWhitespaceOnly(bytes: Buffer): boolean {
  for (const c of bytes) {
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * Compressed bytes written to the inflater at a time. Deflate expands at most about 1032:1, so
 * the output of one slice, held until taken, stays under 20 MiB even for a gzip bomb (a whole
 * 1 MiB read chunk of one could expand to a gigabyte at once).
 */
const GUNZIP_SLICE = 16 * 1024;

/**
 * Decompresses gzip slice by slice.  Everything inflated before a failure is
 * handed on first, so a truncated `.mbox.gz` still yields its complete
 * messages (a piped stream would drop what the reader had not taken yet).
 * The next compressed slice is written only once the output of the last
 * one has been taken, which keeps memory flat however fast inflating is
 * and however much the data expands.
 */
async function* gunzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // Larger output pieces than zlib's 16 KiB default: fewer hops for the splitter on big inputs.
  const inflater = process.getBuiltinModule('node:zlib').createGunzip({ chunkSize: 64 * 1024 });
  const out: Buffer[] = [];
  let failure: unknown = null;
  let ended = false;
  inflater.on('data', (b: Buffer) => out.push(b));
  inflater.on('error', (e) => (failure ??= e));
  inflater.on('end', () => (ended = true));
  // After a write is processed, its output is pushed on this tick or the next.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  // A failing inflater may never call back the write that broke it.
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve) => {
      if (failure) return resolve();
      const broke = () => resolve();
      inflater.once('error', broke);
      inflater.write(chunk, () => {
        inflater.off('error', broke);
        resolve();
      });
    });
  // The output so far as one buffer: one hop downstream per slice, not per zlib piece.
  const taken = (): Buffer => {
    const pieces = out.splice(0);
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  };
  try {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += GUNZIP_SLICE) {
        await write(chunk.subarray(at, at + GUNZIP_SLICE));
        await settle();
        if (out.length > 0) yield taken();
        if (failure) throw failure;
      }
    }
    await new Promise<void>((resolve) => {
      if (ended || failure) return resolve();
      inflater.once('end', resolve);
      inflater.once('error', () => resolve());
      inflater.end();
    });
    await settle();
    if (out.length > 0) yield taken();
    if (failure) throw failure;
  } finally {
    inflater.destroy();
  }
}

/** An async iterator of Buffers with look-ahead, so the kind of an input is known before it is consumed. */
class ChunkReader implements AsyncIterable<Buffer> {
  private buffered: Buffer[] = [];
  private bufferedLength = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Uint8Array | string>) {}

  /** At least `n` bytes from the start (fewer at end of input), without consuming them. */
  async peek(n: number): Promise<Buffer> {
    while (this.bufferedLength < n && (await this.fill()));
    return this.joined();
  }

  /** The buffered head once it holds `lines` complete lines, `limit` bytes, or the whole input. */
  async peekLines(lines: number, limit: number): Promise<Buffer> {
    for (;;) {
      const head = this.joined();
      const found = firstLines(skipBlankLines(head), lines);
      const complete = found.length === lines && found[lines - 1]!.at(-1) === 0x0a;
      if (complete || head.length >= limit || !(await this.fill())) return head;
    }
  }

  /** Stops the source (closes the file) unless it has ended already. */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.source.return?.();
    } catch {
      // Closing after a failure can fail again; the first error is the one reported.
    }
  }

  /** The whole input, or null as soon as it is over `limit` bytes. */
  async readAll(limit = Infinity): Promise<Buffer | null> {
    while (await this.fill()) if (this.bufferedLength > limit) return null;
    return this.bufferedLength > limit ? null : this.joined();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    while (this.buffered.length > 0 || (await this.fill())) {
      const out = this.joined();
      this.buffered = [];
      this.bufferedLength = 0;
      yield out;
    }
  }

  private joined(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const { value, done } = await this.source.next();
    if (done) {
      this.done = true;
      return false;
    }
    // A string chunk means someone set an encoding on the stream (stdin.setEncoding): it was
    // decoded as UTF-8 already, and encoding it back is the best that can be done.
    const chunk = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    this.buffered.push(chunk);
    this.bufferedLength += chunk.length;
    return true;
  }
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One-line reason for a failed stat/open/read, in the user's words rather than errno's. */
function describeFsError(err: unknown): string {
  switch (errorCode(err)) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return errorMessage(err);
  }
}

function describeReadError(err: unknown, gzip: boolean, pending: number | null): string {
  const code = errorCode(err);
  let what: string;
  if (gzip && code?.startsWith('Z_')) {
    what = code === 'Z_BUF_ERROR' ? 'truncated gzip data' : `corrupt gzip data (${errorMessage(err)})`;
  } else {
    what = `read error (${describeFsError(err)})`;
  }
  if (pending === null) return what;
  const where = gzip ? 'of the decompressed input ' : '';
  return `${what}; the message at byte ${pending} ${where}is incomplete`;
}
