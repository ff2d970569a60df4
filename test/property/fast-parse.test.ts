/**
 * The fast path of the mail parser gives the very Mail the full path (mailparser) gives, every
 * field deep-equal: on every real mail of ../shared, on the project's fixtures, on a generated
 * archive of every body form, and on random mails built to hit its edges.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fastParse } from '../../src/mail/fast-parse.js';
import { parseWith } from '../../src/fuzz/parse-both-ways.js';
import { readInputs } from '../../src/mail/input.js';
import type { RawMessage } from '../../src/mail/types.js';
import { passMails } from '../../src/bench/corpus.js';
import type { QemuFileDiff } from '../../src/bench/qemu-diffs.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';

/** Parses both ways; returns whether the fast path took the mail. */
async function expectSame(raw: RawMessage): Promise<boolean> {
  const fast = await parseWith(raw, true);
  const full = await parseWith(raw, false);
  if (!isDeepStrictEqual(fast, full)) {
    // toEqual's diff names the field; isDeepStrictEqual also compares what toEqual lets pass.
    expect(fast, `${raw.source} at ${raw.offset}`).toEqual(full);
    expect.fail(`${raw.source} at ${raw.offset}: the two paths differ in a way toEqual does not show`);
  }
  return !raw.bareDiff && fastParse(raw.bytes) !== null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

async function allMessages(paths: string[]): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const m of readInputs(paths)) if (!('error' in m)) out.push(m);
  return out;
}

/** Small diffs in QEMU's shape, for a generated archive that needs nothing outside the repo. */
function syntheticDiffs(): QemuFileDiff[] {
  const diffs: QemuFileDiff[] = [];
  for (let i = 0; i < 60; i++) {
    const path = ['qapi/migration.json', 'hw/net/virtio-net.c', 'include/qemu/osdep.h', 'docs/devel/qapi-code-gen.rst'][i % 4]!;
    const doc =
      i % 4 === 0
        ? ['+##', `+# @knob-${i}: Turn the knob.  Since 10.${i % 3}`, '+##']
        : [`+static int helper_${i}(void)`, '+{', `+    return ${i}; /* caf\u00e9 \u2192 ok */`, '+}'];
    const text = [
      `diff --git a/${path} b/${path}`,
      'index 1111111..2222222 100644',
      `--- a/${path}`,
      `+++ b/${path}`,
      `@@ -${10 + i},3 +${10 + i},${3 + doc.length} @@ static void f(void)`,
      ' context',
      ...doc,
      ' more',
      '-- removed, looks like a signature',
      '',
    ].join('\n');
    diffs.push({ path, text: text.replace('-- removed', '- removed'), added: doc.length, removed: 1 });
  }
  return diffs;
}

describe('fast mail parser: identical to mailparser', () => {
  it.skipIf(!hasShared)('on every mail of ../shared/corpus and ../shared/seed', async () => {
    const mails = await allMessages([...filesUnder(shared('corpus', 'patchew')), ...filesUnder(shared('seed')).filter((p) => !p.endsWith('.md'))]);
    expect(mails.length).toBeGreaterThan(30);
    let fast = 0;
    for (const raw of mails) if (await expectSame(raw)) fast++;
    // Most real mails are single text parts: the fast path must take them, or it proves nothing.
    expect(fast / mails.length).toBeGreaterThan(0.5);
  });

  it("on the project's own fixtures", async () => {
    const mails = await allMessages([join(repoRoot, 'fixtures', 'mail'), join(repoRoot, 'fixtures', 'email'), join(repoRoot, 'fixtures', 'example.patch')]);
    expect(mails.length).toBeGreaterThan(5);
    for (const raw of mails) await expectSame(raw);
  });

  it('on a generated archive: every transfer encoding, latin-1, flowed and multipart replies', async () => {
    const forms = new Set<string>();
    let fast = 0;
    let count = 0;
    for (let pass = 0; pass < 6; pass++) {
      for (const m of passMails(syntheticDiffs(), 7, pass)) {
        forms.add(m.form);
        if (await expectSame({ index: count, source: 'generated', offset: count, bytes: m.bytes })) fast++;
        count++;
      }
    }
    expect(forms.size).toBeGreaterThanOrEqual(6);
    expect(fast / count).toBeGreaterThan(0.8);
  });
});

/** Random mails aimed at the fast path's edges: header forms, charsets, encodings, odd bodies. */
const headerValueText = fc.oneof(
  fc.constantFrom(
    'Plain Name',
    'J\u00f6rg M\u00fcller',
    '=?UTF-8?q?J=C3=B6rg?= M',
    '=?ISO-8859-1?Q?Zo=EB?=',
    '=?utf-8?B?6ZmI5Lyf?=',
    '"Quoted, Name"',
    '(comment) Name',
    'Name\u00e9 raw',
    '=?x-unknown?q?abc?=',
    '=?UTF-8?q?broken',
  ),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
);

const address = fc
  .tuple(headerValueText, fc.constantFrom('a@b.c', 'x.y@example.org', 'bad@', '<odd>', 'group: a@b, c@d;', 'n@xn--mnchen-3ya.de'))
  .map(([name, addr]) => (addr.includes(':') || addr.startsWith('<') ? addr : `${name} <${addr}>`));

