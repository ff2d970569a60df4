/**
 * From the parts of a reply to its text: header fields in the order mail
 * clients write them, and a text/plain body sent 8bit, or quoted-printable
 * when a line could not travel as it is.
 */
import type { Address } from '../mail/types.js';
import { encodeUnstructured, foldHeader, formatAddress, formatDate, formatMessageId, unsafeAddressReason } from './headers.js';

/** RFC 5322 2.1.1: a line MUST NOT exceed 998 characters (octets on the wire). */
const LONGEST_LINE_OCTETS = 998;

export interface MailParts {
  from: Address;
  to: Address[];
  cc: Address[];
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** Tool name and version for X-Mailer. */
  mailer: string;
  /** The text, lines joined by LF. */
  body: string;
}

/** An address left out of a reply, and why. */
export interface DroppedAddress {
  address: string;
  reason: string;
}

export interface RenderedMail {
  raw: string;
  /** The recipients written into To and Cc: the only ones the mail may be delivered to. */
  to: Address[];
  cc: Address[];
  /** Addresses that could not be written safely and were left out. */
  dropped: DroppedAddress[];
  /** The ids actually written to References (unusable ones left out). */
  references: string[];
  inReplyTo: string | null;
}

export function renderMail(parts: MailParts): RenderedMail {
  const dropped: DroppedAddress[] = [];
  const addressList = (list: Address[], kept: Address[]): string => {
    const written: string[] = [];
    for (const a of list) {
      const text = formatAddress(a);
      if (text === null) {
        dropped.push({ address: a.address, reason: unsafeAddressReason(a.address) ?? 'cannot be written into a header' });
      } else {
        written.push(text);
        kept.push(a);
      }
    }
    return written.join(', ');
  };
  const toWritten: Address[] = [];
  const ccWritten: Address[] = [];
  const from = formatAddress(parts.from);
  if (from === null) throw new Error(`cannot write the sender address '${parts.from.address}' into a mail`);
  const messageId = formatMessageId(parts.messageId);
  if (messageId === null) throw new Error(`cannot write the Message-ID '${parts.messageId}' into a mail`);

  const inReplyTo = parts.inReplyTo === null ? null : formatMessageId(parts.inReplyTo);
  const references = parts.references.filter((id) => formatMessageId(id) !== null);
  const fields: [string, string][] = [['From', from]];
  const to = addressList(parts.to, toWritten);
  if (to !== '') fields.push(['To', to]);
  const cc = addressList(parts.cc, ccWritten);
  if (cc !== '') fields.push(['Cc', cc]);
  fields.push(['Subject', encodeUnstructured(parts.subject)]);
  fields.push(['Date', formatDate(parts.date)]);
  fields.push(['Message-ID', messageId]);
  if (inReplyTo !== null) fields.push(['In-Reply-To', inReplyTo]);
  if (references.length > 0) fields.push(['References', references.map((id) => `<${id}>`).join(' ')]);
  fields.push(['MIME-Version', '1.0']);
  fields.push(['Content-Type', 'text/plain; charset=utf-8']);
  const { encoding, text } = encodeBody(parts.body);
  fields.push(['Content-Transfer-Encoding', encoding]);
  fields.push(['X-Mailer', encodeUnstructured(parts.mailer)]);
  // RFC 3834: an automatic message; vacation responders and the like stay silent.
  fields.push(['Auto-Submitted', 'auto-generated']);

  const header = fields.map(([name, value]) => foldHeader(name, value)).join('\n');
  return {
    raw: `${header}\n\n${text}`,
    to: toWritten,
    cc: ccWritten,
    dropped,
    references,
    inReplyTo: inReplyTo === null ? null : parts.inReplyTo,
  };
}

/**
 * 8bit keeps the text readable in any mbox and diffable by eye; it cannot
 * carry a line over 998 octets, a NUL or a lone CR (RFC 6152), which a
 * quoted patch line may hold, so those mails go quoted-printable.
 */
export function encodeBody(body: string): { encoding: '8bit' | 'quoted-printable'; text: string } {
  const text = body.endsWith('\n') ? body : `${body}\n`;
  const lines = text.slice(0, -1).split('\n');
  const unsafe = lines.some((l) => Buffer.byteLength(l, 'utf8') > LONGEST_LINE_OCTETS || /[\x00\r]/.test(l));
  if (!unsafe) return { encoding: '8bit', text };
  return { encoding: 'quoted-printable', text: `${lines.map(quotedPrintableLine).join('\n')}\n` };
}

/** RFC 2045 6.7: lines of at most 76 characters, soft breaks (`=`) between, never inside an `=XX`. */
const QP_WIDTH = 76;

/**
 * One line of text, quoted-printable: literal printable ASCII, `=XX` for the
 * rest, spaces before a break encoded.  A physical line after a soft break
 * never opens with a letter, digit, `_` or blank (its first character is
 * encoded instead), so no physical line of the mail can start like a
 * trailer, however the breaks fall.
 */
export function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const tokens: string[] = [];
  bytes.forEach((b, i) => {
    const last = i === bytes.length - 1;
    const literal = (b >= 0x21 && b <= 0x7e && b !== 0x3d) || ((b === 0x20 || b === 0x09) && !last);
    tokens.push(literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
  });
  const out: string[] = [];
  let current: string[] = [];
  let width = 0;
  const isBlank = (t: string | undefined): t is ' ' | '\t' => t === ' ' || t === '\t';
  for (const token of tokens) {
    if (width + token.length > QP_WIDTH - 1) {
      // A space or tab must not end a line before a soft break: encode it, or carry it over if that does not fit.
      const carried: string[] = [];
      while (isBlank(current.at(-1))) {
        const encoded = current.pop() === ' ' ? '=20' : '=09';
        width -= 1;
        if (width + encoded.length <= QP_WIDTH - 1) {
          current.push(encoded);
          break;
        }
        carried.unshift(encoded);
      }
      out.push(`${current.join('')}=`);
      current = carried;
      width = carried.join('').length;
      if (current.length === 0 && /^[A-Za-z0-9_ \t]$/.test(token)) {
        const encoded = `=${token.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
        current.push(encoded);
        width += encoded.length;
        continue;
      }
    }
    current.push(token);
    width += token.length;
  }
  out.push(current.join(''));
  return out.join('\n');
}
