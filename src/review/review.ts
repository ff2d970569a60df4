/**
 * The pipeline: raw messages in, one result per message out, in input
 * order.  Every message ends up reviewed or skipped with a reason; a broken
 * mail is a skipped message, never the end of the run.
 */
import type { Mail, RawMessage, UnreadableInput } from '../mail/types.js';
import { MailError, parseMail } from '../mail/parse.js';
import { readPatch } from '../patch/read-patch.js';
import { reviewPatch, type RuleFailure, type RunOptions } from '../engine/run.js';
import type { Finding, Rule } from '../engine/types.js';
import { classifyMail, classifyPatch } from './classify.js';
import type { Patch } from '../patch/types.js';
import type { TreeSession } from '../tree/tree-session.js';

/** In tree mode: the patch's views after applying it, and what rules may ask of the tree. */
function onTree(session: TreeSession | undefined, patch: Patch): Partial<RunOptions> {
  if (!session) return {};
  const { views, access } = session.apply(patch);
  return { viewOf: (diff) => views.get(diff), tree: access };
}

export interface MessageResult {
  index: number;
  source: string;
  messageId: string | null;
  subject: string;
  status: 'reviewed' | 'skipped';
  reason?: string;
  findings: Finding[];
  failures: RuleFailure[];
  /** The parsed mail (null when it could not be read): reporters that reply or quote need it. */
  mail: Mail | null;
}

export interface ReviewOptions extends RunOptions {
  /** Tree mode: the series is applied to this tree in memory, patch after patch. */
  session?: TreeSession;
}

/** Why a message that was never read is skipped: too large, or unreadable. */
export function skipReasonOf(input: UnreadableInput): string {
  return input.tooLarge ? `too large: ${input.error}` : `unreadable: ${input.error}`;
}

export async function* reviewMessages(
  inputs: AsyncIterable<RawMessage | UnreadableInput>,
  rules: readonly Rule[],
  options: ReviewOptions = {},
): AsyncGenerator<MessageResult> {
  for await (const input of inputs) yield await reviewOne(input, rules, options);
}

async function reviewOne(input: RawMessage | UnreadableInput, rules: readonly Rule[], options: ReviewOptions): Promise<MessageResult> {
  const base = { index: input.index, source: input.source, findings: [], failures: [], mail: null };
  if ('error' in input) return { ...base, messageId: null, subject: '', status: 'skipped', reason: skipReasonOf(input) };
  let mail;
  try {
    mail = await parseMail(input);
  } catch (error) {
    // The result already names the source; MailError's reason is the part without it.
    const why = error instanceof MailError ? error.reason : error instanceof Error ? error.message : String(error);
    return { ...base, messageId: null, subject: '', status: 'skipped', reason: `unparseable: ${why}` };
  }
  const head = { ...base, messageId: mail.messageId, subject: mail.subject.raw, mail };
  const verdict = classifyMail(mail);
  if (!verdict.review) return { ...head, status: 'skipped', reason: verdict.reason };
  try {
    const patch = readPatch(mail);
    const body = classifyPatch(patch);
    if (!body.review) return { ...head, status: 'skipped', reason: body.reason };
    const { findings, failures } = reviewPatch(patch, rules, { ...options, ...onTree(options.session, patch) });
    return { ...head, status: 'reviewed', findings, failures };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...head, status: 'skipped', reason: `unparseable patch: ${why}` };
  }
}
