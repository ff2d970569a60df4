import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailError, parseMail } from '../../src/mail/parse.js';
import type { RawMessage } from '../../src/mail/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail');
const fixture = (name: string): Buffer => readFileSync(path.join(fixtures, name));

function raw(bytes: string | Buffer, extra: Partial<RawMessage> = {}): RawMessage {
  return { index: 3, source: 'test.mbox', offset: 120, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'), ...extra };
}

const HEAD = 'From: Ada <ada@example.org>\nTo: qemu-devel@nongnu.org\nSubject: [PATCH] x: y\n';

/** A single-part mail with the given transfer encoding and charset; body given as bytes (latin1 string). */
function mail(body: string, encoding: string, charset = 'utf-8'): RawMessage {
  return raw(`${HEAD}MIME-Version: 1.0\nContent-Type: text/plain; charset=${charset}\nContent-Transfer-Encoding: ${encoding}\n\n${body}`);
}

describe('parseMail: headers', () => {
  it('reads ids, addresses, date and subject', async () => {
    const m = await parseMail(
      raw(
        'From: "Ada, Example" <ada@example.org>\n' +
          'To: qemu-devel@nongnu.org, Bob <bob@example.org>\n' +
          'To: second@example.org\n' +
          'Cc: Team: carol@example.org, dan@example.org;, eve@example.org\n' +
          'Date: Mon, 06 Oct 2025 15:23:06 +0200\n' +
          'Message-ID: <abc@example.org>\n' +
          "In-Reply-To: <parent@example.org> (Bob's message of Mon, 6 Oct)\n" +
          'References: <root@example.org>\n <parent@example.org>\n' +
          'Subject: Re: [Qemu-devel] [PATCH v2 3/7] hw/foo: bar\n\nbody\n',
      ),
    );
    expect(m).toMatchObject({
      index: 3,
      source: 'test.mbox',
      offset: 120,
      messageId: 'abc@example.org',
      inReplyTo: 'parent@example.org',
      references: ['root@example.org', 'parent@example.org'],
      from: { name: 'Ada, Example', address: 'ada@example.org' },
      to: [
        { name: '', address: 'qemu-devel@nongnu.org' },
        { name: 'Bob', address: 'bob@example.org' },
        { name: '', address: 'second@example.org' },
      ],
      // Group members are listed as mailboxes; the group name is dropped.
      cc: [
        { name: '', address: 'carol@example.org' },
        { name: '', address: 'dan@example.org' },
        { name: '', address: 'eve@example.org' },
      ],
      bodySource: 'text',
      flowed: false,
      bareDiff: false,
      decodeWarnings: [],
    });
    expect(m.date?.toISOString()).toBe('2025-10-06T13:23:06.000Z');
    expect(m.subject).toMatchObject({ isReply: true, version: 2, counter: { index: 3, total: 7 }, title: 'hw/foo: bar' });
  });

  it('decodes RFC 2047 words in names and subjects', async () => {
    const m = await parseMail(raw('From: =?UTF-8?q?Philippe=20Mathieu-Daud=C3=A9?= <f4bug@amsat.org>\nSubject: =?UTF-8?q?[PATCH]_caf=C3=A9:_fix?=\n\nx\n'));
    expect(m.from).toEqual({ name: 'Philippe Mathieu-Daudé', address: 'f4bug@amsat.org' });
    expect(m.subject.title).toBe('café: fix');
  });

  it('gives null and empty values for missing headers, and null for a bad date', async () => {
    const m = await parseMail(raw('Subject: lonely\nDate: sometime last week\n\nx\n'));
    expect(m).toMatchObject({ messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], date: null });
    expect(m.decodeWarnings).toEqual(['unparseable Date header: "sometime last week"']);
    expect((await parseMail(raw('Subject: no date\n\nx\n'))).date).toBeNull();
  });

  it('skips an envelope line left in front of the headers', async () => {
    const m = await parseMail(raw(`From 0123abcd Mon Sep 17 00:00:00 2001\n${HEAD}\nbody\n`));
    expect(m.subject.title).toBe('x: y');
    expect(m.from?.address).toBe('ada@example.org');
  });
});

