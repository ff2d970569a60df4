/** From a raw message to a Mail: headers, subject, and the text that carries the patch. */
import type { AddressObject, Attachment, HeaderLines, ParsedMail, StructuredHeader } from 'mailparser';
import { decodeBytes, isKnownCharset } from './charset.js';
import { fastParse, recipientHeader } from './fast-parse.js';
import { firstLines, isBlankLine, isHeaderFieldLine, startsWithEnvelopePrefix } from './header-line.js';
import { inlineTextParts, outlineMime, type MimePart } from './mime-outline.js';
import { parseSubject } from './subject.js';
import { ownString } from '../engine/own-string.js';
import { headerlessMail } from './headerless.js';
import { wentThroughList } from './delivery.js';
import { onFirstRead } from './on-first-read.js';
import type { Address, Mail, RawMessage } from './types.js';

/** A message that is not a mail or that the MIME parser rejected. The only error parseMail throws. */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    readonly source: string,
    readonly offset: number,
    /** What is wrong, without the location. */
    readonly reason: string,
  ) {
    super(`${source}, message at byte ${offset}: ${reason}`);
  }
}

/**
 * mailparser's defaults also build an HTML rendering of the text with linkified URLs, which doubles
 * the cost and is never used here (REFERENCE.md D2/D4).
 */
const PARSER_OPTIONS = {
  skipTextToHtml: true,
  skipHtmlToText: true,
  skipImageLinks: true,
  skipTextLinks: true,
} as const;

const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD', 'utf8');

/** Headers whose presence makes a header block a mail rather than any `Word: text` file. */
const MAIL_HEADERS = ['from', 'subject', 'date', 'message-id', 'to'];

/**
 * mailparser's full parser, loaded the first time a mail needs it: its HTML and link stack is
 * most of the start-up of a run on plain-text patches, which the fast path reads alone.
 */
async function fullParse(bytes: Buffer): Promise<ParsedMail> {
  // The module itself rather than the package entry, which also holds the fast path's import.
  const { default: simpleParser } = await import('mailparser/lib/simple-parser.js');
  return simpleParser(bytes, PARSER_OPTIONS);
}

