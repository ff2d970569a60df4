/**
 * Writes mails the way git send-email and list archives do: RFC 2047 encoded names and
 * subjects, folded headers, 8bit / quoted-printable / base64 bodies in UTF-8 or latin-1, and
 * mboxrd framing with `>From ` escapes. Kept independent of the parser it feeds, so that a
 * parser bug cannot hide behind a matching writer bug.
 */

export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';
export type BodyCharset = 'UTF-8' | 'ISO-8859-1';

export interface MailSpec {
  /** Header fields in order, values already encoded (see encodeWords) and unfolded. */
  headers: [string, string][];
  /** The decoded text, LF line ends. */
  body: string;
  /** Null leaves Content-Type out (git send-email does for plain ASCII mails). */
  charset: BodyCharset | null;
  /** Extra Content-Type parameters, e.g. `; format=flowed`. */
  contentTypeParams?: string;
  encoding: TransferEncoding | null;
}

/** The envelope line lore and public-inbox write in front of every message. */
export const MBOXRD_ENVELOPE = 'From mboxrd@z Thu Jan  1 00:00:00 1970\n';

const QP_LINE = 76;

/** True when every character fits in latin-1, so a mail can honestly declare ISO-8859-1. */
export function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
}

/** RFC 2047 Q-encoding of a whole phrase when it is not plain ASCII (what git format-patch does). */
export function encodeWords(text: string, charset: BodyCharset = 'UTF-8'): string {
  if (isAscii(text)) return text;
  const bytes = Buffer.from(text, charset === 'UTF-8' ? 'utf8' : 'latin1');
  let encoded = '';
  const words: string[] = [];
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    const token = b === 0x20 ? '_' : /[A-Za-z0-9!*+\-/]/.test(ch) ? ch : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    // Keep each encoded word under 75 characters, as RFC 2047 asks.
    if (encoded.length + token.length > 60 && !(b >= 0x80 && b < 0xc0)) {
      words.push(encoded);
      encoded = '';
    }
    encoded += token;
  }
  words.push(encoded);
  return words.map((w) => `=?${charset}?q?${w}?=`).join(' ');
}

/** `Name: value`, folded at spaces so no line passes 78 columns where that is possible. */
export function foldHeader(name: string, value: string): string {
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${word}`;
    } else line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

function encodeBodyBytes(text: string, charset: BodyCharset | null): Buffer {
  return Buffer.from(text, charset === 'ISO-8859-1' ? 'latin1' : 'utf8');
}

/**
 * Quoted-printable as RFC 2045 has it: `=XX` for `=`, control and 8-bit bytes and for whitespace
 * at a line end, soft breaks before column 76.
 */
export function encodeQuotedPrintable(bytes: Uint8Array): string {
  const out: string[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const last = end === -1;
    if (last) end = bytes.length;
    let line = '';
    let width = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      const atEnd = i === end - 1;
      const literal = (b >= 0x21 && b <= 0x7e && b !== 0x3d) || ((b === 0x20 || b === 0x09) && !atEnd);
      const token = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (width + token.length > QP_LINE - 1) {
        line += '=\n';
        width = 0;
      }
      line += token;
      width += token.length;
    }
    out.push(line);
    if (last) break;
    start = end + 1;
  }
  return out.join('\n');
}

export function encodeBase64(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return `${lines.join('\n')}\n`;
}

/** The bytes of one mail, without mbox framing. */
export function renderMail(spec: MailSpec): Buffer {
  const head: string[] = spec.headers.map(([name, value]) => foldHeader(name, value));
  if (spec.charset !== null || spec.encoding !== null) head.push('MIME-Version: 1.0');
  if (spec.charset !== null) head.push(`Content-Type: text/plain; charset=${spec.charset}${spec.contentTypeParams ?? ''}`);
  if (spec.encoding !== null) head.push(`Content-Transfer-Encoding: ${spec.encoding}`);
  const bytes = encodeBodyBytes(spec.body, spec.charset);
  let body: Buffer;
  if (spec.encoding === 'quoted-printable') body = Buffer.from(encodeQuotedPrintable(bytes), 'latin1');
  else if (spec.encoding === 'base64') body = Buffer.from(encodeBase64(bytes), 'latin1');
  else body = bytes;
  // Header values are ASCII after encodeWords, except where a test wants raw 8-bit headers.
  return Buffer.concat([Buffer.from(`${head.join('\n')}\n\n`, 'utf8'), body]);
}

/**
 * One mboxrd entry: envelope, the mail with `From ` lines (and already quoted `>From `
 * lines) given one more `>`, a final newline, and the blank separator line.
 */
export function mboxrdEntry(mail: Buffer): Buffer {
  const text = mail.toString('latin1').replace(/^(>*From )/gm, '>$1');
  const ended = text.endsWith('\n') ? text : `${text}\n`;
  return Buffer.from(`${MBOXRD_ENVELOPE}${ended}\n`, 'latin1');
}
