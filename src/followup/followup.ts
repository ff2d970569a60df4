/**
 * The follow-up of a respin: for every patch that has an earlier version
 * in the input, what became of the earlier version's findings and of the
 * reviewers' comments on it.  These are facts about lines (kept, changed,
 * gone), never a verdict on whether a comment was answered: an author may
 * answer in the commit message and keep the line.
 */
import { COMMIT_MESSAGE, type Finding } from '../engine/types.js';
import type { Address, Mail } from '../mail/types.js';
import type { FileDiff, Patch } from '../patch/types.js';
import { viewOfDiff } from '../patch/view.js';
import type { MessageResult } from '../review/review.js';
import { readPatch } from '../patch/read-patch.js';
import { groupPostings, linkVersions, pairUp, type LinkReason, type Posted, type PostedPatch, type Posting } from '../series/versions.js';
import { LineMap, type LineFate, type NumberedLine } from './align.js';
import { carryFindings, type CarriedFinding } from './carry.js';
import { pairFiles } from '../series/file-pairs.js';
import { readReviewComments, type ReviewComment } from './review-comments.js';
import { isFiller } from '../series/filler.js';

export interface VersionRef {
  version: number;
  messageId: string | null;
  subject: string;
  /** n of `n/m`, null for a lone patch. */
  number: number | null;
  /** Where the mail was read, and its index in the run. */
  source: string;
  index: number;
  /** How to name the version where its number is not known ("the earlier version"); default `v<version>`. */
  label?: string;
}

export type CommentStatus = 'changed' | 'unchanged' | 'removed';

export interface TrackedComment {
  reviewer: Address | null;
  /** The review mail. */
  messageId: string | null;
  file: string;
  /** The file in the new version: another path when the respin renamed it. */
  newFile: string | null;
  oldLine: number;
  /** First line of the quoted run the comment follows. */
  oldStartLine: number;
  /** Where the commented line is in the new version (null when gone). */
  newLine: number | null;
  status: CommentStatus;
  /** The start of the comment, one line. */
  excerpt: string;
  /** The old text of the line commented on. */
  quoted: string;
  comment: string;
}

export interface Followup {
  from: VersionRef;
  to: VersionRef;
  /** Why the two postings are versions of one series. */
  seriesLinkedBy: LinkReason;
  /** Why these two patches are one patch. */
  patchMatchedBy: 'subject' | 'diff similarity';
  /** How alike the two diffs are, 0 to 1. */
  similarity: number;
  findings: CarriedFinding[];
  reviewComments: TrackedComment[];
  /** Comments in reviews of the old version that quote no line of it (answers to other mails). */
  unanchoredComments: number;
  commitMessage: 'changed' | 'unchanged';
}

export interface NoEarlier {
  version: VersionRef;
  why: 'no earlier version in the input' | 'no counterpart in the earlier version';
}

export interface FollowupReport {
  followups: Followup[];
  /** Patches with nothing to follow up on. */
  unmatched: NoEarlier[];
}

interface Entry {
  result: MessageResult;
  mail: Mail;
  patch: Patch | null;
}

/** Follows up every version the input holds on the one before it; with `targets`, only the patches among them. */
export function followUp(results: readonly MessageResult[], targets?: ReadonlySet<MessageResult>): FollowupReport {
  const entries: Entry[] = [];
  for (const result of results) {
    const mail = result.mail;
    if (!mail) continue;
    if (result.status === 'reviewed') {
      try {
        entries.push({ result, mail, patch: result.patch ?? readPatch(mail) });
      } catch {
        // An unreadable diff was already reported by the review.
      }
    } else if (mail.subject.isReply || mail.subject.counter?.index === 0) entries.push({ result, mail, patch: null });
  }
  const findingsOf = new Map<Mail, Finding[]>(entries.map((e) => [e.mail, e.result.findings]));
  const postings = groupPostings(entries.map((e): Posted => ({ mail: e.mail, patch: e.patch })));
  const targetMails = targets && new Set([...targets].map((r) => r.mail));
  const { links, first } = linkVersions(postings, targetMails ? (p) => p.patches.some((x) => targetMails.has(x.mail)) : undefined);
  const reviews = reviewsByPatch(results, postings);

  const followups: Followup[] = [];
  const unmatched: NoEarlier[] = [];
  for (const posting of first) for (const p of posting.patches) unmatched.push({ version: ref(posting, p), why: 'no earlier version in the input' });
  for (const link of links) {
    for (const pair of link.pairs) {
      followups.push(
        followPatch(link.from, pair.from, link.to, pair.to, findingsOf, reviews.get(pair.from.mail) ?? [], {
          seriesLinkedBy: link.by,
          patchMatchedBy: pair.by,
          similarity: Math.round(pair.similarity * 100) / 100,
        }),
      );
    }
    for (const p of link.added) unmatched.push({ version: ref(link.to, p), why: 'no counterpart in the earlier version' });
  }
  followups.sort((a, b) => a.to.index - b.to.index);
  unmatched.sort((a, b) => a.version.index - b.version.index);
  return { followups, unmatched };
}

