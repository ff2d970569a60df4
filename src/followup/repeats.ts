/**
 * Check mode across versions: when the input holds an earlier version of a
 * patch, the findings of the later one that are still open from the earlier
 * one (the follow-up's `open` points, src/followup/carry.ts) are marked with
 * where they were first reported, so that a reply says "already reported on
 * v6" once instead of quoting them again.
 *
 * The check pipeline streams; a respin can only be told from a first
 * version once the earlier one has been seen, so from the first patch that
 * says it is a respin (`[PATCH v2]` and up) results are held back.  What is
 * kept to compare with is a window of the most recent mail, bounded in
 * bytes: when it is full, what is held is marked against it and passed on,
 * and the older half of the window is let go.  An archive of any size is
 * read in bounded memory and keeps flowing; a version more than a window
 * away from its predecessor (in a chronological archive: weeks of list
 * traffic) is not marked.
 */
import type { MessageResult } from '../review/review.js';
import { followUp } from './followup.js';
import { ghostBytes, ghostOf } from '../series/ghost.js';

/** Marks the still-open carry-overs among `results`' findings (only those of `targets`, when given); returns how many. */
export function markRepeats(results: readonly MessageResult[], targets?: ReadonlySet<MessageResult>): number {
  let marked = 0;
  const markable = targets && new Set([...targets].flatMap((r) => r.findings));
  for (const f of followUp(results, targets).followups) {
    for (const x of f.findings) {
      if (x.status !== 'open' || !x.new || !x.old) continue;
      if (markable && !markable.has(x.new)) continue;
      x.new.seenIn = { version: f.from.version, messageId: f.from.messageId, file: x.old.file, line: x.old.line };
      marked++;
    }
  }
  return marked;
}

export interface RepeatStreamOptions {
  /** Pass results on with their mail (formats that quote or reply need it); otherwise it is dropped once used. */
  keepMail: boolean;
  /** Bytes of mail body (as V8 stores the text) the window keeps to compare versions (default 8 MiB). */
  budget?: number;
}

/**
 * A parsed patch takes several times its mail's size in memory (a string and an object per
 * diff line), and each flush compares what is held with all of the window: both grow with it.
 * qemu-devel carries some 15-20 MB of patch mail a month, so after a flush the window still
 * reaches back about a week, where a respin answering a review usually falls. Measured on a
 * 50 MB archive: 8 MiB took 6.8 s and 367 MB, 16 MiB 11.6 s and 462 MB.
 */
const DEFAULT_BUDGET = 8 * 1024 * 1024;

/** What the follow-up needs of a result: patches, cover letters, and replies that link a renamed series. */
function worthKeeping(result: MessageResult): boolean {
  const mail = result.mail;
  if (!mail) return false;
  if (result.status === 'reviewed') return true;
  if (mail.subject.isReply) return /^\s*supersedes:/im.test(mail.body);
  return mail.subject.counter?.index === 0;
}

/** The memory a string takes: V8 stores one byte a character, or two once any character is past U+00FF. */
export const textBytes = (text: string): number => (/[^\u0000-\u00ff]/.test(text) ? 2 : 1) * text.length;

/**
 * What the window keeps of a result: all of it when it has findings a later version may still
 * have, or is not a patch; else the patch's ghost, which only holds its place in its series.
 */
function windowEntry(result: MessageResult): { result: MessageResult; bytes: number } {
  const patch = result.patch;
  if (result.status !== 'reviewed' || result.findings.length > 0 || !patch) return { result, bytes: textBytes(result.mail!.body) };
  const ghost = ghostOf(patch);
  const { index, source, messageId, subject, status } = result;
  return { result: { index, source, messageId, subject, status, findings: [], failures: [], mail: ghost.mail, patch: ghost }, bytes: ghostBytes(ghost) };
}

const isRespin = (result: MessageResult): boolean => result.status === 'reviewed' && (result.mail?.subject.version ?? 1) >= 2;

/** Held results past this many are marked and passed on even before the window fills: the output and the progress line keep moving. */
const HELD_RESULTS = 1000;

export async function* markRepeatsInStream(
  results: AsyncIterable<MessageResult> | Iterable<MessageResult>,
  options: RepeatStreamOptions,
): AsyncGenerator<MessageResult> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  // Without the mail, a result must not keep its patch either: the patch holds the mail's text.
  const out = (r: MessageResult): MessageResult => {
    if (options.keepMail) return r;
    const { mail: _mail, patch: _patch, ...rest } = r;
    return { ...rest, mail: null };
  };
  const window: Array<{ result: MessageResult; bytes: number }> = [];
  let windowBytes = 0;
  // Held as they will be passed on; `targets` are those with findings to mark, with their mail.
  let held: MessageResult[] = [];
  let heldBytes = 0;
  let targets = new Set<MessageResult>();
  const flush = (): MessageResult[] => {
    if (targets.size > 0)
      markRepeats(
        window.map((w) => w.result),
        targets,
      );
    const flushed = held;
    held = [];
    heldBytes = 0;
    targets = new Set();
    return flushed;
  };
  for await (const result of results) {
    if (worthKeeping(result)) {
      const entry = windowEntry(result);
      window.push(entry);
      windowBytes += entry.bytes;
    }
    if (held.length > 0 || isRespin(result)) {
      const passed = out(result);
      held.push(passed);
      if (passed.mail) heldBytes += textBytes(passed.mail.body);
      if (isRespin(result) && result.findings.length > 0) targets.add(result);
    } else yield out(result);
    if (windowBytes + heldBytes > budget || held.length >= HELD_RESULTS) {
      yield* flush();
      if (windowBytes <= budget) continue;
      // The older half goes; a result larger than the whole budget goes with it.
      let drop = 0;
      while (drop < window.length && (windowBytes > budget / 2 || drop === 0)) windowBytes -= window[drop++]!.bytes;
      window.splice(0, drop);
    }
  }
  yield* flush();
}
