/**
 * `--tree` on a branch that already holds the patch: the patch does not
 * apply forward but undoes cleanly, so it is said to be already applied and
 * reviewed against the tree as it was before it, not reported as not
 * applying and reviewed from the diff alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { SourceTree } from '../../src/tree/source-tree.js';
import { TreeSession } from '../../src/tree/tree-session.js';
import { BUILT_CLI, knobsSeries, requireBuild, type GitRepo } from '../support/git-repo.js';
import { hunkDiff, newFileDiff, patchOf } from '../support/patches.js';
import { tempDir } from '../support/temp.js';
import { spawnSync } from 'node:child_process';

const SLOW = 60_000;

function treeWith(text: string): TreeSession {
  const root = tempDir('qr-applied-');
  mkdirSync(join(root, 'hw'));
  writeFileSync(join(root, 'hw', 'a.c'), text);
  return new TreeSession(new SourceTree(root));
}

describe('a patch the tree already holds', () => {
  const change = hunkDiff('hw/a.c', [{ start: 1, lines: [' one', '-two', '+2', ' three'] }]);

  it('is already applied, and its view is the patch applied to the tree before it', () => {
    const { views, access } = treeWith('one\n2\nthree\n').apply(patchOf(change));
    expect(access.failures).toEqual([]);
    expect(access.alreadyApplied).toEqual(['hw/a.c']);
    expect([...views.values()][0]!.segments[0]!.map((l) => `${l.added ? '+' : ' '}${l.text}`)).toEqual([' one', '+2', ' three']);
  });

  it('a tree that holds neither side still does not apply', () => {
    const { access } = treeWith('one\nzwei\nthree\n').apply(patchOf(change));
    expect(access.alreadyApplied).toEqual([]);
    expect(access.failures).toEqual([{ file: 'hw/a.c', why: expect.stringMatching(/does not match the file/) }]);
  });

  it('a tree that still holds the old side applies it forward, as before', () => {
    const { access } = treeWith('one\ntwo\nthree\n').apply(patchOf(change));
    expect(access).toMatchObject({ failures: [], alreadyApplied: [] });
  });

  it('a new file the tree has with exactly its text is already added; another text is a clash', () => {
    const added = newFileDiff('hw/a.c', 'one\n2\nthree\n');
    expect(treeWith('one\n2\nthree\n').apply(patchOf(added)).access).toMatchObject({ failures: [], alreadyApplied: ['hw/a.c'] });
    expect(treeWith('something else\n').apply(patchOf(added)).access.failures).toEqual([{ file: 'hw/a.c', why: 'the file already exists in the tree' }]);
  });

  it('a change that only undoes with fuzz is not taken for applied', () => {
    // The lines around the change differ from the patch's context: undoing it would need fuzz.
    const { access } = treeWith('one-changed\n2\nthree-changed\n').apply(patchOf(change));
    expect(access.alreadyApplied).toEqual([]);
  });
});

describe('qemu-review check --tree on the branch the patch came from', () => {
  let repo: GitRepo;
  let error: string;
  beforeAll(() => {
    requireBuild();
    const series = knobsSeries();
    repo = series.repo;
    error = series.error;
  }, SLOW);

  it(
    'says "already applied in the tree" and finds what it finds without the tree',
    () => {
      const json = (args: string[]): JsonReport => {
        const run = spawnSync(process.execPath, [BUILT_CLI, 'check', '--format', 'json', '--no-config', ...args, error], {
          cwd: repo.dir,
          encoding: 'utf8',
          timeout: SLOW,
        });
        return JSON.parse(run.stdout) as JsonReport;
      };
      const withTree = json(['--tree', repo.dir]);
      const notes = withTree.findings.filter((f) => f.rule === 'patch/apply');
      expect(notes.map((f) => [f.file, f.message])).toEqual([
        ['qapi/knobs.json', 'already applied in the tree: reviewed against the tree as it was before the patch'],
      ]);
      const rest = (r: JsonReport) => r.findings.filter((f) => f.rule !== 'patch/apply').map((f) => `${f.rule} ${f.file}:${f.line}`);
      expect(rest(withTree)).toEqual(rest(json([])));
      expect(rest(withTree).some((f) => f.startsWith('qapi/unstable-feature'))).toBe(true);
    },
    SLOW,
  );
});
