/**
 * Which QEMU release a new definition should name, from what is known
 * about the patch: the command line, the tree's VERSION, the commit's
 * committer date, the day a list mail was sent, or today for a patch that
 * never went through the list.  Dates are turned into a release by the
 * release calendar (rules/qapi/qemu-releases.json), freezes included.
 * Versions are `X.Y` strings.
 */

export interface Release {
  version: string;
  released: string;
  /** Maintainers' pull requests for this release are due; later features go to the next one. */
  softFreeze: string;
  /** rc0: bug fixes only from here. */
  hardFreeze: string;
  /** The freeze dates are estimates, not read from the planning page. */
  estimated?: boolean;
  /** Where the rc0 date was checked: the tag of the release's rc0. */
  rc0Tag?: string;
}

export interface Projection {
  yearOffset: number;
  /** `MM-DD` of X.0, X.1 and X.2. */
  releaseDay: string[];
  softFreezeWeeksBefore: number;
  hardFreezeDaysAfterSoftFreeze: number;
  uncertaintyDays: number;
}

export interface Calendar {
  releases: readonly Release[];
  projection: Projection;
}

/** Releases a `Since:` may name, the one to suggest, and where that knowledge comes from. */
export interface Expected {
  accept: string[];
  /** The one release a maintainer would ask for. */
  suggest: string;
  /** e.g. "--qemu-version 10.2", "the tree's VERSION 10.1.50", "a mail of 2025-09-23". */
  basis: string;
}

export type Phase = 'development' | 'soft freeze' | 'hard freeze';

const parse = (v: string): [number, number] => {
  const [x, y] = v.split('.').map(Number);
  return [x ?? 0, y ?? 0];
};

export const compareVersions = (a: string, b: string): number => {
  const [ax, ay] = parse(a);
  const [bx, by] = parse(b);
  return ax - bx || ay - by;
};

/** The release after `v`: the history says, else X.(Y+1), or (X+1).0 after X.2. */
export function nextRelease(v: string, history: readonly Release[]): string {
  const i = history.findIndex((r) => r.version === v);
  if (i >= 0 && i + 1 < history.length) return history[i + 1]!.version;
  const [x, y] = parse(v);
  return y >= 2 ? `${x + 1}.0` : `${x}.${y + 1}`;
}

const DAY_MS = 24 * 3600 * 1000;
const day = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number): string => day(new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS));

/** A release past the calendar's end, dated by the projection. */
function projected(version: string, p: Projection): Release & { projected: true } {
  const [x, y] = parse(version);
  const released = `${x + p.yearOffset}-${p.releaseDay[Math.min(y, p.releaseDay.length - 1)]}`;
  const softFreeze = addDays(released, -7 * p.softFreezeWeeksBefore);
  return { version, released, softFreeze, hardFreeze: addDays(softFreeze, p.hardFreezeDaysAfterSoftFreeze), estimated: true, projected: true };
}

/** The calendar entry of `version`: listed, or projected when past the end. */
export function releaseOf(version: string, calendar: Calendar): Release & { projected?: boolean } {
  return calendar.releases.find((r) => r.version === version) ?? projected(version, calendar.projection);
}

/** Where development stood on `date`: the release being made, and how far towards it. */
export interface Development {
  developing: string;
  phase: Phase;
  /** The phase comes from estimated or projected dates close to a freeze: it may be the neighbouring one. */
  uncertain: boolean;
  /** The release is past the calendar's end, its dates projected. */
  projected: boolean;
}

export function developmentOn(date: Date, calendar: Calendar): Development | null {
  const when = day(date);
  const { releases } = calendar;
  if (releases.length === 0 || when < releases[0]!.released) return null;
  // The last release out by `when`, walking on into projected releases past the calendar's end.
  let last = releases.filter((r) => r.released <= when).at(-1)!.version;
  for (;;) {
    const following = releaseOf(nextRelease(last, releases), calendar);
    if (following.released > when) break;
    last = following.version;
  }
  const entry = releaseOf(nextRelease(last, releases), calendar);
  const phase: Phase = when < entry.softFreeze ? 'development' : when < entry.hardFreeze ? 'soft freeze' : 'hard freeze';
  const margin = calendar.projection.uncertaintyDays;
  const uncertain = entry.estimated === true && when >= addDays(entry.softFreeze, -margin) && when < addDays(entry.hardFreeze, margin);
  return { developing: entry.version, phase, uncertain, projected: entry.projected === true };
}

/**
 * What a patch of `date` should name.  In development, the release being
 * made; in its soft freeze both it (a feature already queued) and the next
 * pass, and the next is suggested (a feature still under review misses the
 * freeze); after rc0 only the next.
 */
export function fromDate(date: Date, calendar: Calendar, what: string): Expected | null {
  const dev = developmentOn(date, calendar);
  if (!dev) return null;
  const next = nextRelease(dev.developing, calendar.releases);
  const suggest = dev.phase === 'development' ? dev.developing : next;
  const accept = dev.uncertain || dev.phase === 'soft freeze' ? [dev.developing, next] : [suggest];
  const freeze = dev.phase === 'development' ? '' : ` (${dev.developing} in ${dev.phase}${dev.projected ? ', projected' : ''})`;
  return { accept, suggest, basis: `${what} ${day(date)}${freeze}` };
}

/** `10.1.50` (development) → 10.2; `10.1.90` (release candidates, after rc0) → 11.0; a release → null. */
export function fromTreeVersion(version: string, history: readonly Release[]): Expected | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return null;
  const micro = Number(m[3]);
  if (micro < 50) return null;
  const developing = nextRelease(`${m[1]}.${m[2]}`, history);
  if (micro < 90) return { accept: [developing], suggest: developing, basis: `the tree's VERSION ${version}` };
  const next = nextRelease(developing, history);
  return { accept: [next], suggest: next, basis: `the tree's VERSION ${version} (${developing} in hard freeze)` };
}

/** What is known about a patch that tells the release it should name. */
export interface ReleaseClues {
  /** `--qemu-version`. */
  qemuVersion?: string | undefined;
  /** The tree's VERSION file (tree mode). */
  treeVersion?: string | null | undefined;
  /** A commit's committer date: when the commit took its present form (the Action). */
  committed?: Date | null | undefined;
  /** The mail went through a mailing list (or was at least delivered): its Date is when it was posted. */
  delivered: boolean;
  mailDate: Date | null;
  /** The moment of the review: a local patch (format-patch file, b4 prep --check) is judged as of today. */
  now: Date;
}

/**
 * The release a new definition of this patch should name, by the first clue
 * that speaks: --qemu-version, the tree's VERSION, the committer date, the
 * Date of a mail that went through the list, today.  An author date (the
 * Date of a `git format-patch` file) is never used: a series written in
 * March and rebased in November is November's.
 */
export function expectedRelease(clues: ReleaseClues, calendar: Calendar): Expected | null {
  if (clues.qemuVersion) return { accept: [clues.qemuVersion], suggest: clues.qemuVersion, basis: `--qemu-version ${clues.qemuVersion}` };
  const tree = clues.treeVersion ? fromTreeVersion(clues.treeVersion, calendar.releases) : null;
  if (tree) return tree;
  if (clues.committed) return fromDate(clues.committed, calendar, 'a commit committed on');
  // A list mail without a usable Date: the day it was posted is unknown, and today may be years later.
  if (clues.delivered) return clues.mailDate ? fromDate(clues.mailDate, calendar, 'a mail of') : null;
  return fromDate(clues.now, calendar, 'a local patch reviewed on');
}
