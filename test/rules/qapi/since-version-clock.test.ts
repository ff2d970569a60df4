/**
 * The clock of qapi/since-version: which "when" decides the release a new
 * definition names, in which order, and what the freeze calendar makes of it.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/qapi/since-version.js';
import history from '../../../rules/qapi/qemu-releases.json' with { type: 'json' };
import { reviewPatch } from '../../../src/engine/run.js';
import type { ReviewSettings, TreeAccess } from '../../../src/engine/types.js';
import { developmentOn, expectedRelease, fromDate, releaseOf, type Calendar, type ReleaseClues } from '../../../src/qapi/releases.js';
import { hunkDiff, newFileDiff, patchOf } from '../../support/patches.js';

const CALENDAR: Calendar = history;

const newDefinition = (since: string) =>
  newFileDiff(
    'qapi/test.json',
    ['##', '# @Thing:', '#', '# @a: An a.', '#', `# ${since}`, '##', "{ 'struct': 'Thing', 'data': { 'a': 'int' } }"].join('\n') + '\n',
  );

// The member is added to the definition too: a doc line alone documents an old member.
const newMember = (note: string) =>
  hunkDiff('qapi/test.json', [
    {
      start: 10,
      lines: [
        ' ##',
        ' # @Old:',
        ' #',
        ' # @a: An a.',
        ' #',
        `+# @b: A b.  ${note}`,
        '+#',
        ' # Since: 2.4',
        ' ##',
        " { 'struct': 'Old',",
        "-  'data': { 'a': 'int' } }",
        "+  'data': { 'a': 'int', 'b': 'int' } }",
      ],
    },
  ]);

interface Clock {
  /** The mail's Date header (the author date of a format-patch file). */
  date?: string;
  /** The mail went through the list. */
  delivered?: boolean;
  /** The committer date of the commit the patch came from (the Action). */
  committed?: string;
  /** Today. */
  now?: string;
  qemuVersion?: string;
  treeVersion?: string;
}

/** A tree that answers only what since-version asks: its VERSION. */
const treeAt = (version: string): TreeAccess => ({
  root: '/nonexistent',
  version,
  failures: [],
  refused: null,
  alreadyApplied: [],
  read: () => null,
  callsOf: () => [],
});

function review(diff: string, clock: Clock) {
  const patch = patchOf(diff);
  if (clock.date) patch.mail.date = new Date(clock.date);
  patch.mail.delivered = clock.delivered ?? false;
  if (clock.committed) patch.mail.committed = new Date(clock.committed);
  const settings: ReviewSettings = {};
  if (clock.now) settings.now = clock.now;
  if (clock.qemuVersion) settings.qemuVersion = clock.qemuVersion;
  const { findings, failures } = reviewPatch(patch, [rule], { settings, tree: clock.treeVersion ? treeAt(clock.treeVersion) : null });
  expect(failures).toEqual([]);
  return findings;
}

