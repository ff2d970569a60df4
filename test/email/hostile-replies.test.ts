/**
 * Replies to hostile mail (issue 8, items 7-10): delivered to exactly the
 * addresses the header shows, with capped References and recipients, no
 * line break that lets any reader see a trailer, and a subject encoder that
 * stays linear.  Sending goes to a real SMTP server on 127.0.0.1.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { MAX_RECIPIENTS, MAX_REFERENCES } from '../../src/email/addressing.js';
import { composeReply } from '../../src/email/compose.js';
import { encodeUnstructured } from '../../src/email/headers.js';
import { ANY_LINE_BREAK } from '../../src/email/line-breaks.js';
import { renderMail } from '../../src/email/render.js';
import { sendReplies, visibleRecipients } from '../../src/email/send.js';
import { looksLikeTrailer } from '../../src/email/trailer-guard.js';
import type { OutgoingMail } from '../../src/email/types.js';
import type { Finding } from '../../src/engine/types.js';
import type { Address, Mail } from '../../src/mail/types.js';
import type { MessageResult } from '../../src/review/review.js';
import { hunkDiff, mailWith } from '../support/patches.js';
import { smtpServer } from '../support/smtp.js';

const BOT = { name: 'Review Bot', address: 'bot@example.org' };

/** A reply to a patch adding `lines`, with a finding on each added line. */
function replyTo(lines: string[], over: Partial<Mail> = {}): OutgoingMail {
  const base = mailWith(hunkDiff('hw/foo.c', [{ start: 10, lines: [' int a;', ...lines.map((l) => `+${l}`), ' int b;'] }]), { subject: '[PATCH] hw/foo: x' });
  const mail: Mail = {
    ...base,
    messageId: 'patch-1@example.org',
    from: { name: 'Ada Example', address: 'ada@example.org' },
    to: [{ name: '', address: 'qemu-devel@nongnu.org' }],
    cc: [{ name: 'Maint', address: 'maint@example.org' }],
    ...over,
  };
  const body = mail.body.split('\n');
  const findings: Finding[] = lines.map((l, i) => ({
    rule: 'c/test',
    severity: 'warning',
    messageId: mail.messageId,
    subject: mail.subject.raw,
    messageIndex: 0,
    file: 'hw/foo.c',
    line: 11 + i,
    message: 'look here',
    patchLine: body.indexOf(`+${l}`) + 1,
  }));
  const result: MessageResult = {
    index: 0,
    source: 'x.mbox',
    messageId: mail.messageId,
    subject: mail.subject.raw,
    status: 'reviewed',
    findings,
    failures: [],
    mail,
  };
  return composeReply(result, { from: BOT })!;
}

/** Pieces of a raw message a reader could take for lines that start like a trailer: every piece of the body, and header continuation lines. */
function trailerLike(raw: string): string[] {
  const end = raw.search(/\r?\n\r?\n/);
  const split = (text: string) => text.split(new RegExp(ANY_LINE_BREAK, 'g'));
  const header = split(raw.slice(0, end)).filter((l) => /^[ \t]/.test(l));
  return [...header, ...split(raw.slice(end))].filter(looksLikeTrailer);
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a.flatMap((o) => o.value) : (a?.value ?? [])).map((v) => v.address!);

describe('7: the envelope is the visible header', () => {
  const hidden: Address[] = [
    { name: 'Eve', address: 'ëve@example.org' },
    { name: '', address: 'x@[127.0.0.1]' },
    { name: '', address: '"a b"@example.org' },
  ];

  it('delivers to exactly the To and Cc the receiver sees, and says which were dropped and why', async () => {
    const smtp = await smtpServer();
    const mail = replyTo(['int x;'], { cc: [{ name: 'Maint', address: 'maint@example.org' }, ...hidden] });
    expect(mail.dropped.map((d) => d.address)).toEqual(hidden.map((h) => h.address));
    expect(mail.dropped.map((d) => d.reason)).toEqual([
      'not plain ASCII (internationalised or with control characters)',
      'an address literal instead of a host name',
      'a quoted local part',
    ]);
    const [result] = await sendReplies([mail], { smtp: smtp.url });
    expect(result!.ok).toBe(true);
    const got = smtp.received[0]!;
    const parsed = await simpleParser(got.data);
    const visible = [...addresses(parsed.to), ...addresses(parsed.cc)];
    expect(got.to.sort()).toEqual(visible.sort());
    expect(got.to.sort()).toEqual(['ada@example.org', 'maint@example.org', 'qemu-devel@nongnu.org']);
  });
});

describe('7: reading the envelope back from the header', () => {
  it('finds exactly the written addresses, whatever the display names hold', () => {
    const cc: Address[] = [
      { name: 'Example, Ada', address: 'ada2@example.org' },
      { name: 'Mallory <m@evil.example>, x', address: 'mal@example.org' },
      { name: '=?utf-8?q?bcc=40evil.example?=', address: 'q@example.org' },
      { name: 'Jürgen "J" Ünïcode; <@>', address: 'j@example.org' },
      { name: 'Acked-by: Mallory', address: 'ack@example.org' },
    ];
    const mail = replyTo(['int x;'], { cc });
    expect(visibleRecipients(mail.raw)).toEqual(['ada@example.org', 'qemu-devel@nongnu.org', ...cc.map((a) => a.address)]);
    expect(visibleRecipients(mail.raw)).toEqual([...mail.to, ...mail.cc].map((a) => a.address));
  });
});

