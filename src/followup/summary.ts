/**
 * The follow-up in words: the one-line summary a reviewer reads first
 * ("v7 takes 21 of the 22 points of the v6 review; still open: ..."), and
 * the wording of points, places and comments the text and mail share.
 */
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { Address } from '../mail/types.js';
import type { CarriedFinding } from './carry.js';
import type { Followup, TrackedComment, VersionRef } from './followup.js';

/** On one line, without the controls a hostile mail may carry to break or colour the output. */
export const clean = (text: string): string => text.replace(/[\x00-\x1f\x7f]+/g, ' ');

/** Open points named one by one in the summary; past this they are counted. */
const NAMED_OPEN = 3;

/** A finding's message without its advice: the problem alone ("one space after "x.""). */
export function pointOf(message: string): string {
  const cut = message.indexOf('; ');
  return (cut > 0 ? message.slice(0, cut) : message).trim();
}

/** `v7`, or the version's label where its number is not known. */
export const nameOf = (v: VersionRef): string => v.label ?? `v${v.version}`;

/** `the v6 review`, or `the review of the earlier version`. */
export const reviewOf = (v: VersionRef): string => (v.label === undefined ? `the v${v.version} review` : `the review of ${v.label}`);

export function summaryLine(f: Followup): string {
  const old = f.findings.filter((x) => x.status !== 'new');
  const open = f.findings.filter((x) => x.status === 'open');
  const fresh = f.findings.filter((x) => x.status === 'new');
  const vNew = nameOf(f.to);
  const vOld = nameOf(f.from);
  let line: string;
  if (old.length === 0) line = `${capitalise(reviewOf(f.from))} had no points for ${vNew} to take`;
  else if (open.length === 0) line = `${vNew} takes ${old.length === 1 ? 'the one point' : `all ${old.length} points`} of ${reviewOf(f.from)}`;
  else {
    const taken = old.length - open.length;
    const named = open.slice(0, NAMED_OPEN).map((x) => `${pointOf(x.message)} (${where(x.file, x.newLine)}, flagged in ${vOld} at ${x.oldLine})`);
    const rest = open.length > NAMED_OPEN ? `, and ${open.length - NAMED_OPEN} more` : '';
    line = `${vNew} takes ${taken === 0 ? 'none' : taken} of the ${old.length} points of ${reviewOf(f.from)}; still open: ${named.join('; ')}${rest}`;
  }
  if (fresh.length > 0) line += `; new in ${vNew}: ${fresh.length === 1 ? 'one point' : `${fresh.length} points`}`;
  // A label opens the sentence in lower case ("this version"); a version number stays as written ("v7").
  return `${f.to.label === undefined ? line : capitalise(line)}.`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `line 777`, or `commit message line 5`. */
export function where(file: string, line: number | null): string {
  if (line === null) return 'gone';
  return file === COMMIT_MESSAGE ? `commit message line ${line}` : `line ${line}`;
}

/** `qapi/migration.json:753 -> 777`, `include/qapi/util.h:76 -> gone`, `qapi/a.json:5 -> qapi/b.json:5` (renamed). */
export function move(file: string, oldLine: number | null, newLine: number | null, newFile: string | null = file): string {
  const name = file === COMMIT_MESSAGE ? 'commit message' : file;
  if (oldLine === null) return `${name}:${newLine}`;
  const to = newLine === null ? 'gone' : newFile !== null && newFile !== file ? `${newFile}:${newLine}` : `${newLine}`;
  return `${name}:${oldLine} -> ${to}`;
}

export function findingLine(x: CarriedFinding): string {
  return `${x.status.padEnd(5)}  ${move(x.file, x.oldLine, x.newLine, x.newFile)}: ${x.message} [${x.rule}]`;
}

/** What became of the lines a comment quoted: a fact about lines, never whether the comment was heeded. */
export function commentLine(c: TrackedComment): string {
  const fate =
    c.status === 'removed'
      ? 'the lines are gone'
      : c.status === 'unchanged'
        ? `the lines are unchanged (now ${where(c.file, c.newLine)})`
        : `the lines changed (now ${where(c.file, c.newLine)})`;
  return `${move(clean(c.file), c.oldLine, c.newLine, c.newFile === null ? null : clean(c.newFile))}: "${clean(c.excerpt)}": ${fate}`;
}

export function person(a: Address | null): string {
  if (!a) return 'someone';
  const name = clean(a.name).trim();
  return name === '' ? `<${clean(a.address)}>` : `${name} <${clean(a.address)}>`;
}

/** Comments grouped by reviewer, in the order the reviews came. */
export function byReviewer(comments: readonly TrackedComment[]): Array<[string, TrackedComment[]]> {
  const groups = new Map<string, TrackedComment[]>();
  for (const c of comments) {
    const key = person(c.reviewer);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()];
}
