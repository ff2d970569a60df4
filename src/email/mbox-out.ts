/**
 * Writing mails as an mboxrd file (what `git am`, mutt and b4 read): each
 * mail opens with a `From ` envelope line, and every body line that starts
 * with any number of `>` followed by `From ` gets one more `>`, so that
 * unescaping gives back exactly the text written.
 */
import { asctime } from './headers.js';
import type { OutgoingMail } from './types.js';

/** One mbox entry: envelope line, the escaped message, and the blank line that ends it. */
export function mboxEntry(mail: Pick<OutgoingMail, 'raw' | 'from' | 'date'>): string {
  // The envelope sender is informational only; an address with spaces would break the line.
  const sender = /^\S+$/.test(mail.from.address) ? mail.from.address : 'MAILER-DAEMON';
  const text = mail.raw.endsWith('\n') ? mail.raw : `${mail.raw}\n`;
  return `From ${sender} ${asctime(mail.date)}\n${escapeFromLines(text)}\n`;
}

/** mboxrd quoting: `From ` and `>From ` (any depth) gain one `>`. */
export function escapeFromLines(text: string): string {
  return text.replace(/^(>*From )/gm, '>$1');
}