describe('8: caps', () => {
  it('keeps the root and the nearest References, however many the patch names', () => {
    const references = Array.from({ length: 20_000 }, (_, i) => `ref-${i}@example.org`);
    const mail = replyTo(['int x;'], { references, inReplyTo: references.at(-1)! });
    expect(mail.references).toHaveLength(MAX_REFERENCES);
    expect(mail.references[0]).toBe('ref-0@example.org');
    expect(mail.references.slice(-2)).toEqual(['ref-19999@example.org', 'patch-1@example.org']);
    const header = mail.raw.slice(0, mail.raw.indexOf('\n\n'));
    expect(header.length).toBeLessThan(3000);
  });

  it(`over ${MAX_RECIPIENTS} recipients, replies to the author and the lists only, and says so`, () => {
    const cc = Array.from({ length: 3000 }, (_, i) => ({ name: '', address: `p${i}@example.org` }));
    const mail = replyTo(['int x;'], { cc: [...cc, { name: '', address: 'qemu-block@nongnu.org' }] });
    expect(mail.to.map((a) => a.address)).toEqual(['ada@example.org']);
    expect(mail.cc.map((a) => a.address)).toEqual(['qemu-devel@nongnu.org', 'qemu-block@nongnu.org']);
    expect(mail.notes).toEqual([expect.stringMatching(/^3003 recipients are over the limit of 50: the reply goes to the author and the list only/)]);
  });

  it('leaves a reply within the limit alone', () => {
    const cc = Array.from({ length: MAX_RECIPIENTS - 2 }, (_, i) => ({ name: '', address: `p${i}@example.org` }));
    const mail = replyTo(['int x;'], { cc });
    expect(mail.to.length + mail.cc.length).toBe(MAX_RECIPIENTS);
    expect(mail.notes).toEqual([]);
  });
});

describe('9: no reader finds a trailer, whatever it splits lines on', () => {
  const breaks = ['\f', '\v', '\x1c', '\x1d', '\x1e', '\r', '\x85', '\u2028', '\u2029'];
  // Each padding puts the soft breaks of quoted-printable at another offset; one of them lands right before "Reviewed-by:".
  const long = Array.from({ length: 15 }, (_, k) => `/* ${'p'.repeat(k)}${'Reviewed-by: x '.repeat(70)} */`);
  const lines = [...breaks.map((b, i) => `int v${i}; /*${b}Reviewed-by: Mallory <m@example.org> */`), ...long];

  it('in the raw message as sent, split on every line break and on physical lines', async () => {
    const smtp = await smtpServer();
    const mail = replyTo(lines);
    const [result] = await sendReplies([mail], { smtp: smtp.url });
    expect(result!.ok).toBe(true);
    const raw = smtp.received[0]!.data.toString('utf8');
    expect(raw).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(trailerLike(raw)).toEqual([]);
    // And in the text a reader decodes: every line starting like a trailer is behind a quote marker.
    const text = (await simpleParser(smtp.received[0]!.data)).text!;
    expect(text.split(new RegExp(ANY_LINE_BREAK, 'g')).filter(looksLikeTrailer)).toEqual([]);
    // The quoted lines still show where the breaks were.
    expect(text).toContain('> +int v0; /*\u240cReviewed-by: Mallory <m@example.org> */');
    expect(text).toContain('> +int v7; /*\u2424Reviewed-by: Mallory <m@example.org> */');
  });

  it('an 8bit reply has none either', () => {
    const mail = replyTo(breaks.map((b, i) => `int v${i}; /*${b}Acked-by: Mallory */`).filter((l) => !l.includes('\r')));
    expect(mail.raw).toContain('Content-Transfer-Encoding: 8bit');
    expect(trailerLike(mail.raw)).toEqual([]);
  });
});

describe('10: subject encoding', () => {
  it('encodes what needs it and nothing else, and decodes to the same text', async () => {
    expect(encodeUnstructured('a  b')).toBe('a  b');
    expect(encodeUnstructured('café  crème')).toBe('=?UTF-8?Q?caf=C3=A9__cr=C3=A8me?=');
    const subjects = ['a  b', `x${' '.repeat(100)}y`, `Re: [PATCH] ${' '.repeat(71)}Reviewed-by: z${' '.repeat(3)}é`, `${'w '.repeat(200)}end`];
    for (const subject of subjects) {
      const raw = renderMail({
        from: BOT,
        to: [BOT],
        cc: [],
        subject,
        date: new Date(0),
        messageId: 'id@example.org',
        inReplyTo: null,
        references: [],
        mailer: 'm',
        body: 'x\n',
      }).raw;
      const header = raw.slice(0, raw.indexOf('\n\n'));
      expect(
        header.split('\n').every((l) => l.length <= 78),
        subject,
      ).toBe(true);
      expect((await simpleParser(raw)).subject).toBe(subject);
    }
  });

  it('takes linear time: a subject of 400,000 spaces', { timeout: 20_000 }, async () => {
    const subject = `a${' '.repeat(400_000)}b`;
    const raw = renderMail({
      from: BOT,
      to: [BOT],
      cc: [],
      subject,
      date: new Date(0),
      messageId: 'id@example.org',
      inReplyTo: null,
      references: [],
      mailer: 'm',
      body: 'x\n',
    }).raw;
    const header = raw.slice(0, raw.indexOf('\n\n'));
    expect(header.split('\n').every((l) => l.length <= 998)).toBe(true);
    expect((await simpleParser(raw)).subject).toBe(subject);
  });
});