const contentType = fc.constantFrom(
  null,
  'text/plain',
  'text/plain; charset=UTF-8',
  'text/plain; charset="utf-8"',
  'TEXT/PLAIN; CHARSET=US-ASCII',
  'text/plain; charset=ISO-8859-1',
  'text/plain; charset=iso-8859-15',
  'text/plain; charset=windows-1252',
  'text/plain; charset=latin1',
  'text/plain; charset=koi8-r',
  'text/plain; charset=y',
  'text/plain; charset=utf-8; format=flowed',
  'text/plain; charset=utf-8; format=flowed; delsp=yes',
  'text/plain; charset=utf-8 (comment)',
  'text/plain;\r\n charset=utf-8',
  'text/plain; name="x.patch"',
  'text/x-patch',
  'text/html',
  'multipart/mixed; boundary=b',
  '',
  'text/plain; charset=',
  "text/plain; charset*=utf-8''x",
);

const transferEncoding = fc.constantFrom(
  null,
  '7bit',
  '8bit',
  'binary',
  'quoted-printable',
  'Quoted-Printable',
  'base64',
  'BASE64',
  '"base64"',
  'x-uuencode',
  '',
);

const disposition = fc.constantFrom(null, null, null, 'inline', 'attachment; filename=a.patch', 'inline; filename=x.diff', 'weird');

/** Body bytes: text with the characters transfer encodings care about, or raw noise. */
const bodyText = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        'diff --git a/x b/x',
        '+added line  ',
        '-removed\t',
        ' context',
        '=3D=20soft=',
        'caf\u00e9',
        '\u2192 arrow',
        '',
        'From here',
        '-- ',
        'QUFB',
        'Zm9v\r',
        '====',
        '=\r',
      ),
      { maxLength: 15 },
    )
    .map((lines) => lines.join('\n')),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const randomMail = fc
  .record({
    from: address,
    to: fc.array(address, { maxLength: 3 }),
    cc: fc.option(fc.array(address, { maxLength: 3 }), { nil: null }),
    repeatTo: fc.boolean(),
    subject: fc.option(headerValueText, { nil: null }),
    contentType,
    transferEncoding,
    disposition,
    body: bodyText,
    encodeBody: fc.constantFrom('raw', 'base64', 'qp-ish'),
    crlf: fc.boolean(),
    fold: fc.boolean(),
    latin1Body: fc.boolean(),
  })
  .map((m) => {
    const eol = m.crlf ? '\r\n' : '\n';
    const fold = (v: string): string => (m.fold ? v.replace(/, /g, `,${eol} `) : v);
    const head: string[] = [`From: ${m.from}`];
    if (m.to.length > 0) head.push(`To: ${fold(m.to.join(', '))}`);
    if (m.repeatTo && m.to.length > 0) head.push(`To: ${m.to[0]}`);
    if (m.cc) head.push(`Cc: ${fold(m.cc.join(', '))}`);
    if (m.subject !== null) head.push(`Subject: ${m.subject}`);
    head.push('Message-ID: <id@x>', 'Date: Tue, 23 Sep 2025 13:01:07 +0300');
    if (m.contentType !== null) head.push(`Content-Type: ${m.contentType}`);
    if (m.transferEncoding !== null) head.push(`Content-Transfer-Encoding: ${m.transferEncoding}`);
    if (m.disposition !== null) head.push(`Content-Disposition: ${m.disposition}`);
    const bytes = Buffer.from(m.body, m.latin1Body ? 'latin1' : 'utf8');
    let body: Buffer;
    if (m.encodeBody === 'base64') body = Buffer.from(bytes.toString('base64').replace(/(.{76})/g, `$1${eol}`), 'latin1');
    else if (m.encodeBody === 'qp-ish')
      body = Buffer.from(
        bytes.toString('latin1').replace(/[\x80-\xff=]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`),
        'latin1',
      );
    else body = bytes;
    // Header values go out as UTF-8: raw 8-bit headers happen, and both paths must agree on them.
    return Buffer.concat([Buffer.from(head.join(eol) + eol + eol, 'utf8'), body]);
  });

describe('fast mail parser: identical to mailparser on random mails (property)', () => {
  it('gives the same Mail (or the same error) as the full parser', async () => {
    let fast = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(randomMail, async (bytes) => {
        runs++;
        if (await expectSame({ index: 0, source: 'random', offset: 0, bytes })) fast++;
      }),
      { numRuns: 300 },
    );
    // The generator is aimed at the fast path: a good share must go through it.
    expect(fast / runs).toBeGreaterThan(0.25);
  });

  it('is not taken for what it does not handle: multipart, attachments, unknown charsets', () => {
    const mail = (head: string, body = 'x\n'): Buffer => Buffer.from(`From: a@b\nSubject: s\n${head}\n\n${body}`);
    expect(fastParse(mail('Content-Type: multipart/mixed; boundary=b'))).toBeNull();
    expect(fastParse(mail('Content-Type: text/x-patch'))).toBeNull();
    expect(fastParse(mail('Content-Disposition: attachment; filename=a.patch'))).toBeNull();
    expect(fastParse(mail('Content-Type: text/plain; charset=koi8-r'))).toBeNull();
    expect(fastParse(mail('Content-Transfer-Encoding: base64', 'QUFB=QUFB\n'))).toBeNull();
    expect(fastParse(Buffer.from('From: a@b\nSubject: no blank line after the headers'))).toBeNull();
    expect(fastParse(mail('Content-Type: text/plain; charset=utf-8'))).not.toBeNull();
  });
});
