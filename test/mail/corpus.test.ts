/**
 * The mail layer against real archives in ../shared (absent on a user's clone: skipped then).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputs } from '../../src/mail/input.js';
import { MailError, parseMail } from '../../src/mail/parse.js';
import type { Mail, RawMessage, UnreadableInput } from '../../src/mail/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const patchew = path.join(shared, 'corpus/patchew');
const seed = path.join(shared, 'seed');

async function read(paths: string[]): Promise<RawMessage[]> {
  const out: Array<RawMessage | UnreadableInput> = [];
  for await (const m of readInputs(paths)) out.push(m);
  const unreadable = out.filter((m): m is UnreadableInput => 'error' in m);
  expect(unreadable).toEqual([]);
  return out as RawMessage[];
}

/**
 * Messages per file. Verified by hand: `grep -c '^From '` gives the envelope lines (every one
 * sits at the top of the file or after a blank line, and is followed by a header line such as
 * `Delivered-To:` or `Return-Path:`, checked with awk and `grep -A1`); files with none start
 * with a header and hold one mail. `grep -ci '^message-id:'` agrees except in 0004 and 0012,
 * whose two extra Message-ID lines are the protected headers inside multipart/signed parts of
 * Eric Blake's replies (lines 260 and 409), not separate mails.
 */
const PATCHEW_COUNTS: Record<string, number> = {
  '0001-simple-patch.mbox': 1,
  '0002-unusual-cased-tags.mbox': 1,
  '0003-single-patch-reviewed.mbox': 3,
  '0004-multiple-patch-reviewed.mbox': 5,
  '0005-non-utf-8.mbox': 1,
  '0007-invalid-charset.mbox': 1,
  '0008-complex-diffstat.mbox': 1,
  '0009-obsolete-by.mbox': 3,
  '0012-incomplete-series.mbox': 4,
  '0013-foo-patch.mbox': 1,
  '0014-bar-patch.mbox': 1,
  '0015-bar-patch-with-brackets.mbox': 1,
  '0017-qemu-web-is-not-qemu.mbox': 1,
  '0018-mime-word-recipient.mbox': 1,
  '0019-libvirt-python.mbox': 1,
  '0020-libvirt.mbox': 1,
  '0021-mode-only-patch.mbox': 1,
  '0023-multiple-project-patch.mbox': 1,
  '0025-foo-patch-review.mbox': 1,
  '0026-bar-patch-standalone.mbox': 1,
  '0027-foo-patch-based-on.mbox': 1,
  '0028-tags-need-8bit-encoding.mbox': 2,
  '0030-obsolete-by-v3.mbox': 3,
  '0031-supersedes-embedded.mbox': 2,
  '0032-supersedes-separate.mbox': 3,
  '0034-rename-only-patch.mbox': 1,
  '0035-rfc2047-from.mbox': 1,
  '0036-patch-with-no-to-header.mbox': 1,
  '0037-foo-patch-for-git-am.mbox': 1,
};

/** Byte offsets of the envelopes, from `grep -b '^From '`. */
const PATCHEW_OFFSETS: Record<string, number[]> = {
  '0003-single-patch-reviewed.mbox': [0, 4704, 10011],
  '0004-multiple-patch-reviewed.mbox': [0, 7041, 13421, 19001, 31560],
  '0031-supersedes-embedded.mbox': [0, 9998],
  '0032-supersedes-separate.mbox': [0, 7711, 15801],
};

/** The seed thread in date order, as listed in seed/NOTES.md; the .mboxrd holds the same five. */
const SEED_MAILS = [
  'v6-16-19-original.eml',
  'v6-16-19-review-markus-armbruster.eml',
  'v6-16-19-review-markus-followup.eml',
  'v7-16-19-review-addressed.eml',
  'v8-16-19-reworked.eml',
];

