/**
 * Check mode across versions: when the input holds an earlier version of a
 * patch, the findings of the later one that are still open from the earlier
 * one (the follow-up's `open` points, src/followup/carry.ts) are marked with
 * where they were first reported, so that a reply says "already reported on
 * v6" once instead of quoting them again.
 *
 * The check pipeline streams; a respin can only be told from a first
 * version once the earlier one has been seen, so from the first patch that
 * says it is a respin (`[PATCH v2]` and up) the results are held until the
 * input ends.  What is kept for that is bounded: past the budget the run
 * stops marking, lets everything held go unmarked, and streams again.
 */
import type { Finding } from '../engine/types.js';
import type { MessageResult } from '../review/review.js';
import { followUp } from './followup.js';

/** Marks the still-open carry-overs among `results`' findings (only those in `markable`, when given); returns how many. */
export function markRepeats(results: readonly MessageResult[], markable?: ReadonlySet<Finding>): number {
  let marked = 0;
  for (const f of followUp(results).followups) {
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
  /** Bytes of mail kept to compare versions; past it, marking stops (default 64 MiB). */
  budget?: number;
}

const DEFAULT_BUDGET = 64 * 1024 * 1024;

/** What the follow-up needs of a result: patches, cover letters, and replies that link a renamed series. */
function worthKeeping(result: MessageResult): boolean {
  const mail = result.mail;
  if (!mail) return false;
  if (result.status === 'reviewed') return true;
  if (mail.subject.isReply) return /^\s*supersedes:/im.test(mail.body);
  return mail.subject.counter?.index === 0;
}

export async function* markRepeatsInStream(
  results: AsyncIterable<MessageResult> | Iterable<MessageResult>,
  options: RepeatStreamOptions,
): AsyncGenerator<MessageResult> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const out = (r: MessageResult): MessageResult => (options.keepMail ? r : { ...r, mail: null });
  let kept: MessageResult[] = [];
  let keptBytes = 0;
  let held: MessageResult[] = [];
  let tracking = true;
  for await (const result of results) {
    if (tracking && worthKeeping(result)) {
      kept.push(result);
      keptBytes += result.mail!.body.length;
      if (keptBytes > budget) {
        // Too large to compare in memory: report as if no earlier version were there.
        tracking = false;
        kept = [];
        for (const r of held) yield out(r);
        held = [];
      }
    }
    if (tracking && held.length === 0 && result.status === 'reviewed' && (result.mail?.subject.version ?? 1) >= 2) held.push(result);
    else if (held.length > 0) held.push(result);
    else yield out(result);
  }
  if (held.length === 0) return;
  markRepeats(kept, new Set(held.flatMap((r) => r.findings)));
  for (const r of held) yield out(r);
}
