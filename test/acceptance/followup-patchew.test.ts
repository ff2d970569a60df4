/**
 * Versions and reviews in real qemu-devel mails (patchew's test corpus in
 * ../shared/corpus/patchew).  The expected values were written down by
 * reading the mails, not by running the tool:
 * - 0009: "[PATCH] quorum: Only compile when supported" sent as v1, v2 and
 *   v3, the same diff each time; 0025 is a reply to v1 holding only a
 *   top-posted Reviewed-by, quoting nothing.
 * - 0032: v5 "blockdev: avoid acquiring AioContext lock twice at ..." was
 *   renamed in v6 "blockdev: Fix AioContext handling for various blockdev
 *   actions"; Kevin Wolf's reply to the v6 cover letter says
 *   "Supersedes: <20191128104129.250206-1-slp@redhat.com>" (v5's cover).
 * - 0031: "[PULL 00/29] Migration pull patches (second try)" says
 *   "Supersedes:" of "[PULL 00/28] Migration pull patches", same version.
 * - 0003: Aurelien Jarno reviews the one-line change of
 *   hw/mips/mips_malta.c (new line 730) below the whole quoted hunk; Leon
 *   Alrae's "Applied" quotes only the commit message and diffstat.
 */
import { describe, expect, it } from 'vitest';
import { followUp } from '../../src/followup/followup.js';
import { readReviewComments } from '../../src/followup/review-comments.js';
import { readInputs } from '../../src/mail/input.js';
import { parseMail } from '../../src/mail/parse.js';
import type { Mail, RawMessage } from '../../src/mail/types.js';
import { readPatch } from '../../src/patch/read-patch.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import { groupPostings, linkVersions } from '../../src/series/versions.js';
import { rules } from '../../rules/index.js';
import { hasShared, shared } from '../support/shared.js';

const corpus = (name: string) => shared('corpus', 'patchew', name);

async function results(...names: string[]): Promise<MessageResult[]> {
  const out: MessageResult[] = [];
  for await (const r of reviewMessages(readInputs(names.map(corpus), { escape: 'mboxrd' }), rules)) out.push(r);
  return out;
}

async function mails(...names: string[]): Promise<Mail[]> {
  const out: Mail[] = [];
  for await (const raw of readInputs(names.map(corpus), { escape: 'mboxrd' })) out.push(await parseMail(raw as RawMessage));
  return out;
}

const posted = (list: Mail[]) => list.map((mail) => ({ mail, patch: mail.subject.isReply || mail.subject.counter?.index === 0 ? null : readPatch(mail) }));

describe.skipIf(!hasShared)('followup on real qemu-devel mails', () => {
  it('quorum v1 -> v2 -> v3: the same patch by its subject, nothing changed, a top-posted tag is no review comment', async () => {
    const report = followUp(await results('0009-obsolete-by.mbox', '0025-foo-patch-review.mbox'));
    expect(report.followups.map((f) => [f.from.version, f.to.version, f.patchMatchedBy, f.seriesLinkedBy, f.commitMessage])).toEqual([
      [1, 2, 'subject', 'patch subjects', 'unchanged'],
      [2, 3, 'subject', 'patch subjects', 'unchanged'],
    ]);
    for (const f of report.followups) {
      expect(f.findings).toEqual([]);
      expect(f.reviewComments).toEqual([]);
      expect(f.unanchoredComments).toBe(0);
      expect(f.similarity).toBe(1);
    }
    expect(report.followups[0]!.from.messageId).toBe('20160628014747.20971-1-famz@redhat.com');
    expect(report.unmatched.map((u) => [u.version.version, u.why])).toEqual([[1, 'no earlier version in the input']]);
  }, 30_000);

  it('a renamed series: v6 follows v5 through the Supersedes: a maintainer wrote in reply to its cover letter', async () => {
    const { links, first } = linkVersions(groupPostings(posted(await mails('0032-supersedes-separate.mbox'))));
    expect(links.map((l) => [l.from.version, l.to.version, l.by, l.from.cover?.messageId, l.to.cover?.messageId])).toEqual([
      [5, 6, 'supersedes', '20191128104129.250206-1-slp@redhat.com', '20200108143138.129909-1-slp@redhat.com'],
    ]);
    expect(first.map((p) => p.version)).toEqual([5]);
  });

  it('a pull request sent again under the same version follows the one it supersedes', async () => {
    const { links } = linkVersions(groupPostings(posted(await mails('0031-supersedes-embedded.mbox'))));
    expect(links.map((l) => [l.by, l.from.cover?.messageId, l.to.cover?.messageId])).toEqual([
      ['supersedes', '20200110173215.3865-1-quintela@redhat.com', '20200114092606.1761-1-quintela@redhat.com'],
    ]);
  });

  it('unrelated patches are never taken for versions of each other', async () => {
    const { links } = linkVersions(
      groupPostings(
        posted(
          await mails(
            '0003-single-patch-reviewed.mbox',
            '0008-complex-diffstat.mbox',
            '0028-tags-need-8bit-encoding.mbox',
            '0035-rfc2047-from.mbox',
            '0020-libvirt.mbox',
          ),
        ),
      ),
    );
    expect(links).toEqual([]);
  });

  it("a real review: the comment under a whole quoted hunk is on its change; an answer to the commit message's diffstat is on nothing", async () => {
    const [patchMail, review, applied] = await mails('0003-single-patch-reviewed.mbox');
    const patch = readPatch(patchMail!);
    const aurelien = readReviewComments(review!.body, patch);
    expect(aurelien.comments.map((c) => [c.file, c.line, c.text.split('\n')[0]])).toEqual([
      ['hw/mips/mips_malta.c', 730, 'This looks fine. The switch from jump to branch is questionable given'],
    ]);
    expect(readReviewComments(applied!.body, patch)).toEqual({ comments: [], unanchored: 1 });
  });
});
