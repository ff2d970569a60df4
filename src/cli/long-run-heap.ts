/**
 * A long run keeps V8's heap close to what it holds live.
 *
 * Between full collections V8 lets the old generation grow to a multiple of what was live at
 * the last one, a larger multiple the longer and busier the run. An archive's review promotes
 * much of what each message leaves behind (the window of recent mail that repeat marking
 * compares with, a series held back until its end, raw bytes waiting for the output) and
 * drops it later, so the heap, and the peak RSS with it, grew with the archive although the
 * live set did not (about 55 MB throughout). Measured on Node 20 (default text output):
 * 197, 253 and 331 MB peak RSS on 25, 50 and 100 MB archives by default; 171, 205 and 211 MB
 * with the old generation let grow by half of what is live, for about 5% more CPU (more
 * frequent marking, most of it on V8's helper thread).
 *
 * The flag is V8's and process-wide (worker threads started later share it). A run that reads
 * less than LONG_RUN_BYTES, one patch from b4 or a hook, never sets it and never loads node:v8.
 */
import type { RawMessage, UnreadableInput } from '../mail/types.js';

/** Past this much input a run is a long one: the size of a large series, well below an archive's. */
export const LONG_RUN_BYTES = 8 * 1024 * 1024;

/** How far, in percent of what was live, the old generation may grow before it is collected again. */
export const LONG_RUN_HEAP_GROWTH = 50;

export type FlagSetter = (flags: string) => void;

const setV8Flags: FlagSetter = (flags) => process.getBuiltinModule('node:v8').setFlagsFromString(flags);

/** Passes `inputs` through; once more than `threshold` bytes have gone by, tightens the heap's growth (once). */
export async function* tightenHeapInLongRuns(
  inputs: AsyncIterable<RawMessage | UnreadableInput>,
  threshold = LONG_RUN_BYTES,
  set: FlagSetter = setV8Flags,
): AsyncGenerator<RawMessage | UnreadableInput> {
  let seen = 0;
  let tightened = false;
  for await (const input of inputs) {
    if (!tightened && 'bytes' in input) {
      seen += input.bytes.length;
      if (seen > threshold) {
        tightened = true;
        set(`--heap-growing-percent=${LONG_RUN_HEAP_GROWTH}`);
      }
    }
    yield input;
  }
}
