/**
 * The pipeline: raw messages in, one result per message out, in input
 * order.  Every message ends up reviewed or skipped with a reason; a broken
 * mail is a skipped message, never the end of the run.
 */
import type { Mail, RawMessage, UnreadableInput } from '../mail/types.js';
import { MailError, parseMail } from '../mail/parse.js';
import { readPatch } from '../patch/read-patch.js';
import { reviewPatch, type RuleFailure, type RunOptions } from '../engine/run.js';
import type { Finding, FindingGroup, PatchTrace, Rule } from '../engine/types.js';
import { classifyMail, classifyPatch } from './classify.js';
import type { Patch } from '../patch/types.js';
import type { TreeSession } from '../tree/tree-session.js';
import { seriesPlaceOf, SeriesRuns, type SeriesPlace } from './series-memory.js';
import { holdForSeries, type SeriesNote } from './series-hold.js';
import { skip, type SkipReason } from './skip.js';

/** In tree mode: the patch's views after applying it, and what rules may ask of the tree. */
function onTree(session: TreeSession | undefined, patch: Patch): Partial<RunOptions> {
  if (!session) return {};
  const { views, access } = session.apply(patch);
  return { viewOf: (diff) => views.get(diff), tree: access };
}

export interface MessageResult {
  index: number;
  source: string;
  /**
   * Byte offset of the message in its source: what the progress line counts. Kept apart from
   * `mail`, which a result crossing threads drops when no reporter reads it.
   */
  offset?: number;
  messageId: string | null;
  subject: string;
  status: 'reviewed' | 'skipped';
  /** Why a skipped message was not reviewed. */
  reason?: SkipReason;
  findings: Finding[];
  failures: RuleFailure[];
  /** What the findings make as comments (src/report/voices.ts); absent where there are none. */
  groups?: FindingGroup[];
  /** Files of the patch the config's `exclude` left unreviewed. */
  excluded?: string[];
  /** The parsed mail (null when it could not be read): reporters that reply or quote need it. */
  mail: Mail | null;
  /** For the series hold (series-hold.ts) only: taken off before a result leaves the pipeline. */
  series?: SeriesNote;
  /** The patch read from the mail, when it was: reporters use it rather than reading the mail again. */
  patch?: Patch;
}

export interface ReviewOptions extends RunOptions {
  /** Tree mode: the series is applied to this tree in memory, patch after patch. */
  session?: TreeSession;
  /** Review pull requests (`[PULL n/m]`) too; by default they are skipped as already reviewed. */
  pulls?: boolean;
  /** What earlier patches of each series did; by default a fresh memory for this input. */
  runs?: SeriesRuns;
  /** Which series a patch belongs to; by default what its subject and threading say (seriesPlaceOf). */
  placeOf?: (mail: Mail, index: number) => SeriesPlace | null;
  /**
   * Leave the findings that wait for the rest of their series unresolved, in each result's
   * `series` note: a worker sees only its batch, so the main thread holds them (holdForSeries).
   */
  unheld?: boolean;
}

/** Why a message that was never read is skipped: too large, or unreadable. */
export function skipReasonOf(input: UnreadableInput): SkipReason {
  return input.tooLarge ? skip('too-large', `too large: ${input.error}`) : skip('unreadable', `unreadable: ${input.error}`);
}

export async function* reviewMessages(
  inputs: AsyncIterable<RawMessage | UnreadableInput>,
  rules: readonly Rule[],
  options: ReviewOptions = {},
): AsyncGenerator<MessageResult> {
  const runs = options.runs ?? new SeriesRuns();
  async function* each(): AsyncGenerator<MessageResult> {
    for await (const input of inputs) yield await reviewOne(input, rules, options, runs);
  }
  yield* options.unheld ? each() : holdForSeries(each());
}

async function reviewOne(input: RawMessage | UnreadableInput, rules: readonly Rule[], options: ReviewOptions, runs: SeriesRuns): Promise<MessageResult> {
  const base = { index: input.index, source: input.source, offset: input.offset, findings: [], failures: [], mail: null };
  if ('error' in input) return { ...base, messageId: null, subject: '', status: 'skipped', reason: skipReasonOf(input) };
  let mail;
  try {
    mail = await parseMail(input);
  } catch (error) {
    // The result already names the source; MailError's reason is the part without it.
    const why = error instanceof MailError ? error.reason : error instanceof Error ? error.message : String(error);
    return { ...base, messageId: null, subject: '', status: 'skipped', reason: skip('unparseable', `unparseable: ${why}`) };
  }
  const head = { ...base, messageId: mail.messageId, subject: mail.subject.raw, mail };
  const verdict = classifyMail(mail, { pulls: options.pulls ?? false });
  if (!verdict.review) return { ...head, status: 'skipped', reason: verdict.reason };
  try {
    const patch = readPatch(mail);
    const body = classifyPatch(patch);
    if (!body.review) return { ...head, status: 'skipped', reason: body.reason, patch };
    const place = (options.placeOf ?? seriesPlaceOf)(mail, input.index);
    const memory = runs.enter(place, input.index);
    let trace: PatchTrace | undefined;
    try {
      const review = reviewPatch(patch, rules, { ...options, ...onTree(options.session, patch), series: memory, trace: memory !== null, hold: true });
      trace = review.trace;
      const series: SeriesNote = { place, trace: trace ?? null, held: review.held ?? [] };
      return {
        ...head,
        patch,
        status: 'reviewed',
        findings: review.findings,
        failures: review.failures,
        groups: review.groups,
        ...(review.excluded ? { excluded: review.excluded } : {}),
        series,
      };
    } finally {
      // Also when the review failed: the patch still took its place in the run.
      runs.record(input.index, trace ?? { added: [], removed: [] });
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...head, status: 'skipped', reason: skip('unparseable-patch', `unparseable patch: ${why}`) };
  }
}

/** The result without what only mail-reading formats use: the mail and the patch read from it are the bulk of a message. */
export function withoutMail(result: MessageResult): MessageResult {
  const copy: MessageResult = { ...result, mail: null };
  delete copy.patch;
  return copy;
}
