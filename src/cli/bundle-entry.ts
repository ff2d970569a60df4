/**
 * The command-line bundle's entry (build/cli/cli.js, CommonJS): the launcher (launcher.ts) loads
 * it and calls start. What main.ts does for the tsc build, without its top-level await, which
 * CommonJS has not.
 */
import { main } from './program.js';
import { wasLongRun } from './long-run-heap.js';

export async function start(argv: string[] = process.argv): Promise<void> {
  const status = await main(argv);
  // A write error seen after the last write (see output.ts) has set the status already: it wins.
  if (!process.exitCode) process.exitCode = status;
}

/** Whether the launcher should write its code cache at exit: not after a long run (see wasLongRun). */
export const codeCacheWanted = (): boolean => !wasLongRun();
