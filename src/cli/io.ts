/** Where the command line reads and writes, so that tests can run it in-process. */
import type { Readable } from 'node:stream';
import { guardOutputs } from './output.js';

export interface Io {
  /** `throwIfFailed` stops a run whose output is gone; `holdWrites` and `flush`: writes in blocks (see output.ts). */
  /** `isTTY` is undefined, not false, on a stream that is not a terminal. */
  stdout: { write(text: string): void; isTTY?: boolean | undefined; throwIfFailed?(): void; holdWrites?(): void; flush?(): void };
  stderr: { write(text: string): void; isTTY?: boolean | undefined };
  stdin: Readable & { isTTY?: boolean | undefined };
  env: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch (default Date.now): what the progress line's pace is measured by. */
  now?: () => number;
}

export function processIo(): Io {
  const { stdout, stderr } = guardOutputs(process.stdout, process.stderr);
  // process.stdin is made on first read, and making it loads node:net or node:tty: only runs
  // that read standard input pay for it.
  return {
    stdout,
    stderr,
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
}
