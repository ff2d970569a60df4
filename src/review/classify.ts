/** Which mails carry a patch to review, and why the others are skipped. */
import type { Mail } from '../mail/types.js';
import type { Patch } from '../patch/types.js';

export type Verdict = { review: true } | { review: false; reason: string };

/**
 * Skips in the normal course of an archive (replies, cover letters, mails without a diff, pull
 * requests), as opposed to mail that could not be read: reporters count them without alarm.
 */
export function isRoutineSkip(reason: string | undefined): boolean {
  return /^(reply|cover letter|not a patch|pull request)/.test(reason ?? '');
}

export interface ClassifyOptions {
  /** Review pull requests too (--pulls). */
  pulls?: boolean;
}

/**
 * What the headers tell: replies and cover letters carry no patch of their own, and a pull
 * request (`[PULL 03/28]`) carries patches the list has reviewed and a maintainer is merging.
 */
export function classifyMail(mail: Mail, options: ClassifyOptions = {}): Verdict {
  const { subject } = mail;
  if (subject.isReply) return { review: false, reason: 'reply: carries no patch of its own' };
  if (subject.counter?.index === 0) return { review: false, reason: `cover letter (0/${subject.counter.total})` };
  if (subject.pull && !options.pulls) return { review: false, reason: 'pull request: already reviewed' };
  return { review: true };
}

/** What the body tells, once read: a mail without a diff is no patch. */
export function classifyPatch(patch: Patch): Verdict {
  if (patch.files.length > 0) return { review: true };
  return {
    review: false,
    reason: patch.mail.subject.isPatch ? 'no diff found, although the subject says PATCH' : 'not a patch: no diff in the message',
  };
}