/**
 * Follows up two series already known to be versions of one another (two
 * tags, two pushes) whose mails carry no version: their patches are paired
 * as in an archive (by subject, then by diff similarity), and each pair
 * followed up as `followUp` does.  No review comments: there are no replies.
 */
export function followUpSeries(older: readonly MessageResult[], newer: readonly MessageResult[], labels: { from: string; to: string }): Followup[] {
  const findingsOf = new Map<Mail, Finding[]>();
  const postingOf = (results: readonly MessageResult[], version: number, root: string): Posting => {
    const patches: PostedPatch[] = [];
    for (const result of results) {
      if (result.status !== 'reviewed' || !result.mail) continue;
      let patch: Patch;
      try {
        patch = readPatch(result.mail);
      } catch {
        continue;
      }
      findingsOf.set(result.mail, result.findings);
      patches.push({ number: patches.length + 1, mail: result.mail, patch });
    }
    const first = patches[0]?.mail.subject;
    return {
      version,
      root,
      cover: null,
      patches,
      total: patches.length,
      ids: new Set(),
      tags: { supersedes: [], basedOn: [], changeId: null },
      topic: first ? first.title : '',
      order: 0,
    };
  };
  const from = postingOf(older, 1, 'older');
  const to = postingOf(newer, 2, 'newer');
  const link = pairUp(from, to, 'patch subjects');
  return link.pairs.map((pair) => {
    const f = followPatch(from, pair.from, to, pair.to, findingsOf, [], {
      seriesLinkedBy: link.by,
      patchMatchedBy: pair.by,
      similarity: Math.round(pair.similarity * 100) / 100,
    });
    return { ...f, from: { ...f.from, label: labels.from }, to: { ...f.to, label: labels.to } };
  });
}

function ref(posting: Posting, p: PostedPatch): VersionRef {
  return { version: posting.version, messageId: p.mail.messageId, subject: p.mail.subject.raw, number: p.number, source: p.mail.source, index: p.mail.index };
}

/** The reply mails in the input, each under the patch it (or the mail it answers) replies to. */
function reviewsByPatch(results: readonly MessageResult[], postings: readonly Posting[]): Map<Mail, Mail[]> {
  const patchById = new Map<string, Mail>();
  for (const posting of postings) for (const p of posting.patches) if (p.mail.messageId) patchById.set(p.mail.messageId, p.mail);
  const out = new Map<Mail, Mail[]>();
  for (const result of results) {
    const mail = result.mail;
    if (!mail || result.status === 'reviewed' || !mail.subject.isReply) continue;
    const ancestors = [mail.inReplyTo, ...[...mail.references].reverse()];
    const target = ancestors.map((id) => (id === null ? undefined : patchById.get(id))).find((m) => m !== undefined);
    if (!target) continue;
    // The author answering a review is not a review of the patch.
    if (target.from && mail.from && target.from.address.toLowerCase() === mail.from.address.toLowerCase()) continue;
    const list = out.get(target) ?? [];
    list.push(mail);
    out.set(target, list);
  }
  return out;
}

function followPatch(
  fromPosting: Posting,
  a: PostedPatch,
  toPosting: Posting,
  b: PostedPatch,
  findingsOf: Map<Mail, Finding[]>,
  reviews: readonly Mail[],
  how: Pick<Followup, 'seriesLinkedBy' | 'patchMatchedBy' | 'similarity'>,
): Followup {
  const files = pairFiles(a.patch, b.patch);
  const newFileOf = (file: string): string | null => (file === COMMIT_MESSAGE ? file : (files.get(file) ?? null));
  const fate = fateBetween(a.patch, b.patch, newFileOf);
  const findings = carryFindings(findingsOf.get(a.mail) ?? [], findingsOf.get(b.mail) ?? [], fate, newFileOf);
  const reviewComments: TrackedComment[] = [];
  let unanchoredComments = 0;
  for (const review of reviews) {
    const read = readReviewComments(review.body, a.patch);
    unanchoredComments += read.unanchored;
    for (const c of read.comments) reviewComments.push(track(c, review, fate, newFileOf(c.file)));
  }
  const oldCommit = commitLines(a.patch)
    .map((l) => l.text.trimEnd())
    .join('\n');
  const newCommit = commitLines(b.patch)
    .map((l) => l.text.trimEnd())
    .join('\n');
  return {
    from: ref(fromPosting, a),
    to: ref(toPosting, b),
    ...how,
    findings,
    reviewComments,
    unanchoredComments,
    commitMessage: oldCommit === newCommit ? 'unchanged' : 'changed',
  };
}

