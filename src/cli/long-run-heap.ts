/**
 * A long run keeps V8's heap close to what it holds live.
 *
 * Between full collections V8 lets the old generation grow to a multiple of what was live at
 * the last one, a larger multiple the longer and busier the run. An archive's review promotes
 * much of what each message leaves behind (the window of recent mail that repeat marking
 * compares with, a series held back until its end, raw bytes waiting for the output) and
 * drops it later, so the heap, and the peak RSS with it, grew with the archive although the
 * live set did not (about 40 MB throughout). Measured on Node 20, 50 MB archive: 218-248 MB
 * peak RSS by default, 174-190 MB with the old generation let grow by half of what is live; on
 * 25 and 100 MB archives 158 and 184 MB. Side by side the CPU time moved by less than the
 * noise (more frequent marking, most of it on V8's helper thread). Node 24 keeps a young
 * generation of up to 134 MB of its own, which no flag set at run time changes: about 290 MB.
 *
 * The flag is V8's and process-wide (worker threads started later share it). A run that reads
 * less than LONG_RUN_BYTES, one patch from b4 or a hook, never sets it and never loads node:v8.
 * It is put back when the input ends: V8 stamps the code cache the launcher writes at exit
 * with a hash of the flags, and a cache stamped with this one would be refused by every later
 * run. A value given on node's own command line is left alone.
 */
import type { RawMessage, UnreadableInput } from '../mail/types.js';

/** Past this much input a run is a long one: the size of a large series, well below an archive's. */
export const LONG_RUN_BYTES = 8 * 1024 * 1024;

/** How far, in percent of what was live, the old generation may grow before it is collected again. */
export const LONG_RUN_HEAP_GROWTH = 50;

export type FlagSetter = (flags: string) => void;

let longRun = false;

/**
 * Whether this process read more than LONG_RUN_BYTES. Such a run writes no code cache when it
 * exits (launcher.ts): V8 drops the bytecode of functions a long run stopped calling (option
 * parsing, set-up), so a cache written at its end lacks them, and every later one-patch run
 * compiled them again: measured, a one-patch run took about 25 ms more with the cache a 50 MB
 * archive wrote than with the one a one-patch run wrote. The next short run writes the cache.
 */
export const wasLongRun = (): boolean => longRun;

const setV8Flags: FlagSetter = (flags) => process.getBuiltinModule('node:v8').setFlagsFromString(flags);

/** The growth V8 works out by itself: the flag's default. */
const V8_DEFAULT = 0;

/** node was started with its own --heap-growing-percent: that one stands. */
const givenOnCommandLine = (): boolean => process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));

/** Passes `inputs` through; once more than `threshold` bytes have gone by, tightens the heap's growth until they end. */
export async function* tightenHeapInLongRuns(
  inputs: AsyncIterable<RawMessage | UnreadableInput>,
  threshold = LONG_RUN_BYTES,
  set: FlagSetter = setV8Flags,
): AsyncGenerator<RawMessage | UnreadableInput> {
  const leave = givenOnCommandLine();
  let seen = 0;
  let long = false;
  let tightened = false;
  try {
    for await (const input of inputs) {
      if (!long && 'bytes' in input) {
        seen += input.bytes.length;
        if (seen > threshold) {
          long = longRun = true;
          if (!leave) {
            tightened = true;
            set(`--heap-growing-percent=${LONG_RUN_HEAP_GROWTH}`);
          }
        }
      }
      yield input;
    }
  } finally {
    if (tightened) set(`--heap-growing-percent=${V8_DEFAULT}`);
  }
}