describe('the calendar', () => {
  const on = (date: string) => fromDate(new Date(date), CALENDAR, 'a mail of');

  it('names the release being made before its soft freeze', () => {
    // 10.1 came out on 2025-08-26; 10.2's soft freeze began on 2025-11-04.
    expect(on('2025-08-26')).toEqual({ accept: ['10.2'], suggest: '10.2', basis: 'a mail of 2025-08-26' });
    expect(on('2025-11-03')).toEqual({ accept: ['10.2'], suggest: '10.2', basis: 'a mail of 2025-11-03' });
  });

  it('in the soft freeze takes both, and suggests the next release', () => {
    expect(on('2025-11-04')).toEqual({ accept: ['10.2', '11.0'], suggest: '11.0', basis: 'a mail of 2025-11-04 (10.2 in soft freeze)' });
    expect(on('2025-11-10')?.accept).toEqual(['10.2', '11.0']);
  });

  it('after the hard freeze (rc0) takes the next release only, until the release and after', () => {
    expect(on('2025-11-11')).toEqual({ accept: ['11.0'], suggest: '11.0', basis: 'a mail of 2025-11-11 (10.2 in hard freeze)' });
    expect(on('2025-12-23')?.accept).toEqual(['11.0']);
    expect(on('2025-12-24')).toEqual({ accept: ['11.0'], suggest: '11.0', basis: 'a mail of 2025-12-24' });
  });

  it('knows nothing before its first release', () => {
    expect(on('2021-06-01')).toBeNull();
  });

  it('projects releases past its end: April, August, December, freezes six and five weeks before', () => {
    expect(releaseOf('11.2', CALENDAR)).toMatchObject({ released: '2026-12-16', softFreeze: '2026-11-04', hardFreeze: '2026-11-11', projected: true });
    expect(releaseOf('12.0', CALENDAR)).toMatchObject({ released: '2027-04-22', softFreeze: '2027-03-11', hardFreeze: '2027-03-18' });
    expect(releaseOf('13.1', CALENDAR)).toMatchObject({ released: '2028-08-26' });
    expect(developmentOn(new Date('2027-01-10'), CALENDAR)).toEqual({ developing: '12.0', phase: 'development', uncertain: false, projected: true });
  });

  it('near a projected freeze takes both releases, and suggests by the projected phase', () => {
    expect(on('2026-10-01')?.accept).toEqual(['11.2']);
    // Two weeks either side of 11.2's projected freezes (2026-11-04, rc0 2026-11-11).
    expect(on('2026-10-25')).toEqual({ accept: ['11.2', '12.0'], suggest: '11.2', basis: 'a mail of 2026-10-25' });
    expect(on('2026-11-19')).toEqual({ accept: ['11.2', '12.0'], suggest: '12.0', basis: 'a mail of 2026-11-19 (11.2 in hard freeze, projected)' });
    expect(on('2026-12-07')).toEqual({ accept: ['12.0'], suggest: '12.0', basis: 'a mail of 2026-12-07 (11.2 in hard freeze, projected)' });
  });
});

describe('which clock, in which order', () => {
  const all: ReleaseClues = {
    qemuVersion: '13.0',
    treeVersion: '11.2.50',
    committed: new Date('2025-09-01'),
    delivered: true,
    mailDate: new Date('2024-09-10'),
    now: new Date('2022-09-10'),
  };
  const without = (...keys: (keyof ReleaseClues)[]): ReleaseClues => {
    const clues = { ...all };
    for (const k of keys) delete clues[k];
    return clues;
  };
  const basis = (clues: ReleaseClues) => expectedRelease(clues, CALENDAR)?.basis;

  it("--qemu-version, the tree, the committer date, a list mail's date, today", () => {
    expect(basis(all)).toBe('--qemu-version 13.0');
    expect(basis(without('qemuVersion'))).toBe("the tree's VERSION 11.2.50");
    expect(basis(without('qemuVersion', 'treeVersion'))).toBe('a commit committed on 2025-09-01');
    expect(basis(without('qemuVersion', 'treeVersion', 'committed'))).toBe('a mail of 2024-09-10');
    expect(basis({ ...without('qemuVersion', 'treeVersion', 'committed'), delivered: false })).toBe('a local patch reviewed on 2022-09-10');
  });

  it("a released tree's VERSION (a stable branch) tells nothing: the next clue speaks", () => {
    expect(basis({ ...without('qemuVersion'), treeVersion: '10.0.13' })).toBe('a commit committed on 2025-09-01');
  });

  it('a list mail without a date: no release rather than today', () => {
    expect(expectedRelease({ ...without('qemuVersion', 'treeVersion', 'committed'), mailDate: null }, CALENDAR)).toBeNull();
  });
});