describe('parseMail: body decoding', () => {
  it('keeps trailing spaces and tabs of an 8bit body', async () => {
    expect((await parseMail(mail('+a \n+b\t\n', '8bit'))).body).toBe('+a \n+b\t\n');
  });

  it('keeps =20 and =09 trailing whitespace of a quoted-printable body', async () => {
    const m = await parseMail(mail('+a=20\n+b=09\n+long=\nline\n', 'quoted-printable'));
    expect(m.body).toBe('+a \n+b\t\n+longline\n');
    expect(m.decodeWarnings).toEqual([]);
  });

  it('warns when quoted-printable trailing whitespace was sent unencoded (the decoder drops it)', async () => {
    const m = await parseMail(mail('+a  \n', 'quoted-printable'));
    expect(m.body).toBe('+a\n');
    expect(m.decodeWarnings).toEqual(['quoted-printable text with unencoded trailing whitespace: the decoded body lost it']);
  });

  it('decodes base64', async () => {
    const m = await parseMail(mail(`${Buffer.from('+café \n+tab\t\n').toString('base64')}\n`, 'base64'));
    expect(m.body).toBe('+café \n+tab\t\n');
  });

  it('decodes latin-1, 8bit and quoted-printable', async () => {
    expect((await parseMail(mail('caf\xe9\n', '8bit', 'iso-8859-1'))).body).toBe('café\n');
    expect((await parseMail(mail('caf=E9=20\n', 'quoted-printable', '"ISO-8859-1"'))).body).toBe('café \n');
  });

  it('turns CRLF into LF and keeps trailing whitespace', async () => {
    const crlf = `${HEAD}\nline \nnext\t\n`.replace(/\n/g, '\r\n');
    expect((await parseMail(raw(crlf))).body).toBe('line \nnext\t\n');
  });

  it('warns about an unknown charset', async () => {
    const m = await parseMail(mail('plain ascii\n', '7bit', 'y'));
    expect(m.body).toBe('plain ascii\n');
    expect(m.decodeWarnings).toEqual(['text part: unknown charset "y", decoded as UTF-8']);
  });

  it('warns when 8-bit bytes come without a charset', async () => {
    const m = await parseMail(raw(`${HEAD}\ncaf\xe9\n`));
    expect(m.body).toBe('caf\uFFFD\n');
    expect(m.decodeWarnings).toEqual(['the body has bytes that are not valid in its charset (shown as U+FFFD)']);
  });

  it('warns when there is no text part at all', async () => {
    const m = await parseMail(raw(`${HEAD}Content-Type: text/html\n\n<p>hi</p>\n`));
    expect(m.body).toBe('');
    expect(m.decodeWarnings).toEqual(['no text/plain part (the mail is text/html)']);
  });
});

describe('parseMail: where the patch is', () => {
  it('uses a text/x-patch attachment, decoded with its charset', async () => {
    const m = await parseMail(raw(fixture('attached-patch.eml')));
    expect(m.bodySource).toBe('attachment');
    expect(m.body).toBe(
      'Fix the café case. \n\nSigned-off-by: Carla Example <carla@example.org>\n---\n' +
        'diff --git a/util/cafe.c b/util/cafe.c\n--- a/util/cafe.c\n+++ b/util/cafe.c\n@@ -1 +1 @@\n-old\t\n+new café\n',
    );
    // The flowed label is on the text part, which is not where the patch is.
    expect(m.flowed).toBe(false);
    expect(m.subject.title).toBe('util: fix café handling');
  });

  it('uses an attachment named *.diff, and reads several in order', async () => {
    const m = await parseMail(
      raw(
        `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nSee attached.\n` +
          '--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=one.diff\nContent-Transfer-Encoding: base64\n\n' +
          `${Buffer.from('diff --git a/1 b/1\r\n+one\r\n').toString('base64')}\n` +
          '--b\nContent-Type: text/x-diff; charset=utf-8\nContent-Disposition: inline\n\ndiff --git a/2 b/2\n+two\n--b--\n',
      ),
    );
    expect(m.bodySource).toBe('attachment');
    expect(m.body).toBe('diff --git a/1 b/1\n+one\ndiff --git a/2 b/2\n+two\n');
  });

  it('reads a patch sent as the one application/octet-stream part, as git am does', async () => {
    const m = await parseMail(raw(fixture('octet-stream-patch.eml')));
    expect(m.bodySource).toBe('attachment');
    expect(m.body).toMatch(/^Document the interface type of the new descriptor\.\n\nSigned-off-by: Ada Example <ada@example\.org>\n---\n/);
    expect(m.body).toContain('diff --git a/docs/interop/firmware.json b/docs/interop/firmware.json\n');
  });

  it('reads an attachment of any type that holds a diff, when the text has none', async () => {
    const diff = 'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n';
    const m = await parseMail(
      raw(
        `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nSee attached.\n` +
          `--b\nContent-Type: application/octet-stream; name=fix\nContent-Transfer-Encoding: base64\n\n${Buffer.from(diff).toString('base64')}\n--b--\n`,
      ),
    );
    expect(m).toMatchObject({ bodySource: 'attachment', body: diff });
  });

  it('keeps to the text when it holds the diff, and leaves attachments without one alone', async () => {
    const inText = 'diff --git a/t b/t\n--- a/t\n+++ b/t\n@@ -1 +1 @@\n-a\n+b\n';
    const withOther = await parseMail(
      raw(
        `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n${inText}` +
          `--b\nContent-Type: application/octet-stream\n\ndiff --git a/o b/o\n--b--\n`,
      ),
    );
    expect(withOther).toMatchObject({ bodySource: 'text', body: inText.trimEnd() });
    const binary = await parseMail(
      raw(
        `${HEAD}MIME-Version: 1.0\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${Buffer.from([0, 1, 2, 255]).toString('base64')}\n`,
      ),
    );
    expect(binary).toMatchObject({ bodySource: 'text', body: '' });
  });

  it('leaves other attachments alone', async () => {
    const m = await parseMail(
      raw(
        `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nthe text\n` +
          '--b\nContent-Type: application/pgp-signature; name=signature.asc\n\nsig\n--b--\n',
      ),
    );
    expect(m).toMatchObject({ bodySource: 'text', body: 'the text' });
  });

  it('detects format=flowed on the text part, which mailparser un-flows', async () => {
    const m = await parseMail(raw(fixture('flowed.eml')));
    expect(m.flowed).toBe(true);
    expect(m.body).toContain('soft-wrapped here and continued.');
  });

  it('detects format=flowed inside multipart, and on a flowed attachment', async () => {
    const inPart = await parseMail(
      raw(
        `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="x y"\n\n--x y\n` +
          'Content-Type: text/plain;\n format="Flowed"; charset=utf-8\n\ntext\n--x y\nContent-Type: text/html\n\n<p>text</p>\n--x y--\n',
      ),
    );
    expect(inPart.flowed).toBe(true);
    const attached = await parseMail(
      raw(`${HEAD}Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/x-patch; format=flowed\n\ndiff\n--b--\n`),
    );
    expect(attached).toMatchObject({ flowed: true, bodySource: 'attachment' });
  });

  it('does not take a format=flowed word outside Content-Type for the label', async () => {
    const m = await parseMail(raw(`${HEAD}X-Note: format=flowed\n\nbody\n`));
    expect(m.flowed).toBe(false);
  });
});

