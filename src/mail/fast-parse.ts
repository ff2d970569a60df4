/**
 * A fast path for the common mail: one text/plain part (what git send-email sends), in 7bit,
 * 8bit, quoted-printable or base64, UTF-8, ASCII or a single-byte charset. It gives parse.ts
 * what it reads of mailparser's result, identical to what simpleParser returns, without
 * mailparser's streams: their per-chunk setImmediate hops cost more than the decoding itself
 * (REFERENCE.md D2: mail parsing is the bottleneck).
 *
 * Identical by construction: the mail goes through mailparser's own building blocks (mailsplit's
 * MimeNode and Headers, mailparser's address parser, libqp, libmime's charset decoder and
 * un-flowing); only the cutting of the header block and the decoding calls its streams would
 * make are done here. Anything else (multipart, attachments, unusual charsets, damaged base64,
 * huge header blocks) returns null and goes the full way. test/property/fast-parse.test.ts
 * holds the two paths equal.
 */
// parseAddressHeader alone: the command-line bundle leaves mailparser's MailParser (its HTML and
// link stack) out of what loads with this module (src/devtools/build-cli.mjs).
import { parseAddressHeader, type AddressObject, type Attachment, type HeaderLines } from 'mailparser';
// mailparser's own dependencies, imported as it imports them (statically, so that the Action's
// bundle inlines them too). package.json should name them at mailparser's versions, so that
// they stay the very copies it runs.
import mailsplitModule from '@zone-eu/mailsplit';
import libqp from 'libqp';
import libmime from 'libmime';
import { ownString } from '../engine/own-string.js';
import { decode as decodeWithCharset, normalizeCharset } from 'libmime/lib/charset.js';

/** What parse.ts reads of mailparser's ParsedMail; ParsedMail itself fits it. */
export interface ParsedText {
  headerLines: HeaderLines;
  attachments: Attachment[];
  text?: string;
  subject?: string;
  from?: AddressObject;
  to?: AddressObject | AddressObject[];
  cc?: AddressObject | AddressObject[];
  /**
   * The fast path's To and Cc header lines, left unparsed (copies: a mail's result may be kept long
   * after its header block); `to` and `cc` are then unset and recipientHeader parses them.
   */
  recipientLines?: { to: string[]; cc: string[] };
}

/**
 * Off with QEMU_REVIEW_FAST_PARSE=0, or by setting `enabled`: to compare the two paths (tests,
 * the benchmark) or to rule the fast path out when chasing a parsing problem.
 */
export const fastParseSettings = { enabled: process.env['QEMU_REVIEW_FAST_PARSE'] !== '0' };

/** The parts of mailsplit's MimeNode and Headers used here (the classes mailparser builds its tree from). */
interface MimeNodeLike {
  addHeaderChunk(line: Buffer): boolean;
  parseHeaders(): void;
  contentType: string | false;
  charset: string | false;
  encoding: string | false;
  disposition: string | false;
  flowed: boolean;
  delSp: boolean;
}

interface HeadersLike {
  getList(): HeaderLines;
}

/** The libmime instance MailParser decodes headers with. */
interface LibmimeLike {
  decodeHeader(line: string): { key: string; value: string };
  decodeWords(text: string): string;
}

const mailsplit = mailsplitModule as unknown as {
  MimeNode: new (parent: false, config: object) => MimeNodeLike;
  Headers: new (block: Buffer) => HeadersLike;
};

/** What mailsplit's FlowedDecoder un-flows format=flowed text with. */
const flowedLibmime = new libmime.Libmime();

/**
 * The libmime instance MailParser's header processing uses: its constructor makes it as
 * `new libmime.Libmime({ Iconv: options.Iconv })`, and simpleParser gives no Iconv.
 * test/mail/fast-parse-libmime.test.ts holds the two equal.
 */
export const headerLibmime: LibmimeLike = new libmime.Libmime({ Iconv: undefined }) as unknown as LibmimeLike;

/** What mailsplit makes of a part's MIME headers, for mailparser's choices about the root part. */
type MimeFacts = Pick<MimeNodeLike, 'contentType' | 'charset' | 'encoding' | 'disposition' | 'flowed' | 'delSp'>;

