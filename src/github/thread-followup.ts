/**
 * A force-push is a new version of the pull request: the bot's own threads
 * from the review of the earlier version are followed up on the new run's
 * findings.  A thread whose every point is gone from its file is resolved;
 * the others are named as still open.  Only threads whose first comment the
 * token's own account wrote, with our marker, are ever touched: a marker
 * copied into someone else's comment is their text (src/github/identity.ts).
 *
 * The points are compared as the follow-up compares findings
 * (src/followup/carry.ts: same rule, same problem once numbers are set
 * aside), but without the line: GitHub does not give the earlier version's
 * lines of every thread, so a point still found anywhere in the file keeps
 * its thread open.  When in doubt, a thread stays as it is.
 */
import { sameProblem } from '../followup/carry.js';
import { commentFingerprint, outdatedFingerprint } from './fingerprint.js';
import { isOwn, type Identity } from './identity.js';
import { code, inline } from './markdown.js';
import type { ReviewThread } from './review-threads.js';
import type { SeriesFinding } from './series.js';

/** One point a comment of ours makes: its rule, and the message as the comment shows it (null in a copy's comment). */
export interface Point {
  rule: string;
  text: string | null;
}

export interface ThreadPoints {
  thread: ReviewThread;
  points: Point[];
}

const HEAD = /^\*\*(?:error|warning|note)\*\* `([^`]+)`: (.*)$/gm;
const COPY_HEAD = /^\*\*(?:error|warning|note)\*\* ((?:`[^`]+`(?:, )?)+): the same as .* \(see the comment there\)\.$/m;

/** The points of a comment body we wrote (src/github/review-comments.ts writes the heads). */
export function pointsOf(body: string): Point[] {
  const copy = COPY_HEAD.exec(body);
  if (copy) return [...copy[1]!.matchAll(/`([^`]+)`/g)].map((m) => ({ rule: m[1]!, text: null }));
  return [...body.matchAll(HEAD)].map((m) => ({ rule: m[1]!, text: m[2]! }));
}

/** Our own unresolved threads, with their points; threads we cannot read a point from are left out. */
export function ownThreads(threads: readonly ReviewThread[], identity: Identity): ThreadPoints[] {
  const out: ThreadPoints[] = [];
  for (const thread of threads) {
    const first = thread.first;
    if (thread.isResolved || !first || !isOwn(identity, first.login)) continue;
    if (commentFingerprint(first.body) === null && outdatedFingerprint(first.body) === null) continue;
    const points = pointsOf(first.body);
    if (points.length > 0) out.push({ thread, points });
  }
  return out;
}

function stillThere(point: Point, path: string, findings: readonly SeriesFinding[]): boolean {
  return findings.some((i) => {
    const f = i.finding;
    if (f.rule !== point.rule || (f.file !== path && i.tip?.path !== path)) return false;
    return point.text === null || sameProblem({ message: point.text }, { message: inline(f.message) });
  });
}

/** Which of our threads' points are all gone (fixed) and which are not (open). */
export function followUpThreads(threads: readonly ThreadPoints[], findings: readonly SeriesFinding[]): { fixed: ThreadPoints[]; open: ThreadPoints[] } {
  const fixed: ThreadPoints[] = [];
  const open: ThreadPoints[] = [];
  for (const t of threads) (t.points.some((p) => stillThere(p, t.thread.path, findings)) ? open : fixed).push(t);
  return { fixed, open };
}

/** Open points named in the note; past this they are counted. */
const NAMED_OPEN = 5;

/** The sentence for the review body and the job summary. */
export function followUpNote(resolved: number, open: readonly ThreadPoints[], before: string): string {
  const taken = `${resolved === 1 ? 'one thread' : `${resolved} threads`} of qemu-review's earlier review ${resolved === 1 ? 'is' : 'are'} fixed and resolved`;
  const head = `Since the previous version (${code(before.slice(0, 12))}): ${resolved === 0 ? "none of qemu-review's earlier threads is fixed" : taken}`;
  if (open.length === 0) return `${head}; none is still open.`;
  const named = open.slice(0, NAMED_OPEN).map((t) => {
    const p = t.points[0]!;
    const where = `${code(t.thread.path)}${t.thread.line === null ? '' : ` line ${t.thread.line}`}`;
    return `${code(p.rule)}${p.text === null ? '' : ` (${p.text})`} in ${where}`;
  });
  const rest = open.length > NAMED_OPEN ? `, and ${open.length - NAMED_OPEN} more` : '';
  return `${head}; still open: ${named.join('; ')}${rest}.`;
}
