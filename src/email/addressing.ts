/**
 * Who a reply goes to, as on the list: To the author, Cc everyone the
 * author wrote to (the list included), never the sender itself and nobody
 * twice.  Also the subject and threading headers of a reply.
 */
import addressparser from 'nodemailer/lib/addressparser';
import type { Address, Mail } from '../mail/types.js';
import { cleanHeaderText } from './headers.js';
import type { ReplyOptions } from './types.js';

export interface Recipients {
  to: Address[];
  cc: Address[];
}

export function replyRecipients(mail: Pick<Mail, 'from' | 'to' | 'cc'>, sender: Address, options: Pick<ReplyOptions, 'to' | 'cc' | 'noCc'>): Recipients {
  const seen = new Set([sender.address.toLowerCase()]);
  const keep = (list: readonly Address[]): Address[] =>
    list.filter((a) => {
      const key = a.address.toLowerCase();
      if (key === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const to = keep(options.to ?? (mail.from ? [mail.from] : []));
  const cc = options.noCc ? [] : keep(options.cc ?? [...mail.to, ...mail.cc]);
  return { to, cc };
}

/** `Re: <subject>`, without stacking a second `Re:` on a subject that has one. */
export function replySubject(subject: string): string {
  const clean = cleanHeaderText(subject).trim();
  return /^re\s*:/i.test(clean) ? clean : `Re: ${clean}`;
}

/** The References of a reply: the original's, then the original itself (RFC 5322 3.6.4), each id once. */
export function replyReferences(mail: Pick<Mail, 'references' | 'inReplyTo' | 'messageId'>): string[] {
  // A mail with In-Reply-To but no References still names its parent (RFC 5322 3.6.4).
  const parents = mail.references.length > 0 ? mail.references : mail.inReplyTo ? [mail.inReplyTo] : [];
  return [...new Set([...parents, ...(mail.messageId ? [mail.messageId] : [])])];
}

/**
 * Addresses as written on a command line (`Name <a@b>, c@d`), for --from,
 * --to and --cc.  Groups are flattened; entries without an address are dropped.
 */
export function parseAddresses(text: string): Address[] {
  return addressparser(text, { flatten: true })
    .filter((a) => a.address !== '')
    .map((a) => ({ name: a.name, address: a.address }));
}
