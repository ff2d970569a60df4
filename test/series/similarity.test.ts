/** How alike two patches are, and the bound that lets linking skip most pairs without counting words. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { patchSimilarity, similarityBound } from '../../src/series/similarity.js';
import { hunkDiff, patchOf } from '../support/patches.js';

const WORDS = ['timer_arm', 'timer_fire', 'uart_irq', 'dma_ring', 'qemu_log', 'error_setg', 'g_free', 'object_ref'];

/** A patch adding and removing lines made of the given words, in one or two files. */
const patch = fc
  .record({
    added: fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
    removed: fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), { maxLength: 4 }),
    files: fc.subarray(['hw/a.c', 'hw/b.c', 'hw/c.c'], { minLength: 1 }),
  })
  .map(({ added, removed, files }) =>
    patchOf(
      files
        .map((file) =>
          hunkDiff(file, [
            { start: 10, lines: [' int x;', ...removed.map((w) => `-${w.join(' ')}();`), ...added.map((w) => `+${w.join(' ')}();`), ' int y;'] },
          ]),
        )
        .join(''),
    ),
  );

describe('patch similarity', () => {
  it('is never above the bound worked out from the sizes of the changes', () => {
    fc.assert(
      fc.property(patch, patch, (a, b) => {
        expect(patchSimilarity(a, b)).toBeLessThanOrEqual(similarityBound(a, b) + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('the bound rules out a small change against a large one', () => {
    const small = patchOf(hunkDiff('hw/a.c', [{ start: 1, lines: [' x', '+timer_arm();', ' y'] }]));
    const large = patchOf(hunkDiff('hw/a.c', [{ start: 1, lines: [' x', ...Array.from({ length: 40 }, (_, i) => `+timer_arm_${i}(dev);`), ' y'] }]));
    expect(similarityBound(small, large)).toBeLessThan(0.4);
    expect(similarityBound(small, small)).toBe(1);
  });
});
