/** A patch kept only as its place in a series (check mode's window of earlier versions). */
import { describe, expect, it } from 'vitest';
import { ghostOf, isGhost } from '../../src/series/ghost.js';
import { groupPostings, pairUp } from '../../src/series/versions.js';
import { hunkDiff } from '../support/patches.js';
import { patchBody, postedOf, type MailSpec } from '../support/series-mails.js';

const words = ['timer_arm', 'timer_fire', 'timer_stop', 'timer_wrap'];
const diff = hunkDiff('hw/timer.c', [{ start: 10, lines: [' #include "qemu/osdep.h"', ...words.map((w) => `+static void ${w}_init(void) { ${w}(); }`), ' '] }]);
const lone = (id: string, version: number, title: string, body: string): MailSpec => ({
  id,
  subject: `[PATCH${version > 1 ? ` v${version}` : ''}] ${title}`,
  body,
});

describe('ghost patches', () => {
  it('keep subject, ids and the tags above the diff, and nothing of the diff', async () => {
    const [posted] = await postedOf([lone('g1@x', 1, 'hw/timer: fix wrap', patchBody('Fix it.\n\nchange-id: 20251001-wrap-aaaa', diff))]);
    const ghost = ghostOf(posted!.patch!);
    expect(isGhost(ghost)).toBe(true);
    expect(isGhost(posted!.patch!)).toBe(false);
    expect(ghost.files).toEqual([]);
    expect(ghost.mail.subject).toEqual(posted!.mail.subject);
    expect(ghost.mail.messageId).toBe('g1@x');
    expect(ghost.mail.body).toContain('change-id: 20251001-wrap-aaaa');
    expect(ghost.mail.body).not.toContain('diff --git');
    // The original is left whole: reporters still quote it.
    expect(posted!.mail.body).toContain('diff --git');
    expect(groupPostings([{ mail: ghost.mail, patch: ghost }])[0]!.tags.changeId).toBe('20251001-wrap-aaaa');
  });

  it("reads neither To nor Cc of the patch's mail, parsed only when first read, and keeps its keys in order", async () => {
    const [posted] = await postedOf([lone('g2@x', 1, 'hw/timer: fix wrap', patchBody('Fix it.', diff))]);
    const mail = posted!.patch!.mail;
    const deferred = (key: 'to' | 'cc') => Object.getOwnPropertyDescriptor(mail, key)?.get !== undefined;
    expect([deferred('to'), deferred('cc')]).toEqual([true, true]);
    const ghost = ghostOf(posted!.patch!);
    expect([deferred('to'), deferred('cc')]).toEqual([true, true]);
    expect([ghost.mail.to, ghost.mail.cc]).toEqual([[], []]);
    expect(Object.keys(ghost.mail)).toEqual(Object.keys(mail));
  });

  it('a respin is not paired by diff likeness while a ghost holds a place in the old version', async () => {
    const posted = await postedOf([
      lone('a1@x', 1, 'hw/timer: fix wrap', patchBody('Fix.', diff)),
      lone('a2@x', 2, 'hw/timer: rework wrap', patchBody('Rework.', diff)),
    ]);
    const [from, to] = groupPostings(posted);
    expect(pairUp(from!, to!, 'patch subjects').pairs.map((p) => p.by)).toEqual(['diff similarity']);
    const ghostly = { ...from!, patches: from!.patches.map((p) => ({ ...p, patch: ghostOf(p.patch) })) };
    const link = pairUp(ghostly, to!, 'patch subjects');
    expect(link.pairs).toEqual([]);
    expect(link.dropped).toHaveLength(1);
    expect(link.added).toHaveLength(1);
  });
});
