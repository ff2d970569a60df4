/** A Mail for text that came without mail headers: a bare diff, or a file reviewed as it stands. */
import { parseSubject } from './subject.js';
import type { Mail } from './types.js';

export function headerlessMail(at: Pick<Mail, 'index' | 'source' | 'offset'>, body: string, subject = ''): Mail {
  return {
    ...at,
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    to: [],
    cc: [],
    date: null,
    subject: parseSubject(subject),
    body,
    bodySource: 'text',
    flowed: false,
    decodeWarnings: [],
  };
}
