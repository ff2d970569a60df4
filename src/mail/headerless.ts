/** A Mail for text that came without mail headers: a bare diff, or a file reviewed as it stands. */
import { parseSubject } from './subject.js';
import type { Mail } from './types.js';

export function headerlessMail(at: Pick<Mail, 'index' | 'source' | 'offset'>, body: string, subject = ''): Mail {
  return {
    // Named one by one: `at` may be a whole RawMessage, whose bytes have no place in a Mail.
    index: at.index,
    source: at.source,
    offset: at.offset,
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
