/** Hand-made postings of a series (cover letters, patches, replies) as raw mails, run through the real parser and review. */
import { readPatch } from '../../src/patch/read-patch.js';
import { parseMail } from '../../src/mail/parse.js';
import type { Mail } from '../../src/mail/types.js';
import type { Patch } from '../../src/patch/types.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import type { Rule } from '../../src/engine/types.js';
import type { RawMessage } from '../../src/mail/types.js';

export interface MailSpec {
  id: string;
  subject: string;
  /** The text after the headers. */
  body: string;
  from?: string;
  inReplyTo?: string;
  references?: string[];
  date?: string;
}

export function rawMail(spec: MailSpec): string {
  const headers = [
    `From: ${spec.from ?? 'Ada Author <ada@example.org>'}`,
    'To: qemu-devel@nongnu.org',
    `Subject: ${spec.subject}`,
    `Date: ${spec.date ?? 'Mon, 06 Oct 2025 10:00:00 +0000'}`,
    ...(spec.id ? [`Message-ID: <${spec.id}>`] : []),
    ...(spec.inReplyTo ? [`In-Reply-To: <${spec.inReplyTo}>`] : []),
    ...(spec.references?.length ? [`References: ${spec.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return `${headers.join('\n')}\n\n${spec.body}`;
}

/** A patch mail's body: commit message, `---`, the diffs. */
export function patchBody(message: string, diffs: string): string {
  return `${message}\n\nSigned-off-by: Ada Author <ada@example.org>\n---\n${diffs}-- \n2.51.0\n`;
}

export async function mailsOf(specs: MailSpec[]): Promise<Mail[]> {
  return Promise.all(specs.map((s, index) => parseMail({ index, source: 'series.mbox', offset: 0, bytes: Buffer.from(rawMail(s)) })));
}

export async function postedOf(specs: MailSpec[]): Promise<Array<{ mail: Mail; patch: Patch | null }>> {
  return (await mailsOf(specs)).map((mail) => ({ mail, patch: mail.subject.counter?.index === 0 ? null : readPatch(mail) }));
}

export async function reviewAll(specs: MailSpec[], rules: readonly Rule[]): Promise<MessageResult[]> {
  async function* inputs(): AsyncGenerator<RawMessage> {
    for (const [index, s] of specs.entries()) yield { index, source: 'series.mbox', offset: 0, bytes: Buffer.from(rawMail(s)) };
  }
  const out: MessageResult[] = [];
  for await (const r of reviewMessages(inputs(), rules)) out.push(r);
  return out;
}
