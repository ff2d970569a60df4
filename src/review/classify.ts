/** Which mails carry a patch to review, and why the others are skipped. */
import type { Mail } from '../mail/types.js';
import { hasDiff } from '../patch/read-patch.js';

export type Verdict = { review: true } | { review: false; reason: string };

export function classifyMail(mail: Mail): Verdict {
  const { subject } = mail;
  if (subject.isReply) return { review: false, reason: 'reply: carries no patch of its own' };
  if (subject.counter?.index === 0) return { review: false, reason: `cover letter (0/${subject.counter.total})` };
  if (!hasDiff(mail.body)) {
    return {
      review: false,
      reason: subject.isPatch ? 'no diff found, although the subject says PATCH' : 'not a patch: no diff in the message',
    };
  }
  return { review: true };
}
