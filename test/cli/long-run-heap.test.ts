import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LONG_RUN_HEAP_GROWTH, tightenHeapInLongRuns } from '../../src/cli/long-run-heap.js';
import type { RawMessage, UnreadableInput } from '../../src/mail/types.js';

const message = (index: number, size: number): RawMessage => ({ index, source: 'a.mbox', offset: index * size, bytes: Buffer.alloc(size, 'x') });
const unreadable = (index: number): UnreadableInput => ({ index, source: 'a.mbox', offset: 0, error: 'too large', tooLarge: true });

async function run(inputs: (RawMessage | UnreadableInput)[], threshold: number) {
  const set: string[] = [];
  const passed: number[] = [];
  // What was set by the time each input came through: the flag goes in as soon as the run is long, not at its end.
  const setWhenPassed: number[] = [];
  for await (const input of tightenHeapInLongRuns(
    (async function* () {
      yield* inputs;
    })(),
    threshold,
    (flags) => set.push(flags),
  )) {
    passed.push(input.index);
    setWhenPassed.push(set.length);
  }
  return { set, passed, setWhenPassed };
}

describe('tightenHeapInLongRuns', () => {
  it.each([
    { name: 'one patch never touches the heap', sizes: [4_000], threshold: 10_000, setAt: null },
    { name: 'input exactly at the threshold is not long', sizes: [5_000, 5_000], threshold: 10_000, setAt: null },
    { name: 'the message that crosses the threshold sets it', sizes: [4_000, 4_000, 4_000, 4_000], threshold: 10_000, setAt: 2 },
    { name: 'one message larger than the threshold', sizes: [20_000, 10], threshold: 10_000, setAt: 0 },
  ])('$name', async ({ sizes, threshold, setAt }) => {
    const { set, passed, setWhenPassed } = await run(
      sizes.map((size, i) => message(i, size)),
      threshold,
    );
    expect(passed).toEqual(sizes.map((_, i) => i));
    if (setAt === null) expect(set).toEqual([]);
    else {
      expect(set).toEqual([`--heap-growing-percent=${LONG_RUN_HEAP_GROWTH}`]);
      expect(setWhenPassed.indexOf(1)).toBe(setAt);
    }
  });

  it('counts read bytes only: messages passed over unread do not make a run long', async () => {
    const { set, passed } = await run([unreadable(0), unreadable(1), message(2, 100)], 50);
    expect(passed).toEqual([0, 1, 2]);
    expect(set).toHaveLength(1);
    const quiet = await run([unreadable(0), unreadable(1), message(2, 10)], 50);
    expect(quiet.set).toEqual([]);
  });

  it('is a flag the V8 of this Node knows (V8 ignores unknown flags without a word)', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options.stdout).toMatch(/^\s*--heap-growing-percent\b/m);
  });
});
