import { describe, expect, it } from 'vitest';
import { moreKey, onceKey, usesIn, wordUseKeys } from '../../src/c/word-uses.js';
import type { ChangedFile } from '../../src/engine/types.js';

/** A C file whose one hunk adds `added` (and shows `context` before it). */
const file = (added: string[], context: string[] = [], path = 'hw/a.c'): ChangedFile =>
  ({
    path,
    diff: { hunks: [{ lines: [...context.map((text) => ({ kind: 'context', text })), ...added.map((text) => ({ kind: 'add', text }))] }] },
  }) as unknown as ChangedFile;

const uses = (f: ChangedFile, word: string) => usesIn(wordUseKeys([f]), word);

describe('uses of macro-like names on the lines a patch adds', () => {
  it.each([
    ['x = FOO_BAR + 1;', 'FOO_BAR', 1],
    ['x = FOO_bar + 1;', 'FOO_bar', 0],
    ['x = AB + 1;', 'AB', 0],
    ['x = _XYZ;', '_XYZ', 0],
    ['x = X86_64;', 'X86_64', 1],
    ['s = "ÀBCD";', 'BCD', 1],
    ['y = FOO(FOO);', 'FOO', 2],
  ])('%s: %s used %i times', (line, word, n) => {
    expect(uses(file([line]), word)).toBe(n);
  });

  it('counts none for the name a #define introduces, and many for a use inside a #define or a directive', () => {
    expect(wordUseKeys([file(['#define GI_PROP "pci-dev"'])])).toEqual([]);
    expect(uses(file(['#define GI_NAME(x) x GI_PROP']), 'GI_PROP')).toBe(2);
    expect(uses(file(['    + GI_PROP'], ['#define GI_X 1 \\']), 'GI_PROP')).toBe(2);
    expect(uses(file(['#undef GI_PROP']), 'GI_PROP')).toBe(2);
    expect(uses(file(['#ifdef GI_PROP']), 'GI_PROP')).toBe(2);
    expect(uses(file(['p = GI_PROP;'], ['#define GI_X 1']), 'GI_PROP')).toBe(1);
  });

  it('reads C files only', () => {
    expect(wordUseKeys([file(['x = FOO_BAR;'], [], 'docs/a.rst')])).toEqual([]);
    expect(wordUseKeys([file(['x = FOO_BAR;'])])).toEqual([onceKey('FOO_BAR')]);
    expect(wordUseKeys([file(['x = FOO_BAR + FOO_BAR;'])])).toEqual([moreKey('FOO_BAR')]);
  });
});
