/**
 * Header fields built from hostile input must parse back (mailparser) to
 * the same values and to no other header.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { encodePhrase, encodeUnstructured, foldHeader, formatAddress, formatDate, formatMessageId, isSafeAddress } from '../../src/email/headers.js';
import { renderMail, type MailParts } from '../../src/email/render.js';

const parts = (over: Partial<MailParts> = {}): MailParts => ({
  from: { name: 'Bot', address: 'bot@example.org' },
  to: [{ name: 'Ada Example', address: 'ada@example.org' }],
  cc: [],
  subject: 'Re: [PATCH] x: y',
  date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  messageId: 'id.1@example.org',
  inReplyTo: 'parent@example.org',
  references: ['root@example.org', 'parent@example.org'],
  mailer: 'qemu-review 0.1.0',
  body: 'Hello.\n',
  ...over,
});

const headerLines = (raw: string): string[] => raw.slice(0, raw.indexOf('\n\n')).split('\n');
const names = (raw: string): string[] =>
  headerLines(raw)
    .filter((l) => !/^[ \t]/.test(l))
    .map((l) => l.slice(0, l.indexOf(':')));
const addressList = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a.flatMap((o) => o.value) : (a?.value ?? []));

describe('header values', () => {
  it('keeps plain ASCII subjects readable and encodes only the words that need it', () => {
    expect(encodeUnstructured('Re: [PATCH v2 1/3] hw/foo: add bar')).toBe('Re: [PATCH v2 1/3] hw/foo: add bar');
    expect(encodeUnstructured('util: fix café handling')).toBe('util: fix =?UTF-8?Q?caf=C3=A9?= handling');
  });

  it('never leaves a trailer-like word plain, so no folded line can start with one', () => {
    expect(encodeUnstructured('Re: x Reviewed-by: Mallory')).toBe('Re: x =?UTF-8?Q?Reviewed-by=3A?= Mallory');
  });

  it('writes names as atoms, quoted strings or encoded words', () => {
    expect(encodePhrase('Ada Example')).toBe('Ada Example');
    expect(encodePhrase('Example, Ada')).toBe('"Example, Ada"');
    expect(encodePhrase('Ada "the" Example')).toBe('"Ada \\"the\\" Example"');
    expect(encodePhrase('Jürgen')).toBe('=?UTF-8?Q?J=C3=BCrgen?=');
    expect(encodePhrase('Acked-by: Mallory')).toMatch(/^=\?UTF-8\?Q\?/);
  });

  it('refuses addresses and ids that cannot be written as they are', () => {
    for (const bad of [
      'a b@example.org',
      'a@b@example.org',
      'x@example.org\r\nBcc: y@example.org',
      '<a@example.org>',
      'a@',
      '@example.org',
      'jürgen@example.org',
      'a@-x.org',
    ]) {
      expect(isSafeAddress(bad), bad).toBe(false);
    }
    expect(formatAddress({ name: 'A', address: 'a@example.org\nBcc: evil@example.org' })).toBeNull();
    expect(formatMessageId('abc@example.org')).toBe('<abc@example.org>');
    expect(formatMessageId('a b@example.org')).toBeNull();
    expect(formatMessageId('a>\r\nBcc: x@y>')).toBeNull();
  });

  it('folds long values at spaces within 78 columns, and unfolds to the value', () => {
    const value = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const folded = foldHeader('Subject', value);
    expect(folded.split('\n').every((l) => l.length <= 78)).toBe(true);
    expect(folded.split('\n').length).toBeGreaterThan(2);
    expect(folded.replace(/\n/g, '')).toBe(`Subject: ${value}`);
  });

  it('writes RFC 5322 dates in UTC', () => {
    expect(formatDate(new Date(Date.UTC(2025, 9, 6, 13, 23, 6)))).toBe('Mon, 06 Oct 2025 13:23:06 +0000');
  });
});

describe('renderMail on hostile input', () => {
  it('a subject with CR, LF and NUL injects no header', async () => {
    const raw = renderMail(parts({ subject: 'Re: [PATCH] x\r\nBcc: victim@example.org\r\n\r\nbody\0y' })).raw;
    expect(names(raw)).not.toContain('Bcc');
    const parsed = await simpleParser(raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toBe('Re: [PATCH] x Bcc: victim@example.org body y');
    expect(parsed.text).toBe('Hello.\n');
  });

  it('a very long subject with non-ASCII words folds and decodes to the same text', async () => {
    const subject = `Re: [PATCH v12 07/42] ${'qapi: documentér le paramètre très long '.repeat(8)}${'x'.repeat(300)}`;
    const raw = renderMail(parts({ subject })).raw;
    expect(headerLines(raw).every((l) => l.length <= 78)).toBe(true);
    expect((await simpleParser(raw)).subject).toBe(subject);
  });

  it('odd and malicious addresses are dropped, odd names survive encoded', async () => {
    const rendered = renderMail(
      parts({
        to: [{ name: 'Zoë "Z" Ünicode, Jr.', address: 'zoe@example.org' }],
        cc: [
          { name: 'Evil', address: 'evil@example.org>, <bcc@attacker.example' },
          { name: 'Reviewed-by: Mallory', address: 'mallory@example.org' },
          { name: '', address: 'list@nongnu.org' },
          { name: 'Line\r\nBcc: x@example.org', address: 'line@example.org' },
        ],
      }),
    );
    expect(rendered.dropped).toEqual([{ address: 'evil@example.org>, <bcc@attacker.example', reason: 'a local part that is not a plain dot-atom' }]);
    expect(names(rendered.raw)).not.toContain('Bcc');
    const parsed = await simpleParser(rendered.raw);
    expect(addressList(parsed.to)).toEqual([{ name: 'Zoë "Z" Ünicode, Jr.', address: 'zoe@example.org' }]);
    expect(addressList(parsed.cc)).toEqual([
      { name: 'Reviewed-by: Mallory', address: 'mallory@example.org' },
      { name: '', address: 'list@nongnu.org' },
      { name: 'Line Bcc: x@example.org', address: 'line@example.org' },
    ]);
    for (const line of headerLines(rendered.raw)) expect(line).not.toMatch(/^\s*[A-Za-z-]+-by:/i);
  });

  it('threads by In-Reply-To and References, leaving out ids that cannot be written', async () => {
    const rendered = renderMail(parts({ references: ['root@example.org', 'bad id@x', 'parent@example.org'] }));
    const parsed = await simpleParser(rendered.raw);
    expect(parsed.inReplyTo).toBe('<parent@example.org>');
    expect(parsed.references).toEqual(['<root@example.org>', '<parent@example.org>']);
    expect(rendered.references).toEqual(['root@example.org', 'parent@example.org']);
  });

  it('sends 8bit, and quoted-printable when a line is too long or holds a NUL or CR', async () => {
    const plain = renderMail(parts({ body: 'Grüße.\n> +int x;\n' })).raw;
    expect(plain).toContain('Content-Transfer-Encoding: 8bit');
    expect(plain.endsWith('\n\nGrüße.\n> +int x;\n')).toBe(true);

    const long = `> +${'y'.repeat(1200)}  `;
    const body = `Quote:\n${long}\n> a\rb\0c\n> trailing tab\t\nend = done\n`;
    const qp = renderMail(parts({ body })).raw;
    expect(qp).toContain('Content-Transfer-Encoding: quoted-printable');
    const bodyLines = qp.slice(qp.indexOf('\n\n') + 2).split('\n');
    expect(bodyLines.every((l) => l.length <= 76 && !/[ \t]$/.test(l))).toBe(true);
    expect((await simpleParser(qp)).text).toBe(body);
  });
});
