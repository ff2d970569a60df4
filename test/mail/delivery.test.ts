/**
 * Which mails went through the list: their Date is when the list saw them.
 * A local patch file's Date is only the author date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { wentThroughList } from '../../src/mail/delivery.js';
import { readInputs } from '../../src/mail/input.js';
import { parseMail } from '../../src/mail/parse.js';
import type { Mail } from '../../src/mail/types.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const FORMAT_PATCH = 'From 2ecb4d63a48b9affde1ab5b13c12d7907e3a1df5 Mon Sep 17 00:00:00 2001';

/** A patch mail's headers and a small diff, as `git format-patch` writes them. */
const mailText = (headers: string[]) =>
  [
    ...headers,
    'From: Ada Example <ada@example.org>',
    'Date: Mon, 2 Mar 2026 10:00:00 +0100',
    'Subject: [PATCH] qapi: a thing',
    '',
    'Text.',
    '',
    'Signed-off-by: Ada Example <ada@example.org>',
    '---',
    'diff --git a/x b/x',
    '--- a/x',
    '+++ b/x',
    '@@ -1 +1 @@',
    '-a',
    '+b',
    '',
  ].join('\n');

async function mailsOf(paths: string[], stdin?: string): Promise<Mail[]> {
  const mails: Mail[] = [];
  const options = stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) };
  for await (const raw of readInputs(paths, options)) {
    if ('error' in raw) throw new Error(raw.error);
    mails.push(await parseMail(raw));
  }
  return mails;
}

async function deliveredOf(name: string, text: string): Promise<boolean | undefined> {
  const file = join(tempDir('qemu-review-delivery-'), name);
  writeFileSync(file, text);
  const [mail] = await mailsOf([file]);
  return mail!.delivered;
}

describe('wentThroughList', () => {
  it("a list's or a mail server's headers tell", () => {
    expect(wentThroughList(['from', 'list-id'], undefined)).toBe(true);
    expect(wentThroughList(['archived-at'], undefined)).toBe(true);
    expect(wentThroughList(['received', 'from'], undefined)).toBe(true);
    expect(wentThroughList(['from', 'date', 'subject', 'to', 'cc', 'message-id'], undefined)).toBe(false);
  });

  it("git format-patch's envelope means a local file, whatever headers were typed into it", () => {
    expect(wentThroughList(['received', 'list-id'], FORMAT_PATCH)).toBe(false);
  });

  it('lore and b4 mbox envelopes mean the list archive, even with the list headers dropped', () => {
    expect(wentThroughList(['from', 'date', 'subject'], 'From mboxrd@z Thu Jan  1 00:00:00 1970')).toBe(true);
    expect(wentThroughList(['from', 'date', 'subject'], 'From git@z Thu Jan  1 00:00:00 1970')).toBe(true);
    expect(wentThroughList(['from', 'date', 'subject'], 'From someone Thu Jan  1 00:00:00 1970')).toBe(false);
  });
});

describe('parseMail: delivered', () => {
  it('a git format-patch file (the README example) is local', async () => {
    const [mail] = await mailsOf([join(repoRoot, 'fixtures', 'example.patch')]);
    expect(mail!.delivered).toBe(false);
  });

  it('a b4 prep --check run (headers only, on standard input) is local', async () => {
    const [mail] = await mailsOf(['-'], mailText(['To: qemu-devel@nongnu.org']));
    expect(mail!.delivered).toBe(false);
  });

  it('a mail with the list headers, a lore or b4 download are posted', async () => {
    expect(await deliveredOf('list.eml', mailText(['List-Id: <qemu-devel.nongnu.org>']))).toBe(true);
    expect(await deliveredOf('t.mbox', `From mboxrd@z Thu Jan  1 00:00:00 1970\n${mailText([])}`)).toBe(true);
    expect(await deliveredOf('am.mbx', `From git@z Thu Jan  1 00:00:00 1970\n${mailText([])}`)).toBe(true);
    expect(await deliveredOf('0001-a.patch', `${FORMAT_PATCH}\n${mailText([])}`)).toBe(false);
  });

  it('a bare diff is local', async () => {
    expect(await deliveredOf('x.diff', 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n')).toBe(false);
  });

  it('a commit handed over whole (the Action): its envelope read, its committer date kept', async () => {
    const bytes = Buffer.from(`${FORMAT_PATCH}\n${mailText([])}`);
    const mail = await parseMail({ index: 0, source: 'commit 2ecb4d6', offset: 0, bytes, committed: '2026-11-02T08:30:00Z' });
    expect(mail.delivered).toBe(false);
    expect(mail.committed).toEqual(new Date('2026-11-02T08:30:00Z'));
    expect(mail.date).toEqual(new Date('2026-03-02T09:00:00Z'));
  });

  it.skipIf(!hasShared)('the seed thread and the patchew corpus went through the list', async () => {
    expect((await mailsOf([shared('seed', 'v6-16-19-original.eml')]))[0]!.delivered).toBe(true);
    expect((await mailsOf([shared('seed', 'backend-transfer-thread.mboxrd')])).map((m) => m.delivered)).toEqual([true, true, true, true, true]);
    const corpus = await mailsOf([shared('corpus', 'patchew', '0001-simple-patch.mbox')]);
    expect(corpus.length).toBeGreaterThan(0);
    expect(corpus.every((m) => m.delivered)).toBe(true);
    expect(readFileSync(shared('seed', 'v6-16-19-original.eml'), 'latin1')).toMatch(/^List-Id: /m);
  });
});