describe('parseMail: bare diffs', () => {
  it('builds a headerless mail from a bare diff', async () => {
    const m = await parseMail(raw(fixture('bare.diff'), { bareDiff: true }));
    expect(m).toMatchObject({
      messageId: null,
      inReplyTo: null,
      references: [],
      from: null,
      date: null,
      body: fixture('bare.diff').toString('utf8'),
      bodySource: 'text',
      flowed: false,
      bareDiff: true,
      decodeWarnings: [],
    });
    expect(m.subject).toMatchObject({ raw: '', title: '', isPatch: false });
  });

  it('decodes a latin-1 bare diff and says so; CRLF becomes LF', async () => {
    const m = await parseMail(raw(Buffer.from('+caf\xe9 \r\n', 'latin1'), { bareDiff: true }));
    expect(m.body).toBe('+café \n');
    expect(m.decodeWarnings).toEqual(['bare diff: no charset declared and not valid UTF-8, decoded as latin-1']);
  });
});

describe('parseMail: errors', () => {
  it('throws a MailError that names the input and the message for text that is not a mail', async () => {
    const err = await parseMail(raw('Just some notes.\nNothing else.\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailError);
    expect((err as MailError).message).toBe('test.mbox, message at byte 120: not a mail: it does not start with a header field');
    expect(err).toMatchObject({ source: 'test.mbox', offset: 120, reason: 'not a mail: it does not start with a header field' });
  });

  it('rejects a header block without any mail header', async () => {
    await expect(parseMail(raw('Note: this is a file\n\nwith a colon\n'))).rejects.toThrow('not a mail: no From, To, Subject, Date or Message-ID header');
  });

  it('rejects empty input', async () => {
    await expect(parseMail(raw(''))).rejects.toBeInstanceOf(MailError);
  });

  it('either parses or throws a MailError for any bytes (seeded fuzz)', async () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const base = Buffer.concat([fixture('attached-patch.eml'), fixture('series-1.eml')]);
    const alphabet = Buffer.from('\n\r :;=-"<>[]\t\0\xff\xe9=?B?Q?--b\nContent-Type: multipart/mixed; boundary=b\n', 'latin1');
    for (let round = 0; round < 300; round++) {
      let bytes: Buffer;
      if (round % 3 === 0) {
        bytes = Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256)));
      } else {
        bytes = Buffer.from(base.subarray(0, Math.floor(random() * base.length)));
        for (let k = 0; k < 20; k++) bytes[Math.floor(random() * bytes.length)] = alphabet[Math.floor(random() * alphabet.length)]!;
      }
      const result = await parseMail(raw(bytes)).then(
        () => null,
        (e: unknown) => e,
      );
      if (result !== null) expect(result, `round ${round}`).toBeInstanceOf(MailError);
    }
  }, 20000);

  it('does not hang on deep or wide MIME nesting', async () => {
    let nested = 'text\n';
    for (let i = 0; i < 200; i++) nested = `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n${nested}\n--b${i}--\n`;
    const deep = raw(`${HEAD}${nested}`);
    const wide = raw(`${HEAD}Content-Type: multipart/mixed; boundary=b\n\n${'--b\nContent-Type: text/plain\n\nx\n'.repeat(3000)}--b--\n`);
    expect((await parseMail(deep)).body).toBe('');
    await expect(parseMail(wide)).rejects.toThrow(/test\.mbox, message at byte 120: cannot parse the mail: .*child nodes/);
  }, 20000);
});
