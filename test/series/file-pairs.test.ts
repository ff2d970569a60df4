/** Which file of a respin continues each file of the version before it. */
import { describe, expect, it } from 'vitest';
import { pairFiles } from '../../src/series/file-pairs.js';
import { shareAFile } from '../../src/series/similarity.js';
import { hunkDiff, newFileDiff, patchOf } from '../support/patches.js';

const doc = (name: string) =>
  ['##', `# @${name}:`, '#', `# The ${name} of a machine, in bytes.`, '#', '# Since: 10.2', '##', `{ 'struct': '${name}', 'data': { 'size': 'int' } }`].join(
    '\n',
  );

describe('pairFiles', () => {
  it('the same path wins over a file of like content', () => {
    const a = patchOf(newFileDiff('qapi/a.json', doc('Size')));
    const b = patchOf(newFileDiff('qapi/a.json', doc('Other')) + newFileDiff('qapi/b.json', doc('Size')));
    expect([...pairFiles(a, b)]).toEqual([['qapi/a.json', 'qapi/a.json']]);
  });

  it('a new file added under another name is the old one renamed', () => {
    const a = patchOf(newFileDiff('qapi/a.json', doc('Size')) + newFileDiff('qapi/c.json', doc('Colour')));
    const b = patchOf(newFileDiff('qapi/c.json', doc('Colour')) + newFileDiff('qapi/b.json', doc('Size')));
    expect(new Map(pairFiles(a, b))).toEqual(
      new Map([
        ['qapi/a.json', 'qapi/b.json'],
        ['qapi/c.json', 'qapi/c.json'],
      ]),
    );
    expect(shareAFile(patchOf(newFileDiff('qapi/a.json', doc('Size'))), patchOf(newFileDiff('qapi/b.json', doc('Size'))))).toBe(true);
  });

  it("git's rename headers name the file the old one became", () => {
    const hunk = [{ start: 3, lines: [' # @id: An id.', '+# @name: A name.', ' # Since: 10.2'] }];
    const a = patchOf(hunkDiff('qapi/x.json', hunk));
    const renamed = hunkDiff('qapi/x.json', hunk)
      .replace(
        'diff --git a/qapi/x.json b/qapi/x.json\n',
        'diff --git a/qapi/x.json b/qapi/y.json\nsimilarity index 90%\nrename from qapi/x.json\nrename to qapi/y.json\n',
      )
      .replace('+++ b/qapi/x.json', '+++ b/qapi/y.json');
    expect([...pairFiles(a, patchOf(renamed))]).toEqual([['qapi/x.json', 'qapi/y.json']]);
  });

  it('a file with nothing alike in the respin has no counterpart, and punctuation lines do not make two files alike', () => {
    const a = patchOf(newFileDiff('qapi/a.json', doc('Size')));
    const b = patchOf(newFileDiff('qapi/z.json', ['##', '# @Zebra:', '#', '# Stripes.', '#', '##', "{ 'enum': 'Zebra', 'data': [] }"].join('\n')));
    expect(pairFiles(a, b).size).toBe(0);
    expect(shareAFile(a, b)).toBe(false);
  });
});
