/** Where the command line reads and writes, so that tests can run it in-process. */
import type { Readable } from 'node:stream';
import { guardOutputs } from './output.js';

export interface Io {
  /** `throwIfFailed` stops a run whose output is gone; `holdWrites` and `flush`: writes in blocks (see output.ts). */
  stdout: { write(text: string): void; isTTY?: boolean; throwIfFailed?(): void; holdWrites?(): void; flush?(): void };
  stderr: { write(text: string): void; isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch (default Date.now): what the progress line's pace is measured by. */
  now?: () => number;
}

export function processIo(): Io {
  const { stdout, stderr } = guardOutputs(process.stdout, process.stderr);
  return { stdout, stderr, stdin: process.stdin, env: process.env };
}
