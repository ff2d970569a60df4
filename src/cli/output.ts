/**
 * Standard output and error that fail the way a command-line tool should.
 *
 * Node reports a write error (EPIPE when `| head` or `less` has gone, ENOSPC on `> /dev/full`)
 * as an 'error' event some time after the write; unhandled, it is a stack trace and exit 1,
 * which the exit-status contract reserves for findings. Here the first such error is recorded,
 * the next write throws OutputFailed to stop the run, and the exit status says what happened:
 * a closed reader is not worth a message and ends the run like SIGPIPE ends git (status 141,
 * 128 + SIGPIPE, what a shell reports for it); any other write error is one line on standard
 * error and status 2.
 */

/** The status of a run whose reader went away: what a shell reports for a process SIGPIPE ended. */
export const CLOSED_OUTPUT_STATUS = 141;
/** The status of a run that could not write its output. */
export const WRITE_ERROR_STATUS = 2;

/** Thrown by a write after the stream failed: unwinds the run, whose status is `status`. */
export class OutputFailed extends Error {
  override name = 'OutputFailed';
  constructor(readonly status: number) {
    super('the output cannot be written');
  }
}

interface Stream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  isTTY?: boolean;
}

/** How a write error reads on standard error, in words rather than errno's. */
export function describeWriteError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EFBIG':
      return 'the file is too large';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EIO':
      return 'input/output error';
    case 'EBADF':
      return 'it is not open';
    default:
      return error.message;
  }
}

/** Shared by stdout and stderr: the first failure decides the status. */
class OutputState {
  status: number | null = null;

  constructor(
    private readonly report: (line: string) => void,
    private readonly setExitCode: (status: number) => void,
  ) {}

  fail(name: string, error: NodeJS.ErrnoException): void {
    if (this.status !== null) return;
    this.status = error.code === 'EPIPE' ? CLOSED_OUTPUT_STATUS : WRITE_ERROR_STATUS;
    if (this.status === WRITE_ERROR_STATUS && name === 'standard output') {
      this.report(`qemu-review: cannot write to ${name}: ${describeWriteError(error)}\n`);
    }
    // The error may come after the run has returned its status: it still decides the exit.
    this.setExitCode(this.status);
  }
}

/** Text held before it is written: a write per message and per finding cost a system call each. */
const BUFFER_CHARS = 64 * 1024;

/**
 * A stream whose writes throw OutputFailed once it (or its sibling) has failed. Once told to hold
 * writes (a report of many messages), and unless it is a terminal (where a reader watches the
 * output come), writes are held and written in blocks of BUFFER_CHARS; `flush` writes what is
 * held, and `before` is flushed ahead of every write of this one, so that standard error never
 * overtakes what standard output already said.
 */
export class GuardedOutput {
  readonly isTTY?: boolean;
  private readonly held: string[] = [];
  private heldChars = 0;
  private buffered = false;
  /** Flushed before each write of this stream (stdout, for stderr). */
  before: GuardedOutput | null = null;

  constructor(
    private readonly stream: Stream,
    private readonly name: string,
    private readonly state: OutputState,
  ) {
    if (stream.isTTY !== undefined) this.isTTY = stream.isTTY;
    stream.on('error', (error) => state.fail(name, error));
  }

  /** From now on, writes are held and written in blocks (not on a terminal). */
  holdWrites(): void {
    this.buffered = this.stream.isTTY !== true;
  }

  /** Throws OutputFailed once the output has failed: a long run stops even between writes. */
  throwIfFailed(): void {
    if (this.state.status !== null) throw new OutputFailed(this.state.status);
  }

  write(text: string): void {
    this.throwIfFailed();
    this.before?.flush();
    if (!this.buffered) {
      this.writeNow(text);
      return;
    }
    this.held.push(text);
    this.heldChars += text.length;
    if (this.heldChars >= BUFFER_CHARS) this.flush();
  }

  /** Writes what is held (the run's end, or before the sibling stream writes). */
  flush(): void {
    if (this.held.length === 0) return;
    const text = this.held.length === 1 ? this.held[0]! : this.held.join('');
    this.held.length = 0;
    this.heldChars = 0;
    this.throwIfFailed();
    this.writeNow(text);
  }

  private writeNow(text: string): void {
    try {
      this.stream.write(text);
    } catch (error) {
      // Streams report errors as events, but a destroyed one may throw.
      this.state.fail(this.name, error as NodeJS.ErrnoException);
      throw new OutputFailed(this.state.status!);
    }
  }
}

/** stdout and stderr guarded together: a failed stderr must not be written to about a failed stdout. */
export function guardOutputs(
  stdout: Stream,
  stderr: Stream,
  setExitCode: (status: number) => void = (status) => (process.exitCode = status),
): { stdout: GuardedOutput; stderr: GuardedOutput } {
  let err: GuardedOutput | null = null;
  const state = new OutputState((line) => {
    try {
      if (err !== null) stderr.write(line);
    } catch {
      // Nowhere left to say it: the status alone tells.
    }
  }, setExitCode);
  const out = new GuardedOutput(stdout, 'standard output', state);
  err = new GuardedOutput(stderr, 'standard error', state);
  err.before = out;
  return { stdout: out, stderr: err };
}
