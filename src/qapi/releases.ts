/**
 * Which QEMU release is under development, from what is known: the
 * command line, the tree's VERSION, or the date of a mail and the release
 * history.  Versions are `X.Y` strings.
 */

export interface Release {
  version: string;
  released: string;
  softFreeze: string;
  softFreezeEstimated?: boolean;
}

/** Releases a `Since:` may name, and where that knowledge comes from. */
export interface Expected {
  accept: string[];
  /** e.g. "--qemu-version 10.2", "the tree's VERSION 10.1.50", "a mail of 2025-09-23". */
  basis: string;
}

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

/** `10.1.50` (development) → 10.2; `10.1.90` (release candidates) → 10.2 and, in the freeze, 11.0; a release → null. */
export function fromTreeVersion(version: string, history: readonly Release[]): Expected | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return null;
  const micro = Number(m[3]);
  if (micro < 50) return null;
  const next = nextRelease(`${m[1]}.${m[2]}`, history);
  const accept = micro >= 90 ? [next, nextRelease(next, history)] : [next];
  return { accept, basis: `the tree's VERSION ${version}` };
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** What was under development on `date`: the release after the last one out; in its freeze, the one after too. */
export function fromDate(date: Date, history: readonly Release[]): Expected | null {
  const when = day(date);
  const out = history.filter((r) => r.released <= when);
  const last = out[out.length - 1];
  if (!last) return null;
  const developing = nextRelease(last.version, history);
  const known = history.find((r) => r.version === developing);
  const basis = `a mail of ${when}`;
  if (known) {
    const inFreeze = when >= known.softFreeze;
    return { accept: inFreeze ? [developing, nextRelease(developing, history)] : [developing], basis };
  }
  // Past the history's end: the freeze date is unknown, so after a release's usual
  // development time both candidates pass rather than guess wrong.
  const weeks = (Date.parse(when) - Date.parse(last.released)) / (7 * 24 * 3600 * 1000);
  return { accept: weeks > 10 ? [developing, nextRelease(developing, history)] : [developing], basis };
}
