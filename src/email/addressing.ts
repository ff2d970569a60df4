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
  /** Set when the recipients were cut down to the author and the list, saying why. */
  note?: string;
}

/**
 * A reply goes to at most this many addresses (To and Cc).  A patch Cc'd to
 * more is a mass mailing: the bot answers the author and the list only,
 * where everyone else reads it anyway.
 */
export const MAX_RECIPIENTS = 50;

/** QEMU's lists all live at nongnu.org as qemu-<topic> (qemu-devel, qemu-block, qemu-arm, ...). */
const QEMU_LIST = /^qemu-[a-z0-9-]+@nongnu\.org$/i;

/** The address is a mailing list: named as one (policy, MAINTAINERS `L:`), or one of QEMU's. */
export function isListAddress(address: string, lists: readonly string[] = []): boolean {
  const key = address.toLowerCase();
  return QEMU_LIST.test(key) || lists.some((l) => l.toLowerCase() === key);
}

export function replyRecipients(
  mail: Pick<Mail, 'from' | 'to' | 'cc'>,
  sender: Address,
  options: Pick<ReplyOptions, 'to' | 'cc' | 'noCc' | 'lists'>,
): Recipients {
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
  if (to.length + cc.length <= MAX_RECIPIENTS) return { to, cc };
  const lists = cc.filter((a) => isListAddress(a.address, options.lists));
  const kept = [...to, ...lists].slice(0, MAX_RECIPIENTS);
  return {
    to: kept.slice(0, to.length),
    cc: kept.slice(to.length),
    note: `${to.length + cc.length} recipients are over the limit of ${MAX_RECIPIENTS}: the reply goes to the author and the list only (${kept.length} addresses)`,
  };
}

/** `Re: <subject>`, without stacking a second `Re:` on a subject that has one. */
export function replySubject(subject: string): string {
  const clean = cleanHeaderText(subject).trim();
  return /^re\s*:/i.test(clean) ? clean : `Re: ${clean}`;
}

/**
 * References a reply carries at most: the first (the thread's root) and the
 * last MAX_REFERENCES - 1 (the nearest parents, ending with the mail
 * answered).  Mail clients trim the same way (Thunderbird and Gnus keep the
 * root and the newest ids), which is all threading needs; an adversary's
 * thousands of ids would otherwise make a header of hundreds of kilobytes.
 */
export const MAX_REFERENCES = 20;

/** The References of a reply: the original's, then the original itself (RFC 5322 3.6.4), each id once, trimmed to MAX_REFERENCES. */
export function replyReferences(mail: Pick<Mail, 'references' | 'inReplyTo' | 'messageId'>): string[] {
  // A mail with In-Reply-To but no References still names its parent (RFC 5322 3.6.4).
  const parents = mail.references.length > 0 ? mail.references : mail.inReplyTo ? [mail.inReplyTo] : [];
  const all = [...new Set([...parents, ...(mail.messageId ? [mail.messageId] : [])])];
  return all.length <= MAX_REFERENCES ? all : [all[0]!, ...all.slice(all.length - (MAX_REFERENCES - 1))];
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
