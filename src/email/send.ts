/**
 * Sending replies over SMTP with nodemailer, one after the other on one
 * connection.  Every mail gets a result of its own: a refused recipient or
 * a failed mail does not stop the others.  The message goes out exactly as
 * composed (nodemailer's `raw`), and the envelope recipients are read back
 * from its own To and Cc header fields: nobody gets the mail who is not
 * shown on it (no hidden Bcc, whatever the lists in memory say).
 */
// nodemailer itself (SMTP, TLS, its transports) is loaded by sendReplies only: most runs send nothing.
import type { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { Readable } from 'node:stream';
import { isPlaceholderAddress, type OutgoingMail } from './types.js';

export interface SendOptions {
  /** `smtp://[user[:password]@]host[:port]` or `smtps://...` (TLS from the start); user and password URL-encoded. */
  smtp: string;
  /** Accept a server certificate that does not verify (a local relay with a self-signed one). */
  allowSelfSigned?: boolean;
  /** Pause between two mails, in milliseconds (default 0). */
  delayMs?: number;
  /** Connection and command timeout, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Called just before a mail is handed to the server (the outbox marks it "sending"). */
  before?: (mail: OutgoingMail) => void;
  /** Called with each mail's result as soon as it is known (the outbox marks it "sent"). */
  after?: (mail: OutgoingMail, result: SendResult) => void;
}

export interface SendResult {
  messageId: string;
  ok: boolean;
  /** Envelope recipients the server took, and those it refused. */
  accepted: string[];
  rejected: string[];
  /** The server's last reply. */
  response?: string;
  error?: string;
  /**
   * The whole message was handed to the server and then the connection
   * failed with no answer: it may have been delivered.  Sending it again
   * could make a duplicate, so the outbox does not retry it.
   */
  uncertain?: boolean;
}

/** The SMTP URL cannot be used: the command line's usage error. */
export class SmtpUrlError extends Error {
  override name = 'SmtpUrlError';
}

interface SmtpTarget {
  host: string;
  port?: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

export function parseSmtpUrl(text: string): SmtpTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SmtpUrlError(`not a URL: '${text}' (want smtp://host:port or smtps://user:password@host)`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpUrlError(`'${url.protocol}' is not an SMTP URL: use smtp:// or smtps://`);
  }
  if (url.hostname === '') throw new SmtpUrlError(`no host in '${text}'`);
  const target: SmtpTarget = { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), secure: url.protocol === 'smtps:' };
  if (url.port !== '') target.port = Number(url.port);
  if (url.username !== '') target.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  return target;
}

export async function sendReplies(mails: readonly OutgoingMail[], options: SendOptions): Promise<SendResult[]> {
  const target = parseSmtpUrl(options.smtp);
  const timeout = options.timeoutMs ?? 30_000;
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    ...target,
    tls: { rejectUnauthorized: !options.allowSelfSigned },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const results: SendResult[] = [];
  try {
    for (const [i, mail] of mails.entries()) {
      if (i > 0 && options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      options.before?.(mail);
      const result = await sendOne(transport, mail);
      options.after?.(mail, result);
      results.push(result);
    }
  } finally {
    transport.close();
  }
  return results;
}

async function sendOne(transport: ReturnType<typeof createTransport>, mail: OutgoingMail): Promise<SendResult> {
  const base = { messageId: mail.messageId, accepted: [], rejected: [] };
  if (isPlaceholderAddress(mail.from.address)) {
    return { ...base, ok: false, error: `the sender is the placeholder ${mail.from.address}: give a real From address` };
  }
  const recipients = visibleRecipients(mail.raw);
  if (recipients.length === 0) return { ...base, ok: false, error: 'no recipients' };
  // The message goes as a stream, to know whether all of it reached the socket before a failure.
  let handedOver = false;
  const raw = Readable.from([Buffer.from(mail.raw, 'utf8')]);
  raw.on('end', () => (handedOver = true));
  try {
    const info = await transport.sendMail({ envelope: { from: mail.from.address, to: recipients }, raw });
    const accepted = info.accepted.map(addressOf);
    const rejected = info.rejected.map(addressOf);
    return { messageId: mail.messageId, ok: accepted.length > 0, accepted, rejected, response: info.response };
  } catch (error) {
    const answered = typeof (error as { responseCode?: unknown }).responseCode === 'number';
    return { ...base, ok: false, error: error instanceof Error ? error.message : String(error), ...(handedOver && !answered ? { uncertain: true } : {}) };
  }
}

/** The addresses in the To and Cc fields of a message's header, in order, each once (compared without case). */
export function visibleRecipients(raw: string): string[] {
  const end = raw.search(/\r?\n\r?\n/);
  const header = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n(?=[ \t])/g, '');
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of header.split(/\r?\n/)) {
    const m = /^(to|cc)\s*:(.*)$/i.exec(line);
    if (!m) continue;
    for (const a of addressparser(m[2]!, { flatten: true })) {
      const key = a.address.toLowerCase();
      if (a.address === '' || seen.has(key)) continue;
      seen.add(key);
      out.push(a.address);
    }
  }
  return out;
}

const addressOf = (a: string | { address: string }): string => (typeof a === 'string' ? a : a.address);
