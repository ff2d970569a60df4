import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceTree } from '../../src/tree/source-tree.js';
import { TreeSession } from '../../src/tree/tree-session.js';
import { hunkDiff, newFileDiff, patchOf } from '../support/patches.js';
import { tempDir } from '../support/temp.js';

function makeTree(): string {
  const root = tempDir('qemu-review-tree-');
  mkdirSync(join(root, 'hw'));
  writeFileSync(join(root, 'hw', 'a.c'), 'one\ntwo\nthree\n');
  writeFileSync(join(root, 'VERSION'), '10.1.50\n');
  return root;
}

/** Patch `n/total` of a series, threaded to one cover letter. */
function seriesPatch(diff: string, n: number, total = 2, thread = 'cover@x') {
  const patch = patchOf(diff, { subject: `[PATCH ${n}/${total}] x` });
  patch.mail.subject.counter = { index: n, total };
  patch.mail.references = [thread];
  return patch;
}

describe('a series applied in memory', () => {
  it('applies each patch on top of the earlier ones, never writing the tree', () => {
    const root = makeTree();
    const session = new TreeSession(new SourceTree(root));
    const first = seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+2', ' three'] }]), 1);
    const second = seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', ' 2', '+2.5', ' three'] }]), 2);
    expect(session.apply(first).access.failures).toEqual([]);
    const { views, access } = session.apply(second);
    expect(access.failures).toEqual([]);
    expect([...views.values()][0]!.segments[0]!.map((l) => `${l.added ? '+' : ' '}${l.text}`)).toEqual([' one', ' 2', '+2.5', ' three']);
    expect(readFileSync(join(root, 'hw', 'a.c'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(access.version).toBe('10.1.50');
  });

  it('keeps a series without a cover letter together: patches 2..n thread under patch 1', () => {
    const session = new TreeSession(new SourceTree(makeTree()));
    const first = seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+2', ' three'] }]), 1);
    first.mail.references = [];
    first.mail.messageId = 'patch1@x';
    expect(session.apply(first).access.failures).toEqual([]);
    const second = seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', ' 2', '+2.5', ' three'] }]), 2, 2, 'patch1@x');
    const { views, access } = session.apply(second);
    expect(access.failures).toEqual([]);
    expect([...views.values()][0]!.segments[0]!.map((l) => l.text)).toEqual(['one', '2', '2.5', 'three']);
  });

  it('starts again from the tree for another series, and for a lone patch', () => {
    const session = new TreeSession(new SourceTree(makeTree()));
    session.apply(seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+2', ' three'] }]), 1));
    const other = seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+II', ' three'] }]), 1, 2, 'other@x');
    expect(session.apply(other).access.failures).toEqual([]);
    expect(session.apply(patchOf(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+deux', ' three'] }]))).access.failures).toEqual([]);
  });

  it('carries a failure forward: a later patch on the same file falls back too', () => {
    const session = new TreeSession(new SourceTree(makeTree()));
    expect(session.apply(seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-zwei', '+2'] }]), 1)).access.failures).toHaveLength(1);
    const later = session.apply(seriesPatch(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+2'] }]), 2));
    expect(later.access.failures).toEqual([{ file: 'hw/a.c', why: 'an earlier patch of the series did not apply to it' }]);
  });

  it('refuses a patch whose path leads outside the tree through a symlink', () => {
    const root = makeTree();
    const outside = tempDir('qemu-review-outside-');
    writeFileSync(join(outside, 'secret'), 'x\n');
    symlinkSync(outside, join(root, 'escape'));
    const session = new TreeSession(new SourceTree(root));
    const { views, access } = session.apply(patchOf(hunkDiff('escape/secret', [{ start: 1, lines: ['-x', '+y'] }])));
    expect(access.refused).toBe("'escape/secret' is a symlink that leads outside the tree");
    expect(views.size).toBe(0);
    expect(session.read('escape/secret')).toBeNull();
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('x\n');
  });

  it('refuses ../ and absolute paths without reading them', () => {
    const session = new TreeSession(new SourceTree(makeTree()));
    expect(session.apply(patchOf(newFileDiff('../x.c', 'int x;\n'))).access.refused).toBe("'../x.c' is a '..' component");
  });

  it('counts calls in the C sources of the tree as the series left them, not mentions in comments', () => {
    const root = makeTree();
    writeFileSync(
      join(root, 'hw', 'b.c'),
      '#define TWICE(x) ((x) * 2)\nint y = TWICE(2);\n/* TWICE(x) is no call */\n#define FOUR(x) \\\n    TWICE(TWICE(x))\n',
    );
    const session = new TreeSession(new SourceTree(root));
    const { access } = session.apply(patchOf(hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '+int z = TWICE(3);', ' two'] }])));
    expect(access.callsOf('TWICE')).toEqual([
      { file: 'hw/a.c', line: 2, inDefinition: false },
      { file: 'hw/b.c', line: 2, inDefinition: false },
      // In another macro's continuation: made wherever FOUR is used.
      { file: 'hw/b.c', line: 5, inDefinition: true },
      { file: 'hw/b.c', line: 5, inDefinition: true },
    ]);
  });
});