export async function parseMail(raw: RawMessage): Promise<Mail> {
  try {
    return raw.bareDiff ? bareDiffMail(raw) : await mimeMail(raw);
  } catch (err) {
    if (err instanceof MailError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new MailError(raw.source, raw.offset, `cannot parse the mail: ${why}`);
  }
}

async function mimeMail(raw: RawMessage): Promise<Mail> {
  const { bytes, envelope } = stripLeadingEnvelope(raw.bytes);
  const [first] = firstLines(bytes, 1);
  if (first === undefined || !isHeaderFieldLine(first)) {
    throw new MailError(raw.source, raw.offset, 'not a mail: it does not start with a header field');
  }
  const parsed = fastParse(bytes) ?? (await fullParse(bytes));
  if (!parsed.headerLines.some((h) => MAIL_HEADERS.includes(h.key))) {
    throw new MailError(raw.source, raw.offset, 'not a mail: no From, To, Subject, Date or Message-ID header');
  }

  const warnings: string[] = [];
  const outline = outlineMime(bytes);
  const textParts = inlineTextParts(outline);
  let attachments = parsed.attachments.filter(isPatchAttachment);
  // git mailinfo reads every part whatever its type: a patch sent as the mail's one
  // application/octet-stream part, or attached under another type, is still what git am applies.
  if (attachments.length === 0 && !holdsDiff(parsed.text ?? '')) attachments = parsed.attachments.filter((a) => holdsDiff(a.content.toString('latin1')));

  let body: string;
  let bodySource: Mail['bodySource'];
  let flowed: boolean;
  if (attachments.length > 0) {
    bodySource = 'attachment';
    body = attachments.map((a) => attachmentText(a, warnings)).join('');
    flowed = attachments.some((a) => contentTypeParams(a)['format']?.toLowerCase() === 'flowed');
  } else {
    bodySource = 'text';
    body = parsed.text ?? '';
    flowed = textParts.some((p) => p.params['format']?.toLowerCase() === 'flowed');
    warnings.push(...textPartWarnings(textParts, outline));
  }
  body = body.replace(/\r\n/g, '\n');
  // A replacement character the sender typed (UTF-8 EF BF BD) is not a decoding problem.
  if (body.includes('\uFFFD') && !bytes.includes(REPLACEMENT_CHARACTER)) {
    warnings.push('the body has bytes that are not valid in its charset (shown as U+FFFD)');
  }

  const dateValue = headerValue(parsed.headerLines, 'date');
  const date = dateValue === null ? null : parseDate(dateValue);
  if (dateValue !== null && date === null) warnings.push(`unparseable Date header: "${dateValue}"`);

  const mail: Mail = {
    index: raw.index,
    source: raw.source,
    offset: raw.offset,
    messageId: firstMessageId(headerValue(parsed.headerLines, 'message-id')),
    inReplyTo: firstMessageId(headerValue(parsed.headerLines, 'in-reply-to')),
    references: allMessageIds(headerValue(parsed.headerLines, 'references')),
    from: addresses(parsed.from)[0] ?? null,
    to: [],
    cc: [],
    date,
    subject: parseSubject(parsed.subject ?? ''),
    body,
    bodySource,
    flowed,
    decodeWarnings: warnings,
    bareDiff: false,
    delivered: wentThroughList(
      parsed.headerLines.map((h) => h.key),
      raw.envelopeLine ?? envelope,
    ),
    ...committedOf(raw),
  };
  const recipientLines = 'recipientLines' in parsed ? parsed.recipientLines : undefined;
  if (recipientLines) deferRecipients(mail, recipientLines);
  else {
    mail.to = addresses(parsed.to);
    mail.cc = addresses(parsed.cc);
  }
  return mail;
}

/** The committer date a commit's patch was handed over with (the Action), when it reads as one. */
function committedOf(raw: RawMessage): Pick<Mail, 'committed'> {
  if (raw.committed === undefined) return {};
  const date = new Date(raw.committed);
  return Number.isNaN(date.getTime()) ? {} : { committed: date };
}

/** A diff without mail headers: the whole input is the body. */
function bareDiffMail(raw: RawMessage): Mail {
  const decoded = decodeBytes(raw.bytes, undefined, 'bare diff');
  const mail = headerlessMail(raw, decoded.text.replace(/\r\n/g, '\n'));
  return { ...mail, decodeWarnings: decoded.warning === undefined ? [] : [decoded.warning], bareDiff: true, delivered: false, ...committedOf(raw) };
}

/**
 * Skips blank lines and an mbox envelope line at the start, for a message handed over whole
 * (a single `git format-patch` file given as bytes rather than through the splitter).
 */
function stripLeadingEnvelope(bytes: Buffer): { bytes: Buffer; envelope?: string } {
  let start = 0;
  let envelope: string | undefined;
  let line = firstLines(bytes, 1)[0];
  while (line !== undefined && isBlankLine(line)) {
    start += line.length;
    line = firstLines(bytes.subarray(start), 1)[0];
  }
  if (line !== undefined && startsWithEnvelopePrefix(line)) {
    const next = firstLines(bytes.subarray(start + line.length), 1)[0];
    if (next !== undefined && isHeaderFieldLine(next)) {
      envelope = line
        .subarray(0, 200)
        .toString('latin1')
        .replace(/\r?\n$/, '');
      start += line.length;
    }
  }
  const rest = start === 0 ? bytes : bytes.subarray(start);
  return envelope === undefined ? { bytes: rest } : { bytes: rest, envelope };
}

/** `git format-patch --attach`, Thunderbird and friends: the patch as a text/x-patch or *.patch part. */
function isPatchAttachment(a: Attachment): boolean {
  const type = a.contentType.toLowerCase();
  if (type === 'text/x-patch' || type === 'text/x-diff') return true;
  return /\.(?:patch|diff)$/i.test(a.filename ?? '');
}

/** A unified diff as git apply finds one: a `diff --git` header, or `---`/`+++` lines and a hunk header. */
function holdsDiff(text: string): boolean {
  return /^diff --git \S/m.test(text) || (/^--- \S/m.test(text) && /^\+\+\+ \S/m.test(text) && /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/m.test(text));
}

function contentTypeParams(a: Attachment): Record<string, string> {
  const ct = a.headers.get('content-type');
  if (ct && typeof ct === 'object' && !Array.isArray(ct) && !(ct instanceof Date) && 'params' in ct) {
    return (ct as StructuredHeader).params;
  }
  return {};
}

function attachmentText(a: Attachment, warnings: string[]): string {
  const what = `attachment ${a.filename ? `"${a.filename}"` : `(${a.contentType})`}`;
  const decoded = decodeBytes(a.content, contentTypeParams(a)['charset'], what);
  if (decoded.warning !== undefined) warnings.push(decoded.warning);
  // Several patch attachments are read one after the other; each must end its last line.
  return decoded.text.endsWith('\n') || decoded.text === '' ? decoded.text : `${decoded.text}\n`;
}

/** What mailparser decodes silently but a reviewer of whitespace needs to know. */
function textPartWarnings(parts: MimePart[], root: MimePart): string[] {
  const warnings: string[] = [];
  if (parts.length === 0 && root.type !== 'text/plain') {
    warnings.push(`no text/plain part (the mail is ${root.type})`);
  }
  for (const part of parts) {
    const charset = part.params['charset'];
    if (charset !== undefined && !isKnownCharset(charset)) {
      warnings.push(`text part: unknown charset "${charset}", decoded as UTF-8`);
    }
    // The QP decoder drops whitespace left unencoded at a line end; git am keeps it.
    if (part.transferEncoding === 'quoted-printable' && /[ \t]\r?$/m.test(part.body)) {
      warnings.push('quoted-printable text with unencoded trailing whitespace: the decoded body lost it');
    }
  }
  return warnings;
}

/** A header's unfolded value from the raw lines (first occurrence), or null. */
function headerValue(lines: HeaderLines, key: string): string | null {
  const line = lines.find((h) => h.key === key)?.line;
  if (line === undefined) return null;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]/g, ' ')
    .trim();
}