describe('qapi/since-version by each clock', () => {
  it('a list mail: its date', () => {
    expect(review(newDefinition('Since: 10.2'), { date: '2025-09-23T10:00:00Z', delivered: true, now: '2026-12-07' })).toEqual([]);
  });

  it('a local format-patch file: today, not the author date it carries', () => {
    const [f] = review(newDefinition('Since: 10.2'), { date: '2025-09-23T10:00:00Z', now: '2026-09-01' });
    expect(f!.message).toBe('"Since: 10.2" of new definition Thing names 10.2, but a local patch reviewed on 2026-09-01 means 11.2');
    expect(f!.suggestion).toEqual({ line: 6, endLine: 6, text: '# Since: 11.2' });
  });

  it('a commit: its committer date', () => {
    expect(review(newDefinition('Since: 11.1'), { date: '2025-09-23T10:00:00Z', committed: '2026-05-04T12:00:00Z', now: '2026-12-07' })).toEqual([]);
  });

  it('a rebased series (written in March, committed in November) keeps its correct (Since 11.2)', () => {
    const rebased = { date: '2026-03-02T09:00:00Z', committed: '2026-10-01T09:00:00Z', now: '2026-12-07' };
    expect(review(newMember('(Since 11.2)'), rebased)).toEqual([]);
    const [f] = review(newMember('(Since 11.0)'), rebased);
    expect(f!.message).toBe('"(Since 11.0)" of new member @b names 11.0, but a commit committed on 2026-10-01 means 11.2');
    expect(f!.suggestion?.text).toBe('# @b: A b.  (Since 11.2)');
  });

  it('the tree before the dates, --qemu-version before the tree', () => {
    const dated = { date: '2025-09-23T10:00:00Z', delivered: true };
    expect(review(newDefinition('Since: 11.1'), { ...dated, treeVersion: '11.0.50' })).toEqual([]);
    expect(review(newDefinition('Since: 11.1'), { ...dated, treeVersion: '11.0.50', qemuVersion: '11.1' })).toEqual([]);
    expect(review(newDefinition('Since: 11.1'), { ...dated, treeVersion: '11.0.50', qemuVersion: '12.0' })[0]!.message).toContain(
      '--qemu-version 12.0 means 12.0',
    );
  });

  it('names one release, also in a freeze', () => {
    const [f] = review(newDefinition('Since: 9.2'), { date: '2025-11-06T10:00:00Z', delivered: true });
    expect(f!.message).toBe('"Since: 9.2" of new definition Thing names 9.2, but a mail of 2025-11-06 (10.2 in soft freeze) means 11.0');
  });

  it('after rc0 the release in freeze is wrong too', () => {
    const [f] = review(newDefinition('Since: 10.2'), { date: '2025-11-12T10:00:00Z', delivered: true });
    expect(f!.message).toBe('"Since: 10.2" of new definition Thing names 10.2, but a mail of 2025-11-12 (10.2 in hard freeze) means 11.0');
    expect(f!.suggestion?.text).toBe('# Since: 11.0');
  });
});

describe('placeholders', () => {
  const clock = { now: '2026-09-01' };

  it('"Since: FIXME" and "Since: TBD" of a new definition get the release', () => {
    for (const placeholder of ['FIXME', 'TBD']) {
      const [f] = review(newDefinition(`Since: ${placeholder}`), clock);
      expect(f!.message).toBe(`"Since: ${placeholder}" of new definition Thing is a placeholder: a local patch reviewed on 2026-09-01 means 11.2`);
      expect(f!.suggestion).toEqual({ line: 6, endLine: 6, text: '# Since: 11.2' });
    }
  });

  it('"(since FIXME)" and "(Since: TBD)" of a new member become "(Since 11.2)"', () => {
    expect(review(newMember('(since FIXME)'), clock).map((f) => [f.message, f.suggestion?.text])).toEqual([
      ['"(since FIXME)" of new member @b is a placeholder: a local patch reviewed on 2026-09-01 means 11.2', '# @b: A b.  (Since 11.2)'],
    ]);
    expect(review(newMember('(Since: TBD)'), clock).map((f) => f.suggestion?.text)).toEqual(['# @b: A b.  (Since 11.2)']);
  });
});