describe.skipIf(!existsSync(shared))('corpus: ../shared', () => {
  it('splits every patchew file into the hand-counted number of messages', async () => {
    const files = readdirSync(patchew).filter((f) => f.endsWith('.mbox'));
    expect(files.sort()).toEqual(Object.keys(PATCHEW_COUNTS).sort());
    for (const file of files) {
      const messages = await read([path.join(patchew, file)]);
      expect(messages.length, file).toBe(PATCHEW_COUNTS[file]);
      if (PATCHEW_OFFSETS[file])
        expect(
          messages.map((m) => m.offset),
          file,
        ).toEqual(PATCHEW_OFFSETS[file]);
    }
  });

  it('parses every mail of the corpus and the seed without an error', async () => {
    const messages = await read([patchew, seed]);
    const notMail = ['LICENSE-patchew.txt', 'NOTES.md'];
    for (const m of messages) {
      const name = path.basename(m.source);
      if (notMail.includes(name)) {
        // Non-mail files in the directories are one message each that the parser turns down.
        await expect(parseMail(m), name).rejects.toBeInstanceOf(MailError);
        continue;
      }
      const mail = await parseMail(m);
      expect(mail.from?.address, `${name}@${m.offset}`).toMatch(/@/);
      expect(mail.subject.title, `${name}@${m.offset}`).not.toBe('');
    }
    const mboxMessages = Object.values(PATCHEW_COUNTS).reduce((a, b) => a + b, 0);
    expect(messages.length).toBe(mboxMessages + 1 + 5 + SEED_MAILS.length + 1);
  });

  it('splits the seed mboxrd into the five seed mails, byte for byte', async () => {
    const messages = await read([path.join(seed, 'backend-transfer-thread.mboxrd')]);
    expect(messages).toHaveLength(5);
    expect(messages.map((m) => m.offset)).toEqual([0, 12791, 27996, 37184, 49263]);
    messages.forEach((m, i) => expect(m.bytes.equals(readFileSync(path.join(seed, SEED_MAILS[i]!))), SEED_MAILS[i]).toBe(true));
  });

  it('reads the seed thread: subjects, ids, versions and counters', async () => {
    const mails: Mail[] = [];
    for (const m of await read([path.join(seed, 'backend-transfer-thread.mboxrd')])) mails.push(await parseMail(m));
    const summary = mails.map((m) => ({
      messageId: m.messageId,
      isReply: m.subject.isReply,
      isPatch: m.subject.isPatch,
      version: m.subject.version,
      counter: m.subject.counter,
    }));
    const counter = { index: 16, total: 19 };
    expect(summary).toEqual([
      { messageId: '20250923100110.70862-17-vsementsov@yandex-team.ru', isReply: false, isPatch: true, version: 6, counter },
      { messageId: '87v7kskvut.fsf@pond.sub.org', isReply: true, isPatch: true, version: 6, counter },
      { messageId: '87jz17q6oy.fsf@pond.sub.org', isReply: true, isPatch: true, version: 6, counter },
      { messageId: '20251010173957.166759-17-vsementsov@yandex-team.ru', isReply: false, isPatch: true, version: 7, counter },
      { messageId: '20251015132136.1083972-17-vsementsov@yandex-team.ru', isReply: false, isPatch: true, version: 8, counter },
    ]);
    const [v6, review, followup] = mails;
    expect(v6!.subject.title).toBe('qapi: add interface for backend-transfer virtio-net/tap migration');
    expect(mails[4]!.subject.title).toBe('qapi: introduce backend-transfer migration parameter');
    expect(v6!.from).toEqual({ name: 'Vladimir Sementsov-Ogievskiy', address: 'vsementsov@yandex-team.ru' });
    expect(v6!.inReplyTo).toBe('20250923100110.70862-1-vsementsov@yandex-team.ru');
    expect(v6!.date?.toISOString()).toBe('2025-09-23T10:01:07.000Z');
    // Gnus appends "(… 's message of …)" to In-Reply-To; only the id is kept.
    expect(review!.inReplyTo).toBe('20250923100110.70862-17-vsementsov@yandex-team.ru');
    expect(followup!.inReplyTo).toBe('cea1ebb9-2a14-486b-a016-2378c4b4ffa4@yandex-team.ru');
    expect(review!.from?.name).toBe('Markus Armbruster');
    expect(v6!.body).toMatch(/^diff --git /m);
    expect(v6!.body).toContain('\n-- \n2.48.1\n');
    for (const m of mails) expect(m).toMatchObject({ bodySource: 'text', flowed: false, decodeWarnings: [] });
  });

  it('reads the .eml files as single mails equal to the mboxrd entries', async () => {
    const fromEml = await read(SEED_MAILS.map((f) => path.join(seed, f)));
    expect(fromEml.map((m) => [m.offset, m.bytes.length])).toEqual(SEED_MAILS.map((f) => [0, readFileSync(path.join(seed, f)).length]));
  });

  it('reads the patchew edge cases as they are meant', async () => {
    const one = async (file: string, at = 0): Promise<Mail> => parseMail((await read([path.join(patchew, file)]))[at]!);

    const invalidCharset = await one('0007-invalid-charset.mbox');
    expect(invalidCharset.decodeWarnings).toEqual(['text part: unknown charset "y", decoded as UTF-8']);
    expect(invalidCharset.subject).toMatchObject({
      tags: ['edk2', 'staging/HTTPS-TLS', 'PATCH 1/2'],
      counter: { index: 1, total: 2 },
      title: 'Readme.MD: Clarify the feature support scope',
    });

    const latin1 = await one('0005-non-utf-8.mbox');
    expect(latin1.decodeWarnings).toEqual([]);
    expect(latin1.body).not.toContain('\uFFFD');
    expect(latin1.subject).toMatchObject({ isReply: true, version: 5, counter: { index: 11, total: 13 } });

    expect((await one('0017-qemu-web-is-not-qemu.mbox')).subject).toMatchObject({ isPatch: true, extraPrefixes: ['qemu-web'] });
    expect((await one('0018-mime-word-recipient.mbox')).from).toEqual({ name: 'Philippe Mathieu-Daudé', address: 'f4bug@amsat.org' });
    expect((await one('0018-mime-word-recipient.mbox')).subject).toMatchObject({ resend: true, isPatch: true });
    expect((await one('0019-libvirt-python.mbox')).subject).toMatchObject({
      extraPrefixes: ['python'],
      title: 'event-test.py: Remove extra ( in --help output',
    });
    expect((await one('0020-libvirt.mbox')).subject).toMatchObject({ version: 2, title: 'vcpupin: add clear feature' });
    expect((await one('0031-supersedes-embedded.mbox', 1)).subject).toMatchObject({ pull: true, isPatch: false, counter: { index: 0, total: 29 } });
    expect((await one('0035-rfc2047-from.mbox')).from?.address).toBe('AIERPATIJIANG1@kingsoft.com');

    const gitAm = await one('0037-foo-patch-for-git-am.mbox');
    expect(gitAm).toMatchObject({ messageId: null, subject: { title: 'quorum: Only compile when supported' } });

    const signedReply = await one('0004-multiple-patch-reviewed.mbox', 1);
    expect(signedReply).toMatchObject({ messageId: '5792265A.5070507@redhat.com', inReplyTo: '1469192015-16487-1-git-send-email-berrange@redhat.com' });
    expect(signedReply.body).toContain('This is a followup to:');
  });
});
