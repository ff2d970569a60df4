/** Which mails carry a patch to review, and why the others are skipped. */
import type { Mail } from '../mail/types.js';
import type { Patch } from '../patch/types.js';
import { skip, type SkipReason } from './skip.js';

export type Verdict = { review: true } | { review: false; reason: SkipReason };

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
  if (subject.isReply) return { review: false, reason: skip('reply', 'reply: carries no patch of its own') };
  if (subject.counter?.index === 0) return { review: false, reason: skip('cover-letter', `cover letter (0/${subject.counter.total})`) };
  if (subject.pull && !options.pulls) return { review: false, reason: skip('pull-request', 'pull request: already reviewed') };
  return { review: true };
}

/** What the body tells, once read: a mail without a diff is no patch. */
export function classifyPatch(patch: Patch): Verdict {
  if (patch.files.length > 0) return { review: true };
  return {
    review: false,
    reason: patch.mail.subject.isPatch
      ? skip('no-diff', 'no diff found, although the subject says PATCH')
      : skip('not-a-patch', 'not a patch: no diff in the message'),
  };
}