/**
 * MimeFacts by the first Content-Type, Content-Disposition and Content-Transfer-Encoding lines:
 * mailsplit derives them from those three lines alone (`getFirst`), and archives repeat a few
 * combinations, so a cache hit saves its structured-header parser.
 */
const factsCache = new Map<string, MimeFacts>();
const FACTS_CACHE_SIZE = 512;

function mimeFacts(block: Buffer, lines: HeaderLines): MimeFacts {
  let type: string | undefined;
  let disposition: string | undefined;
  let encoding: string | undefined;
  for (const { key, line } of lines) {
    if (key === 'content-type') type ??= line;
    else if (key === 'content-disposition') disposition ??= line;
    else if (key === 'content-transfer-encoding') encoding ??= line;
  }
  // NUL never occurs in a header line the cache would keep apart from another.
  const cacheKey = `${type ?? '\0'}\0${disposition ?? '\0'}\0${encoding ?? '\0'}`;
  const cached = factsCache.get(cacheKey);
  if (cached) return cached;
  const node = new mailsplit.MimeNode(false, {});
  node.addHeaderChunk(block);
  node.parseHeaders();
  const facts: MimeFacts = {
    contentType: node.contentType,
    charset: node.charset,
    encoding: node.encoding,
    disposition: node.disposition,
    flowed: node.flowed,
    delSp: node.delSp,
  };
  if (factsCache.size >= FACTS_CACHE_SIZE) factsCache.clear();
  factsCache.set(cacheKey, facts);
  return facts;
}

/** A header's value the way MailParser.processHeaders starts on it: unfolded, trimmed, raw 8-bit read as UTF-8. */
function headerText(line: string): string {
  const value = (headerLibmime.decodeHeader(line).value || '').toString().trim();
  return Buffer.from(value, 'binary').toString();
}

/** Charsets mailparser does not decode at all (its own test: letters and digits of the name). */
const UNDECODED_CHARSETS = new Set(['ascii', 'usascii', 'utf8']);

/**
 * Single-byte charsets (after libmime's aliasing: ISO-8859-1 becomes windows-1252): their
 * decoder has no state across chunks, so decoding the whole body at once is what the stream did.
 */
const SINGLE_BYTE_CHARSET = /^(?:windows-125[0-8]|ISO-8859-(?:[1-9]|1[0-6]))$/i;

/**
 * Header blocks above this go the full way, where mailsplit's own limit (1 MiB, each line
 * counting 64 bytes at least) decides: below it, that limit can never be reached.
 */
const MAX_HEADER_BYTES = 256 * 1024;
const MAX_HEADER_LINES = 4096;

/**
 * The length of the header block, blank line included, the way mailsplit cuts it: up to the
 * first line that is just LF or CRLF. -1 when there is none or it is too large for the fast path.
 */
function headerBlockLength(bytes: Buffer): number {
  let start = 0;
  for (let lines = 0; lines < MAX_HEADER_LINES && start < MAX_HEADER_BYTES; lines++) {
    const lf = bytes.indexOf(0x0a, start);
    if (lf < 0) return -1;
    if (lf === start || (lf === start + 1 && bytes[start] === 0x0d)) return lf + 1;
    start = lf + 1;
  }
  return -1;
}

/** `=` anywhere but at the end, or a group cut short: the stream decoder's result then depends on chunking. */
const CLEAN_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The body's bytes after the transfer encoding, as mailsplit's decoders give them; null when unsure. */
function decodeTransfer(body: Buffer, encoding: string): Buffer | null {
  if (encoding === 'quoted-printable') return libqp.decode(body.toString('binary'));
  if (encoding === 'base64') {
    // libbase64's Decoder drops every other character before decoding.
    const clean = body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
    if (clean.length % 4 !== 0 || !CLEAN_BASE64.test(clean)) return null;
    return Buffer.from(clean, 'base64');
  }
  // 7bit, 8bit, binary, and anything mailsplit does not know, pass through as they are.
  return body;
}

