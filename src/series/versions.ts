/**
 * Postings of series, and which posting is the next version of which.  A
 * posting is one version as sent: a cover letter and the patches threaded
 * under it (or patch 1 and those under it, or a lone patch).  Versions are
 * linked by the evidence patchew and b4 use (Supersedes:, change-id:, the
 * topic), then by the patches themselves: their subjects, and how alike
 * their diffs are when a patch was renamed or moved.
 */
import { dirname } from 'node:path';
import type { Mail } from '../mail/types.js';
import type { Patch } from '../patch/types.js';
import { readSeriesTags, senderOf, topicOf, type SeriesTags } from './identity.js';
import { patchSimilarity, shareAFile, similarityBound } from './similarity.js';
import { CandidateIndex } from './candidates.js';
import { isGhost } from './ghost.js';

export interface PostedPatch {
  /** n of `n/m`, null for a lone patch. */
  number: number | null;
  mail: Mail;
  patch: Patch;
}

export interface Posting {
  version: number;
  /** The thread it was sent in (cover letter or first patch): with the version, what groups it. */
  root: string;
  cover: Mail | null;
  /** In series order. */
  patches: PostedPatch[];
  /** m of `n/m`, when given. */
  total: number | null;
  /** Message-IDs of the cover letter and every patch. */
  ids: Set<string>;
  tags: SeriesTags;
  /** The cover letter's topic, else the first patch's. */
  topic: string;
  /** Index in the input of its first mail. */
  order: number;
}

export type LinkReason = 'supersedes' | 'change-id' | 'cover subject' | 'patch subjects' | 'diff similarity';

export interface PatchPair {
  from: PostedPatch;
  to: PostedPatch;
  by: 'subject' | 'diff similarity';
  similarity: number;
}

export interface VersionLink {
  from: Posting;
  to: Posting;
  by: LinkReason;
  pairs: PatchPair[];
  /** Patches of the new version with no counterpart in the old one. */
  added: PostedPatch[];
  /** Patches of the old version with no counterpart in the new one. */
  dropped: PostedPatch[];
}

/** A renamed or moved patch is the same patch when its diff is at least this alike. */
const SAME_PATCH = 0.4;
/** At the same place in a series of the same length, less is enough. */
const SAME_PLACE = 0.25;

export interface Posted {
  mail: Mail;
  /** The patch, or null for a cover letter. */
  patch: Patch | null;
}

/**
 * Groups cover letters and patches into postings, in input order.  Replies
 * only lend a posting the Supersedes: they declare when they answer its
 * cover letter.
 */
export function groupPostings(items: readonly Posted[]): Posting[] {
  // Messages that can head a posting: cover letters, and patches 1 (for series sent without one).
  const heads = new Map<string, { version: number; cover: boolean }>();
  for (const { mail, patch } of items) {
    const c = mail.subject.counter;
    if (mail.messageId === null || mail.subject.isReply || !c || c.index > 1) continue;
    if (patch === null ? c.index === 0 : c.index === 1) heads.set(mail.messageId, { version: mail.subject.version, cover: patch === null });
  }
  const byKey = new Map<string, Posting>();
  const replies: Mail[] = [];
  for (const { mail, patch } of items) {
    const subject = mail.subject;
    if (subject.isReply) {
      replies.push(mail);
      continue;
    }
    const counter = subject.counter;
    const own = mail.messageId ?? `${mail.source}#${mail.index}`;
    const isCover = patch === null;
    if (isCover && counter?.index !== 0) continue;
    // `git format-patch` files not yet sent carry no ids: the files of one directory (or mbox) are one posting.
    const unsent = mail.messageId === null && mail.inReplyTo === null && mail.references.length === 0 && counter !== undefined;
    const root = unsent
      ? `file:${dirname(mail.source)}`
      : isCover || counter === undefined
        ? own
        : (headOf(mail, heads) ?? (counter.index === 1 ? own : (mail.references[0] ?? mail.inReplyTo ?? own)));
    // A respin threaded under the old version shares its root: the version keeps them apart.
    const key = `${root}\n${subject.version}\n${counter?.total ?? ''}`;
    let posting = byKey.get(key);
    if (!posting) {
      posting = {
        version: subject.version,
        root,
        cover: null,
        patches: [],
        total: counter?.total ?? null,
        ids: new Set(),
        tags: { supersedes: [], basedOn: [], changeId: null },
        topic: topicOf(subject),
        order: mail.index,
      };
      byKey.set(key, posting);
    }
    if (mail.messageId) posting.ids.add(mail.messageId);
    if (isCover) {
      posting.cover = mail;
      posting.topic = topicOf(subject);
      posting.tags = readSeriesTags(mail.body);
    } else {
      posting.patches.push({ number: counter?.index ?? null, mail, patch });
      if (counter === undefined) mergeTags(posting.tags, readSeriesTags(patch.mail.body));
    }
  }
  const postings = [...byKey.values()];
  // patchew also takes Supersedes: from a reply to the cover letter (a maintainer linking a renamed series).
  const byCover = new Map<string, Posting>();
  for (const p of postings) if (p.cover?.messageId) byCover.set(p.cover.messageId, p);
  for (const reply of replies) {
    const posting = reply.inReplyTo === null ? undefined : byCover.get(reply.inReplyTo);
    if (!posting) continue;
    const tags = readSeriesTags(reply.body);
    posting.tags.supersedes.push(...tags.supersedes);
    posting.tags.basedOn.push(...tags.basedOn);
  }
  for (const p of postings) {
    p.patches.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    if (!p.cover && p.patches[0]) p.topic = topicOf(p.patches[0].mail.subject);
  }
  return postings;
}