function track(c: ReviewComment, review: Mail, fate: (file: string, line: number) => LineFate, newFile: string | null): TrackedComment {
  const lines = [...c.quoted.keys()];
  const telling = lines.filter((n) => !isFiller(c.quoted.get(n)!));
  // Blank lines a quote ends with, below its last telling line, are what a
  // comment like "Drop one blank line" is about: they count too.
  const lastTelling = telling[telling.length - 1];
  const trailing = lastTelling === undefined ? [] : lines.filter((n) => n > lastTelling);
  const judged = (telling.length > 0 ? [...telling, ...trailing] : lines).map((n) => ({ n, fate: fate(c.file, n) }));
  const known = judged.filter((j) => j.fate.status !== 'unknown');
  let status: CommentStatus;
  if (known.length > 0 && known.every((j) => j.fate.status === 'unchanged')) status = moved(c, judged, fate) ? 'changed' : 'unchanged';
  else if (known.every((j) => j.fate.status === 'removed' || j.fate.status === 'unknown')) status = 'removed';
  else status = 'changed';
  return {
    reviewer: review.from,
    messageId: review.messageId,
    file: c.file,
    newFile: status === 'removed' ? null : newFile,
    oldLine: c.line,
    oldStartLine: c.startLine,
    newLine: status === 'removed' ? null : placeOf(c, fate),
    status,
    excerpt: excerptOf(c.text),
    quoted: c.quoted.get(c.line) ?? '',
    comment: c.text,
  };
}

/**
 * Lines kept word for word but taken away from the lines around them (a
 * list entry moved to where it sorts, an include moved up): neither
 * neighbour the old side shows is still next to them.  The commit message
 * is left out: its own status says whether it changed.
 */
function moved(c: ReviewComment, judged: ReadonlyArray<{ n: number; fate: LineFate }>, fate: (file: string, line: number) => LineFate): boolean {
  if (c.file === COMMIT_MESSAGE || judged.length === 0) return false;
  const first = judged.reduce((a, b) => (b.n < a.n ? b : a));
  const last = judged.reduce((a, b) => (b.n > a.n ? b : a));
  const stays = (neighbour: LineFate, expected: number): boolean | null =>
    neighbour.status === 'unknown' ? null : neighbour.status === 'unchanged' && neighbour.newLine === expected;
  const sides = [stays(fate(c.file, first.n - 1), first.fate.newLine! - 1), stays(fate(c.file, last.n + 1), last.fate.newLine! + 1)].filter(
    (s): s is boolean => s !== null,
  );
  return sides.length > 0 && sides.every((s) => !s);
}

/**
 * Where the commented line is in the new version: its own place, or, when
 * the line itself was rewritten, the place of the nearest quoted line still
 * there, shifted by their distance (not the first line of a long quote).
 */
function placeOf(c: ReviewComment, fate: (file: string, line: number) => LineFate): number | null {
  const own = fate(c.file, c.line);
  if (own.newLine !== null) return own.newLine;
  let best: { n: number; newLine: number } | null = null;
  for (const n of c.quoted.keys()) {
    const { newLine } = fate(c.file, n);
    if (newLine === null) continue;
    if (best === null || Math.abs(n - c.line) < Math.abs(best.n - c.line)) best = { n, newLine };
  }
  return best === null ? null : Math.max(1, best.newLine + (c.line - best.n));
}

/** The comment's first sentence, or its first 80 characters, on one line. */
function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^.*?[.?!](?=\s|$)/.exec(flat)?.[0] ?? flat;
  return sentence.length <= 80 ? sentence : `${sentence.slice(0, 77).trimEnd()}...`;
}

function commitLines(patch: Patch): NumberedLine[] {
  return [patch.commit.title, '', ...patch.commit.body.map((l) => l.text)].map((text, i) => ({ line: i + 1, text }));
}

function fileLines(file: FileDiff | undefined): NumberedLine[] {
  if (!file) return [];
  return viewOfDiff(file)
    .segments.flat()
    .map((l) => ({ line: l.line, text: l.text }));
}

/** Where a line of `a`'s files (or commit message) went in `b`, through the file that continues it there. */
function fateBetween(a: Patch, b: Patch, newFileOf: (file: string) => string | null): (file: string, line: number, column?: number) => LineFate {
  const maps = new Map<string, LineMap>();
  const mapOf = (file: string): LineMap => {
    let map = maps.get(file);
    if (!map) {
      const to = newFileOf(file);
      map =
        file === COMMIT_MESSAGE
          ? new LineMap(commitLines(a), commitLines(b))
          : new LineMap(
              fileLines(a.files.find((f) => f.path === file && f.newPath !== null)),
              fileLines(to === null ? undefined : b.files.find((f) => f.path === to && f.newPath !== null)),
            );
      maps.set(file, map);
    }
    return map;
  };
  return (file, line, column) => mapOf(file).fate(line, column);
}
