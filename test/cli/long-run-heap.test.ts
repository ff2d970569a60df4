import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LONG_RUN_HEAP_GROWTH, tightenHeapInLongRuns } from '../../src/cli/long-run-heap.js';
import type { RawMessage, UnreadableInput } from '../../src/mail/types.js';

const message = (index: number, size: number): RawMessage => ({ index, source: 'a.mbox', offset: index * size, bytes: Buffer.alloc(size, 'x') });
const unreadable = (index: number): UnreadableInput => ({ index, source: 'a.mbox', offset: 0, error: 'too large', tooLarge: true });
const TIGHT = `--heap-growing-percent=${LONG_RUN_HEAP_GROWTH}`;
const DEFAULT = '--heap-growing-percent=0';

async function run(inputs: (RawMessage | UnreadableInput)[], threshold: number, stopAfter = Infinity) {
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
    if (passed.length >= stopAfter) break;
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
      // Tightened while the input runs, put back when it ends.
      expect(set).toEqual([TIGHT, DEFAULT]);
      expect(setWhenPassed.indexOf(1)).toBe(setAt);
      expect(setWhenPassed.at(-1)).toBe(1);
    }
  });

  it('puts the default back when the reader stops early too', async () => {
    const { set, passed } = await run([message(0, 100), message(1, 100), message(2, 100)], 50, 2);
    expect(passed).toEqual([0, 1]);
    expect(set).toEqual([TIGHT, DEFAULT]);
  });

  it('counts read bytes only: messages passed over unread do not make a run long', async () => {
    const { set, passed } = await run([unreadable(0), unreadable(1), message(2, 100)], 50);
    expect(passed).toEqual([0, 1, 2]);
    expect(set).toEqual([TIGHT, DEFAULT]);
    const quiet = await run([unreadable(0), unreadable(1), message(2, 10)], 50);
    expect(quiet.set).toEqual([]);
  });

  it('is a flag the V8 of this Node knows (V8 ignores unknown flags without a word), 0 by default', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(options).toMatch(/^\s*--heap-growing-percent\b/m);
    expect(options).toMatch(/default: --heap-growing-percent=0\b/);
  });

  // The launcher writes its code cache when the process exits (src/cli/launch.ts), after a long run.
  it('once put back, a code cache written after a long run is taken by the next run', () => {
    const script = (flags: string) => `
      const v8 = require('node:v8'); const vm = require('node:vm'); const fs = require('node:fs');
      const source = 'function f(n) { return n + 1 } f(1)';
      const cached = process.argv[1] ? fs.readFileSync(process.argv[1]) : undefined;
      const s = new vm.Script(source, { filename: 'bundle.js', cachedData: cached });
      s.runInThisContext();
      ${flags}
      if (cached) console.log(s.cachedDataRejected ? 'rejected' : 'used');
      else fs.writeFileSync(process.env.OUT, s.createCachedData());`;
    const cacheFile = join(tmpdir(), `qemu-review-flag-cache-${process.pid}.bin`);
    const write = (flags: string) => spawnSync(process.execPath, ['-e', script(flags), ''], { env: { ...process.env, OUT: cacheFile }, encoding: 'utf8' });
    const read = () => spawnSync(process.execPath, ['-e', script(''), cacheFile], { encoding: 'utf8' }).stdout.trim();
    try {
      expect(write(`v8.setFlagsFromString('${TIGHT}');`).status).toBe(0);
      expect(read()).toBe('rejected');
      expect(write(`v8.setFlagsFromString('${TIGHT}'); v8.setFlagsFromString('${DEFAULT}');`).status).toBe(0);
      expect(read()).toBe('used');
    } finally {
      rmSync(cacheFile, { force: true });
    }
  });
});

describe('wasLongRun', () => {
  it('says whether this process read a long input: the launcher then writes no code cache', async () => {
    vi.resetModules();
    const fresh = await import('../../src/cli/long-run-heap.js');
    const entry = await import('../../src/cli/bundle-entry.js');
    expect(fresh.wasLongRun()).toBe(false);
    expect(entry.codeCacheWanted()).toBe(true);
    const pass = async (sizes: number[]) => {
      for await (const _ of fresh.tightenHeapInLongRuns(
        (async function* () {
          yield* sizes.map((size, i) => message(i, size));
        })(),
        100,
        () => {},
      ));
    };
    await pass([60, 30]);
    expect(fresh.wasLongRun()).toBe(false);
    await pass([60, 60]);
    expect(fresh.wasLongRun()).toBe(true);
    expect(entry.codeCacheWanted()).toBe(false);
  });
});
