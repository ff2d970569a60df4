import { describe, expect, it } from 'vitest';
import { viewFromSegments } from '../../src/patch/view.js';
import type { SourceLine } from '../../src/patch/types.js';

const run = (first: number, count: number, tag = ''): SourceLine[] =>
  Array.from({ length: count }, (_, i) => ({ line: first + i, text: `${tag}${first + i}`, added: false }));

describe('a file view', () => {
  it('finds every line of its runs and none between or around them', () => {
    const view = viewFromSegments('f', [run(40, 3), run(1, 5), run(10, 20)]);
    for (let n = 0; n <= 50; n++) {
      const inside = (n >= 1 && n <= 5) || (n >= 10 && n <= 29) || (n >= 40 && n <= 42);
      expect(view.line(n)?.text).toBe(inside ? String(n) : undefined);
    }
    expect(view.line(2.5)).toBeUndefined();
  });

  it('reads runs that overlap or skip lines (a hostile hunk) line by line, the last of a number winning', () => {
    const gappy = [
      { line: 7, text: 'a', added: true },
      { line: 9, text: 'b', added: true },
    ];
    const view = viewFromSegments('f', [run(1, 5, 'x'), run(3, 4, 'y'), gappy]);
    expect([1, 2, 3, 6, 7, 8, 9].map((n) => view.line(n)?.text)).toEqual(['x1', 'x2', 'y3', 'y6', 'a', undefined, 'b']);
  });
});
