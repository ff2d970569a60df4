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
import { groupPostings, linkVersions, type LinkReason, type Posted, type PostedPatch, type Posting } from '../series/versions.js';
import { LineMap, type LineFate, type NumberedLine } from './align.js';
import { carryFindings, type CarriedFinding } from './carry.js';
import { isFiller, readReviewComments, type ReviewComment } from './review-comments.js';

export interface VersionRef {
  version: number;
  messageId: string | null;
  subject: string;
  /** n of `n/m`, null for a lone patch. */
  number: number | null;
  /** Where the mail was read, and its index in the run. */
  source: string;
  index: number;
}

export type CommentStatus = 'changed' | 'unchanged' | 'removed';

export interface TrackedComment {
  reviewer: Address | null;
  /** The review mail. */
  messageId: string | null;
  file: string;
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

/** Follows up every version the input holds on the one before it. */
export function followUp(results: readonly MessageResult[]): FollowupReport {
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
  const { links, first } = linkVersions(postings);
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
  const fate = fateBetween(a.patch, b.patch);
  const findings = carryFindings(findingsOf.get(a.mail) ?? [], findingsOf.get(b.mail) ?? [], fate);
  const reviewComments: TrackedComment[] = [];
  let unanchoredComments = 0;
  for (const review of reviews) {
    const read = readReviewComments(review.body, a.patch);
    unanchoredComments += read.unanchored;
    for (const c of read.comments) reviewComments.push(track(c, review, fate));
  }
  const oldCommit = commitLines(a.patch).map((l) => l.text.trimEnd()).join('\n');
  const newCommit = commitLines(b.patch).map((l) => l.text.trimEnd()).join('\n');
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

function track(c: ReviewComment, review: Mail, fate: (file: string, line: number) => LineFate): TrackedComment {
  const lines = [...c.quoted.keys()];
  const telling = lines.filter((n) => !isFiller(c.quoted.get(n)!));
  const judged = (telling.length > 0 ? telling : lines).map((n) => ({ n, fate: fate(c.file, n) }));
  const known = judged.filter((j) => j.fate.status !== 'unknown');
  let status: CommentStatus;
  if (known.length > 0 && known.every((j) => j.fate.status === 'unchanged')) status = 'unchanged';
  else if (known.every((j) => j.fate.status === 'removed' || j.fate.status === 'unknown')) status = 'removed';
  else status = 'changed';
  const own = fate(c.file, c.line);
  const newLine = own.newLine ?? known.find((j) => j.fate.newLine !== null)?.fate.newLine ?? null;
  return {
    reviewer: review.from,
    messageId: review.messageId,
    file: c.file,
    oldLine: c.line,
    oldStartLine: c.startLine,
    newLine: status === 'removed' ? null : newLine,
    status,
    excerpt: excerptOf(c.text),
    quoted: c.quoted.get(c.line) ?? '',
    comment: c.text,
  };
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
  return viewOfDiff(file).segments.flat().map((l) => ({ line: l.line, text: l.text }));
}

/** Where a line of `a`'s files (or commit message) went in `b`. */
function fateBetween(a: Patch, b: Patch): (file: string, line: number, column?: number) => LineFate {
  const maps = new Map<string, LineMap>();
  const mapOf = (file: string): LineMap => {
    let map = maps.get(file);
    if (!map) {
      map =
        file === COMMIT_MESSAGE
          ? new LineMap(commitLines(a), commitLines(b))
          : new LineMap(fileLines(a.files.find((f) => f.path === file && f.newPath !== null)), fileLines(b.files.find((f) => f.path === file && f.newPath !== null)));
      maps.set(file, map);
    }
    return map;
  };
  return (file, line, column) => mapOf(file).fate(line, column);
}
