import { describe, expect, it } from 'vitest';
import { coresOf, reviewThreads, THREADS_MIN_BYTES } from '../../src/review/parallel.js';

const big = THREADS_MIN_BYTES * 4;

describe('how many review threads a run gets', () => {
  it('stays on the main thread on 2 cores, whatever --jobs asks: one worker beside it only costs', () => {
    expect(reviewThreads(undefined, 2, big)).toBe(1);
    expect(reviewThreads(2, 2, big)).toBe(1);
    expect(reviewThreads(8, 2, null)).toBe(1);
    expect(reviewThreads(undefined, 1, null)).toBe(1);
  });

  it('gives workers the cores the main thread leaves, by default only for a large or unknown input', () => {
    expect(reviewThreads(undefined, 8, big)).toBe(7);
    expect(reviewThreads(undefined, 8, null)).toBe(7);
    expect(reviewThreads(undefined, 8, THREADS_MIN_BYTES - 1)).toBe(1);
    expect(reviewThreads(undefined, 3, big)).toBe(2);
  });

  it('takes --jobs as asked up to the cores left, even for a short input', () => {
    expect(reviewThreads(3, 8, 1000)).toBe(3);
    expect(reviewThreads(16, 8, big)).toBe(7);
    expect(reviewThreads(1, 8, big)).toBe(1);
  });

  it('reads QEMU_REVIEW_CORES before what Node counts, and ignores a value that is no count', () => {
    expect(coresOf({ QEMU_REVIEW_CORES: '6' })).toBe(6);
    expect(coresOf({ QEMU_REVIEW_CORES: '0' })).toBeGreaterThanOrEqual(1);
    expect(coresOf({ QEMU_REVIEW_CORES: 'many' })).toBe(coresOf({}));
  });
});
