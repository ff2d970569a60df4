/** Following a line from one version of a patch to the next. */
import { describe, expect, it } from 'vitest';
import { alignLines, LineMap, type NumberedLine } from '../../src/followup/align.js';

const numbered = (start: number, lines: string[]): NumberedLine[] => lines.map((text, i) => ({ line: start + i, text }));

describe('LineMap', () => {
  it('an unchanged line keeps its text and gets its new number (the base moved)', () => {
    const map = new LineMap(numbered(10, ['a();', 'b();', 'c();']), numbered(30, ['a();', 'b();', 'c();']));
    expect(map.fate(11)).toEqual({ status: 'unchanged', newLine: 31 });
  });

  it('a rewrapped sentence: the word a finding points at is followed onto its new line', () => {
    const old = numbered(753, ['##', '# @tap: Enable transfer for virtio-net/tap. When enabled, TAP fds', '#     are passed to the target.', '#']);
    const fresh = numbered(776, [
      '##',
      '# @tap: Enable transfer for',
      '#     virtio-net/tap. When enabled, TAP fds are passed to',
      '#     the destination.',
      '#',
    ]);
    const map = new LineMap(old, fresh);
    const column = old[1]!.text.indexOf('tap. When') + 1;
    expect(map.fate(754, column)).toEqual({ status: 'changed', newLine: 778 });
    // Without a column, the line goes where most of its words went.
    expect(map.fate(754)).toEqual({ status: 'changed', newLine: 778 });
    expect(map.fate(754, 3)).toEqual({ status: 'changed', newLine: 777 });
    expect(map.fate(753)).toEqual({ status: 'unchanged', newLine: 776 });
  });

  it('a line whose words are gone is removed; a line the old side never showed is unknown', () => {
    const map = new LineMap(
      numbered(1, ['keep_one();', 'QAPI_LIST_CONTAINS(list, el);', 'keep_two();']),
      numbered(1, ['keep_one();', 'for (el = list; el; el = el->next) {', 'keep_two();']),
    );
    expect(map.fate(2)).toEqual({ status: 'removed', newLine: null });
    expect(map.fate(40)).toEqual({ status: 'unknown', newLine: null });
    expect(map.knows(2)).toBe(true);
  });

  it('an edited line is changed, on the line that took its words', () => {
    const map = new LineMap(
      numbered(968, ["           'direct-io',", "           'backend-transfer' ] }", '']),
      numbered(996, [
        "           'direct-io',",
        "           'cpr-exec-command',",
        "           { 'name': 'backend-transfer', 'features': ['unstable'] } ] }",
        '',
      ]),
    );
    expect(map.fate(969)).toEqual({ status: 'changed', newLine: 998 });
  });

  it('a file the new version no longer touches: every line is removed', () => {
    expect(new LineMap(numbered(5, ['x = 1;']), []).fate(5)).toEqual({ status: 'removed', newLine: null });
  });
});

describe('alignLines', () => {
  it('pairs equal lines in order, anchored on unique ones, even among repeated lines', () => {
    const a = ['#', '# @a: one', '#', '# @b: two', '#'];
    const b = ['#', '# @b: two', '#', '# @c: three', '#', '# @a: one', '#'];
    const pairs = alignLines(a, b);
    for (const [i, j] of pairs) expect(a[i]).toBe(b[j]);
    for (let k = 1; k < pairs.length; k++) {
      expect(pairs[k]![0]).toBeGreaterThan(pairs[k - 1]![0]);
      expect(pairs[k]![1]).toBeGreaterThan(pairs[k - 1]![1]);
    }
    expect(pairs.length).toBe(3);
  });
});

describe('alignLines on hostile input', () => {
  it('nested unique lines do not exhaust the stack, and a huge gap without anchors stays unpaired', () => {
    // Every level of this nesting has exactly one line unique to it.
    const depth = 5000;
    const a: string[] = [];
    for (let k = 0; k < depth; k++) a.push(`open ${k}`, 'x');
    const b = [...a].reverse();
    expect(() => alignLines(a, b)).not.toThrow();
    const same = Array.from({ length: 2500 }, () => 'same');
    const other = Array.from({ length: 2500 }, () => 'other');
    expect(alignLines([...same, 'tail'], [...other, 'tail'])).toEqual([[2500, 2500]]);
  });
});