/**
 * The cover letter (else patch 1) of the same version nearest up the
 * thread: a respin sent in reply to the old version's cover letter has the
 * old one up its thread too, and must not join it.
 */
function headOf(mail: Mail, heads: Map<string, { version: number; cover: boolean }>): string | null {
  const ancestors = [mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => id !== null);
  const sameVersion = (id: string, cover: boolean) => {
    const head = heads.get(id);
    return head !== undefined && head.version === mail.subject.version && head.cover === cover;
  };
  return ancestors.find((id) => sameVersion(id, true)) ?? (mail.subject.counter?.index === 1 ? null : ancestors.find((id) => sameVersion(id, false))) ?? null;
}

function mergeTags(into: SeriesTags, from: SeriesTags): void {
  into.supersedes.push(...from.supersedes);
  into.basedOn.push(...from.basedOn);
  into.changeId ??= from.changeId;
}

/**
 * For every posting, the earlier version it follows, if the input holds
 * one.  A posting that names what it supersedes (or shares a change-id)
 * follows that; otherwise the nearest lower version that shares the topic,
 * patch subjects, or alike diffs.  `wanted` picks the postings to link
 * (the others are candidates only, in neither list).
 */
export function linkVersions(postings: readonly Posting[], wanted: (to: Posting) => boolean = () => true): { links: VersionLink[]; first: Posting[] } {
  const links: VersionLink[] = [];
  const first: Posting[] = [];
  const index = new CandidateIndex(postings);
  for (const to of postings) {
    if (!wanted(to)) continue;
    // A declared link also covers a resend under the same version ("second try"), sent before it.
    const named = index.declared(to).filter((p) => p.version < to.version || (p.version === to.version && p.order < to.order));
    let found: VersionLink | null = null;
    for (const from of named.sort((a, b) => b.version - a.version || b.order - a.order)) {
      const by = declaredLink(from, to);
      if (by) {
        found = pairUp(from, to, by);
        break;
      }
    }
    if (!found) {
      // The nearest version that shares anything; among its postings, the one sharing most.
      const earlier = index.related(to).filter((p) => p.version < to.version);
      for (const from of earlier.sort((a, b) => b.version - a.version)) {
        if (found && from.version < found.from.version) break;
        const link = inferredLink(from, to);
        if (link && (!found || (from.version === found.from.version && strength(link) > strength(found)))) found = link;
      }
    }
    if (found) links.push(found);
    else first.push(to);
  }
  return { links, first };
}

/** Subjects shared count most, then how alike the paired diffs are. */
const strength = (link: VersionLink): number =>
  link.pairs.reduce((n, p) => n + (p.by === 'subject' ? 10 : 0) + p.similarity, link.by === 'cover subject' ? 100 : 0);

function declaredLink(from: Posting, to: Posting): LinkReason | null {
  if (to.tags.supersedes.some((id) => from.ids.has(id))) return 'supersedes';
  if (to.tags.changeId !== null && to.tags.changeId === from.tags.changeId) return 'change-id';
  return null;
}

function inferredLink(from: Posting, to: Posting): VersionLink | null {
  // Two different change-ids are two series, whatever else they share.
  if (to.tags.changeId !== null && from.tags.changeId !== null) return null;
  if (from.cover && to.cover && from.topic === to.topic) return pairUp(from, to, 'cover subject');
  const link = pairUp(from, to, 'patch subjects');
  if (link.pairs.length === 0) return null;
  if (link.pairs.some((p) => p.by === 'subject')) return link;
  // Two people's patches to one file can look alike; a respin under new subjects comes from its author.
  if (senderOf(from) !== senderOf(to)) return null;
  return { ...link, by: 'diff similarity' };
}

/** Pairs the patches of two versions: by subject, then by diff similarity (helped by the same place). */
export function pairUp(from: Posting, to: Posting, by: LinkReason): VersionLink {
  const pairs: PatchPair[] = [];
  const left = new Set(from.patches);
  const right = new Set(to.patches);
  for (const b of to.patches) {
    const topic = topicOf(b.mail.subject);
    const a = [...left].find((p) => topicOf(p.mail.subject) === topic);
    if (!a) continue;
    pairs.push({ from: a, to: b, by: 'subject', similarity: patchSimilarity(a.patch, b.patch) });
    left.delete(a);
    right.delete(b);
  }
  const sameLength = from.total !== null && from.total === to.total;
  const candidates: PatchPair[] = [];
  // A ghost's diff is not known: it may be what a renamed patch continues, and nothing else may take its place.
  const byDiff = ![...left].some((a) => isGhost(a.patch));
  for (const a of byDiff ? left : []) {
    for (const b of right) {
      // Boilerplate makes any two C patches a little alike; one patch in two versions keeps a file.
      const samePlace = sameLength && a.number !== null && a.number === b.number;
      if (similarityBound(a.patch, b.patch) < (samePlace ? SAME_PLACE : SAME_PATCH)) continue;
      if (!shareAFile(a.patch, b.patch)) continue;
      const similarity = patchSimilarity(a.patch, b.patch);
      if (similarity >= SAME_PATCH || (samePlace && similarity >= SAME_PLACE)) {
        candidates.push({ from: a, to: b, by: 'diff similarity', similarity: similarity + (samePlace ? 0.05 : 0) });
      }
    }
  }
  candidates.sort((x, y) => y.similarity - x.similarity);
  for (const c of candidates) {
    if (!left.has(c.from) || !right.has(c.to)) continue;
    pairs.push({ ...c, similarity: patchSimilarity(c.from.patch, c.to.patch) });
    left.delete(c.from);
    right.delete(c.to);
  }
  pairs.sort((x, y) => (x.to.number ?? 0) - (y.to.number ?? 0));
  return { from, to, by, pairs, added: [...right], dropped: [...left] };
}
