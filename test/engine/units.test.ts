/** Fix units of edits outside doc paragraphs: which unit an edit joins, now found by line. */
import { describe, expect, it } from 'vitest';
import { unitsOf } from '../../src/engine/units.js';
import type { Proposal } from '../../src/engine/fixer.js';
import type { ChangedFile, Finding } from '../../src/engine/types.js';

const file = { path: 'hw/x.c' } as ChangedFile;
const other = { path: 'hw/y.c' } as ChangedFile;
const noSchema = { schemaOf: () => null };

/** A proposal editing lines `line`..`endLine` of `at`. */
function edit(line: number, endLine = line, at: ChangedFile = file): Proposal {
  return { finding: { file: at.path, line } as Finding, fix: { edits: [{ line, endLine, start: 0, end: 1, text: 'x' }] } };
}

describe('units of edits outside doc paragraphs', () => {
  it('joins an edit to the first unit it touches, also when a grown unit now overlaps a later one', () => {
    const [a, b, bridge, late, apart] = [edit(10), edit(20), edit(10, 20), edit(20), edit(30)];
    const units = unitsOf([a!, b!, bridge!, late!, apart!], [file], noSchema);
    expect(units.map((u) => [u.line, u.endLine, u.proposals.length])).toEqual([
      [10, 20, 3],
      [20, 20, 1],
      [30, 30, 1],
    ]);
    expect(units[0]!.proposals).toEqual([a, bridge, late]);
  });

  it('keeps the units of different files apart on the same lines', () => {
    const units = unitsOf([edit(5, 5, file), edit(5, 5, other)], [file, other], noSchema);
    expect(units.map((u) => [u.file.path, u.proposals.length])).toEqual([
      ['hw/x.c', 1],
      ['hw/y.c', 1],
    ]);
  });

  it('makes one unit a line of 40,000 edits a line apart, and one of 40,000 adjacent ones chained', { timeout: 30_000 }, () => {
    expect(
      unitsOf(
        Array.from({ length: 40_000 }, (_, i) => edit(1 + 2 * i)),
        [file],
        noSchema,
      ),
    ).toHaveLength(40_000);
    const chained = unitsOf(
      Array.from({ length: 40_000 }, (_, i) => edit(1 + i, 2 + i)),
      [file],
      noSchema,
    );
    expect(chained.map((u) => [u.line, u.endLine, u.proposals.length])).toEqual([[1, 40_001, 40_000]]);
  });
});
