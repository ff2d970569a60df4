/**
 * The benchmark corpus generator: deterministic, and every mail it writes reads back (through
 * the real parser) as the text it meant to send. No timing here: the figures are `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { passMails, writeCorpus, type GeneratedMail } from '../../src/bench/corpus.js';
import { encodeQuotedPrintable, foldHeader, mboxrdEntry } from '../../src/bench/mail-writer.js';
import { splitLargeDiffs, summaryLine } from '../../src/bench/patch-body.js';
import type { QemuFileDiff } from '../../src/bench/qemu-diffs.js';
import { parseMail } from '../../src/mail/parse.js';
import { readInputs } from '../../src/mail/input.js';
import { readPatch } from '../../src/patch/read-patch.js';
import { tempDir } from '../support/temp.js';

/** Diffs shaped like QEMU's, with the non-ASCII and `From ` lines that make encodings matter. */
function diffs(count = 40): QemuFileDiff[] {
  return Array.from({ length: count }, (_v, i) => {
    const path = ['qapi/block-core.json', 'hw/net/e1000.c', 'include/hw/qdev-core.h', 'migration/ram.c', 'docs/about/deprecated.rst'][i % 5]!;
    const hunks = Array.from({ length: 1 + (i % 3) }, (_h, h) => {
      const at = 10 + h * 40;
      return [
        `@@ -${at},4 +${at},5 @@ static void fn_${i}_${h}(void)`,
        ' a',
        `-old ${i}`,
        `+new ${i} \u00e9t\u00e9  `,
        `+From a body line ${h}`,
        ' b',
        ' c',
      ].join('\n');
    });
    const text = [`diff --git a/${path} b/${path}`, 'index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`, ...hunks, ''].join('\n');
    return { path, text, added: 2 * hunks.length, removed: hunks.length };
  });
}

function firstPass(seed: number): GeneratedMail[] {
  return [...passMails(diffs(), seed, 0)];
}

describe('benchmark corpus generator', () => {
  it('is deterministic: one seed, one corpus; another seed, another corpus', () => {
    const a = firstPass(1).map((m) => m.bytes.toString('base64'));
    expect(firstPass(1).map((m) => m.bytes.toString('base64'))).toEqual(a);
    expect(firstPass(2).map((m) => m.bytes.toString('base64'))).not.toEqual(a);
  });

  it('writes mails that parse back to the subject and text they were made from', async () => {
    const mails = [0, 1, 2, 3].flatMap((pass) => [...passMails(diffs(), 5, pass)]);
    expect(new Set(mails.map((m) => m.form)).size).toBeGreaterThanOrEqual(6);
    for (const [index, m] of mails.entries()) {
      const mail = await parseMail({ index, source: 'gen', offset: 0, bytes: m.bytes });
      expect(mail.subject.raw, m.form).toBe(m.subject);
      expect(mail.decodeWarnings, m.form).toEqual([]);
      // A flowed body is re-joined by the reader: that is what format=flowed means.
      if (m.form !== 'flowed') expect(mail.body, m.form).toBe(m.body);
      expect(mail.flowed).toBe(m.form === 'flowed');
      if (m.kind === 'patch') {
        expect(mail.subject.isPatch).toBe(true);
        const patch = readPatch(mail);
        expect(patch.files.length).toBeGreaterThan(0);
        expect(patch.files.flatMap((f) => f.hunks).every((h) => h.corrupt === null)).toBe(true);
      }
      if (m.kind === 'cover') expect(mail.subject.counter?.index).toBe(0);
      if (m.kind === 'reply') expect(mail.subject.isReply).toBe(true);
    }
  });

  it('writes an mboxrd file that splits back into the mails, `From ` lines and all', async () => {
    const dir = tempDir('qemu-review-corpus-test-');
    try {
      const path = join(dir, 'c.mbox');
      const stats = await writeCorpus(diffs(), path, 200_000, 3);
      expect(stats.bytes).toBeGreaterThanOrEqual(200_000);
      const expected = [...passMails(diffs(), 3, 0), ...passMails(diffs(), 3, 1), ...passMails(diffs(), 3, 2)].slice(0, stats.mails);
      const split: Buffer[] = [];
      for await (const m of readInputs([path])) if ('bytes' in m) split.push(m.bytes);
      expect(split).toHaveLength(stats.mails);
      split.forEach((bytes, i) => expect(bytes.equals(expected[i]!.bytes)).toBe(true));
      expect(stats.byKind.patch + stats.byKind.cover + stats.byKind.reply).toBe(stats.mails);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('escapes `From ` lines at any quoting depth in mboxrd entries', () => {
    const entry = mboxrdEntry(Buffer.from('Subject: x\n\nFrom a\n>From b\nFromage\n')).toString();
    expect(entry).toBe('From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: x\n\n>From a\n>>From b\nFromage\n\n');
  });

  it('cuts large diffs between hunks, keeping every hunk once', () => {
    const big = diffs(5).map((d) => ({ ...d, text: d.text.repeat(1) }));
    const pieces = splitLargeDiffs(big, 200);
    for (const d of big) {
      const hunks = (text: string) => text.split('\n').filter((l) => l.startsWith('@@ '));
      expect(pieces.filter((p) => p.path === d.path).flatMap((p) => hunks(p.text))).toEqual(hunks(d.text));
    }
    expect(summaryLine(pieces.slice(0, 2))).toMatch(/^ \d+ files? changed, \d+ insertions?\(\+\)/);
  });

  it('keeps quoted-printable lines within 76 columns and header lines within 78 where they can be', () => {
    const qp = encodeQuotedPrintable(Buffer.from(`${'caf\u00e9 '.repeat(40)}\ntrailing space \n`, 'utf8'));
    for (const line of qp.split('\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(qp).toContain('=20\n');
    const folded = foldHeader('Cc', Array.from({ length: 12 }, (_v, i) => `Person ${i} <p${i}@example.org>`).join(', '));
    for (const line of folded.split('\n')) expect(line.length).toBeLessThanOrEqual(78);
  });
});