/** The text mailparser builds from the decoded bytes; null for a charset left to the full path. */
function decodeCharset(bytes: Buffer, charset: string): string | null {
  if (UNDECODED_CHARSETS.has(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''))) return bytes.toString();
  if (!SINGLE_BYTE_CHARSET.test(normalizeCharset(charset))) return null;
  // The stream re-encodes its output as UTF-8 before mailparser reads it back: a no-op here,
  // as a single-byte charset decodes to no lone surrogate.
  return decodeWithCharset(bytes, charset);
}

/**
 * parseAddressHeader by header text. A list archive names the same people over and over, and
 * mailparser's address tokenizer was the largest cost left here. The result depends on the
 * text alone; parse.ts copies the addresses out, so sharing the object between mails is safe.
 */
const addressCache = new Map<string, AddressObject>();
const ADDRESS_CACHE_SIZE = 4096;

function addressHeader(line: string): AddressObject {
  const text = headerText(line);
  const cached = addressCache.get(text);
  if (cached) return cached;
  const parsed = parseAddressHeader(text);
  if (addressCache.size >= ADDRESS_CACHE_SIZE) addressCache.clear();
  addressCache.set(text, parsed);
  return parsed;
}

/**
 * What MailParser.processHeaders and simpleParser make of Subject, From, To and Cc: the first
 * non-empty Subject, the first From, every To and Cc (one object, or a list when repeated).
 */
function addressHeaders(lines: HeaderLines, parsed: ParsedText): void {
  const to: string[] = [];
  const cc: string[] = [];
  for (const { key, line } of lines) {
    if (key === 'subject') {
      if (parsed.subject !== undefined) continue;
      let subject = headerText(line);
      try {
        subject = headerLibmime.decodeWords(subject);
      } catch {
        // mailparser keeps the undecoded value too
      }
      if (subject) parsed.subject = subject;
    } else if (key === 'from') {
      parsed.from ??= addressHeader(line);
    } else if (key === 'to') {
      to.push(ownString(line));
    } else if (key === 'cc') {
      cc.push(ownString(line));
    }
  }
  // Parsed when read (parse.ts): a review reads From alone, replies read To and Cc too.
  parsed.recipientLines = { to, cc };
}

/** To or Cc as mailparser gives it, from the header lines fast-parse kept: one object, or a list when repeated; undefined for none. */
export function recipientHeader(lines: readonly string[]): AddressObject | AddressObject[] | undefined {
  if (lines.length === 0) return undefined;
  return lines.length === 1 ? addressHeader(lines[0]!) : lines.map(addressHeader);
}

/**
 * mailparser's result for a single-part text/plain mail given as bytes (an mbox envelope
 * already stripped), or null when the mail needs the full parser.
 */
export function fastParse(bytes: Buffer): ParsedText | null {
  if (!fastParseSettings.enabled) return null;
  const headLength = headerBlockLength(bytes);
  if (headLength < 0) return null;
  const block = bytes.subarray(0, headLength);
  const headerLines = new mailsplit.Headers(block).getList();

  const facts = mimeFacts(block, headerLines);
  // mailparser's rules for the root part: no Content-Type is text/plain, no disposition is inline.
  const contentType = facts.contentType || 'text/plain';
  if (contentType !== 'text/plain' || (facts.disposition !== false && facts.disposition !== 'inline')) return null;

  let decoded = decodeTransfer(bytes.subarray(headLength), facts.encoding || '');
  if (decoded === null) return null;
  // mailparser un-flows between the transfer and the charset decoding, on the whole body at once.
  if (facts.flowed && decoded.length > 0) decoded = Buffer.from(flowedLibmime.decodeFlowed(decoded.toString('binary'), facts.delSp), 'binary');
  const textContent = decodeCharset(decoded, facts.charset || 'utf-8');
  if (textContent === null) return null;

  const parsed: ParsedText = { headerLines, attachments: [] };
  // mailparser keeps no text for an empty body.
  const text = textContent.includes('\r') ? textContent.replace(/\r?\n/g, '\n') : textContent;
  if (text !== '') parsed.text = text;
  addressHeaders(headerLines, parsed);
  return parsed;
}