/** The first `<id>` of a header, brackets removed; a bracketless value is taken whole. */
function firstMessageId(value: string | null): string | null {
  if (value === null) return null;
  const bracketed = /<([^<>]*)>/.exec(value);
  if (bracketed) return ownString(bracketed[1]!.trim()) || null;
  const bare = value.split(/\s+/)[0];
  return bare ? ownString(bare) : null;
}

function allMessageIds(value: string | null): string[] {
  if (value === null) return [];
  const ids = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.trim()).filter((id) => id !== '');
  return (ids.length > 0 ? ids : value.split(/[\s,]+/).filter((id) => id !== '')).map(ownString);
}

/** Like mailparser (JavaScript's Date parser), but null instead of "now" when it fails. */
function parseDate(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Only replies read To and Cc: a review spares itself their parsing. The getters hold the two
 * headers' lines alone, not the parsed mail (a result may stay in check mode's window for long).
 */
function deferRecipients(mail: Mail, lines: { to: readonly string[]; cc: readonly string[] }): void {
  const { to, cc } = lines;
  onFirstRead(mail, 'to', () => addresses(recipientHeader(to)));
  onFirstRead(mail, 'cc', () => addresses(recipientHeader(cc)));
}

function addresses(header: ParsedMail['to']): Address[] {
  const objects: AddressObject[] = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const out: Address[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const e of entries) {
      if (e.group) visit(e.group);
      else if (e.address) out.push({ name: e.name ?? '', address: e.address });
    }
  };
  for (const o of objects) visit(o.value);
  return out;
}
