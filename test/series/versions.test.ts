/** Which posting is the next version of which, and which patch of one version is which patch of the next. */
import { describe, expect, it } from 'vitest';
import { parseSubject } from '../../src/mail/subject.js';
import { readSeriesTags, topicOf } from '../../src/series/identity.js';
import { groupPostings, linkVersions } from '../../src/series/versions.js';
import { hunkDiff } from '../support/patches.js';
import { patchBody, postedOf, type MailSpec } from '../support/series-mails.js';

/** A patch to hw/<file>.c adding a function made of `words`. */
function change(file: string, words: string[]): string {
  return hunkDiff(`hw/${file}.c`, [
    { start: 10, lines: [' #include "qemu/osdep.h"', ...words.map((w) => `+static void ${w}_init(DeviceState *dev) { ${w}_reset(dev); }`), ' '] },
  ]);
}

const WORDS = {
  timer: ['timer_arm', 'timer_fire', 'timer_stop', 'timer_wrap'],
  uart: ['uart_fifo', 'uart_baud', 'uart_irq', 'uart_break'],
  dma: ['dma_chan', 'dma_burst', 'dma_halt', 'dma_ring'],
};

function series(
  version: number,
  tag: string,
  patches: Array<{ title: string; file: string; words: string[] }>,
  cover?: { title: string; text?: string; inReplyTo?: string },
): MailSpec[] {
  const v = version > 1 ? ` v${version}` : '';
  const n = patches.length;
  const root = cover ? `${tag}-0@example.org` : `${tag}-1@example.org`;
  const out: MailSpec[] = [];
  if (cover) {
    out.push({
      id: root,
      subject: `[PATCH${v} 0/${n}] ${cover.title}`,
      body: `${cover.text ?? 'A series.'}\n\nAda Author (1):\n  something\n`,
      ...(cover.inReplyTo ? { inReplyTo: cover.inReplyTo, references: [cover.inReplyTo] } : {}),
    });
  }
  patches.forEach((p, i) => {
    const id = `${tag}-${i + 1}@example.org`;
    const threaded = id !== root;
    out.push({
      id,
      subject: `[PATCH${v} ${i + 1}/${n}] ${p.title}`,
      body: patchBody(`${p.title}\n\nThe change.`, change(p.file, p.words)),
      ...(threaded ? { inReplyTo: root, references: [...(cover?.inReplyTo ? [cover.inReplyTo] : []), root] } : {}),
    });
  });
  return out;
}

async function link(specs: MailSpec[]) {
  return linkVersions(groupPostings(await postedOf(specs)));
}

describe('series identity', () => {
  it('the topic is the subject without tags, reply markers, case or extra spaces', () => {
    expect(topicOf(parseSubject('Re: [Qemu-devel] [PATCH v3 2/5]  hw/timer:   Fix  wrap'))).toBe('hw/timer: fix wrap');
    expect(topicOf(parseSubject('[RFC PATCH-for-10.2 v2] hw/timer: fix wrap'))).toBe('hw/timer: fix wrap');
  });

  it('reads Supersedes:, Based-on: and change-id: before the first diff only', () => {
    const tags = readSeriesTags(
      'Cover text.\n\nSupersedes: <old-0@example.org>\nBased-on: <dep@example.org> <dep2@example.org>\n\n---\nchange-id: 20251001-timer-wrap-0123456789ab\n' +
        'diff --git a/x b/x\n+Supersedes: <not-this@example.org>\n',
    );
    expect(tags).toEqual({ supersedes: ['old-0@example.org'], basedOn: ['dep@example.org', 'dep2@example.org'], changeId: '20251001-timer-wrap-0123456789ab' });
    expect(readSeriesTags('Supersedes: bare-id@example.org\n').supersedes).toEqual(['bare-id@example.org']);
  });
});

describe('linking versions', () => {
  it('a version with no earlier one in the input is new', async () => {
    const { links, first } = await link(series(3, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }]));
    expect(links).toEqual([]);
    expect(first.map((p) => p.version)).toEqual([3]);
  });

  it('the same cover subject links two versions; reordered patches pair by their subjects', async () => {
    const v1 = series(
      1,
      'a',
      [
        { title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer },
        { title: 'hw/uart: fix break', file: 'uart', words: WORDS.uart },
      ],
      { title: 'hw: timer and uart fixes' },
    );
    const v2 = series(
      2,
      'b',
      [
        { title: 'hw/uart: fix break', file: 'uart', words: WORDS.uart },
        { title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer },
      ],
      { title: 'hw: Timer and UART fixes' },
    );
    const { links, first } = await link([...v1, ...v2]);
    expect(first.map((p) => p.version)).toEqual([1]);
    expect(links).toHaveLength(1);
    const [l] = links;
    expect(l!.by).toBe('cover subject');
    expect(l!.pairs.map((p) => [p.from.number, p.to.number, p.by])).toEqual([
      [2, 1, 'subject'],
      [1, 2, 'subject'],
    ]);
  });

  it('a renamed patch is the same patch when its diff is alike; a patch added in v2 has no counterpart', async () => {
    const v1 = series(1, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], { title: 'hw: fixes' });
    const v2 = series(
      2,
      'b',
      [
        { title: 'hw/timer: handle counter wrap-around', file: 'timer', words: [...WORDS.timer.slice(0, 3), 'timer_reload'] },
        { title: 'hw/dma: halt on error', file: 'dma', words: WORDS.dma },
      ],
      { title: 'hw: fixes' },
    );
    const [l] = (await link([...v1, ...v2])).links;
    expect(l!.pairs).toHaveLength(1);
    expect(l!.pairs[0]).toMatchObject({ by: 'diff similarity', from: { number: 1 }, to: { number: 1 } });
    expect(l!.added.map((p) => p.mail.subject.title)).toEqual(['hw/dma: halt on error']);
  });

  it('without cover letters, a renamed single patch still follows its earlier version by its diff', async () => {
    const v1 = series(1, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }]);
    const v2 = series(2, 'b', [{ title: 'hw/timer: rework wrap handling', file: 'timer', words: WORDS.timer }]);
    const { links } = await link([...v1, ...v2]);
    expect(links.map((l) => l.by)).toEqual(['diff similarity']);
  });

  it('of two earlier postings, the one with the same subject wins over one merely alike', async () => {
    const lone = (id: string, version: number, title: string, words: string[]): MailSpec => ({
      id,
      subject: `[PATCH${version > 1 ? ` v${version}` : ''}] ${title}`,
      body: patchBody(title, change('timer', words)),
    });
    const { links } = await link([
      lone('x1@example.org', 1, 'hw/timer: add reload', [...WORDS.timer.slice(0, 3), 'timer_reload']),
      lone('y1@example.org', 1, 'hw/timer: fix wrap', WORDS.timer.slice(1)),
      lone('y2@example.org', 2, 'hw/timer: fix wrap', WORDS.timer),
    ]);
    expect(links.map((l) => [l.from.patches[0]!.mail.messageId, l.by])).toEqual([['y1@example.org', 'patch subjects']]);
  });

  it('an unrelated series with a higher version follows nothing', async () => {
    const v1 = series(1, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }]);
    const v4 = series(4, 'b', [{ title: 'hw/dma: halt on error', file: 'dma', words: WORDS.dma }]);
    const { links, first } = await link([...v1, ...v4]);
    expect(links).toEqual([]);
    expect(first.map((p) => p.version)).toEqual([1, 4]);
  });

  it('Supersedes: links a renamed series to the posting it names, even past a nearer version', async () => {
    const v1 = series(1, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], { title: 'hw: timer fixes' });
    const other = series(2, 'o', [{ title: 'hw/uart: fix break', file: 'uart', words: WORDS.uart }], { title: 'hw: uart fixes' });
    const v3 = series(3, 'c', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], {
      title: 'hw: counter handling',
      text: 'Renamed.\n\nSupersedes: <a-0@example.org>',
    });
    const { links } = await link([...v1, ...other, ...v3]);
    const l = links.find((x) => x.to.version === 3)!;
    expect(l.by).toBe('supersedes');
    expect(l.from.version).toBe(1);
    expect(l.pairs.map((p) => p.by)).toEqual(['subject']);
  });

  it("b4's change-id links versions; two different change-ids never do", async () => {
    const v1 = series(1, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], {
      title: 'hw: one',
      text: 'x\n\n---\nchange-id: 20251001-one-aaaa',
    });
    const v2 = series(2, 'b', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], {
      title: 'hw: two',
      text: 'x\n\n---\nchange-id: 20251001-one-aaaa',
    });
    expect((await link([...v1, ...v2])).links.map((l) => l.by)).toEqual(['change-id']);
    const v2other = series(2, 'b', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], {
      title: 'hw: one',
      text: 'x\n\n---\nchange-id: 20251001-two-bbbb',
    });
    expect((await link([...v1, ...v2other])).links).toEqual([]);
  });

  it('a respin threaded under the old cover letter is a posting of its own', async () => {
    const v1 = series(1, 'a', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], { title: 'hw: timer fixes' });
    const v2 = series(2, 'b', [{ title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer }], { title: 'hw: timer fixes', inReplyTo: 'a-0@example.org' });
    const postings = groupPostings(await postedOf([...v1, ...v2]));
    expect(postings.map((p) => [p.version, p.patches.length, p.cover !== null])).toEqual([
      [1, 1, true],
      [2, 1, true],
    ]);
    expect(linkVersions(postings).links.map((l) => [l.from.version, l.to.version])).toEqual([[1, 2]]);
  });
});

describe('postings of unsent git format-patch files', () => {
  /** Mails as `git format-patch` writes them: no Message-ID, no threading. */
  const unsent = (specs: MailSpec[]): MailSpec[] => specs.map(({ inReplyTo: _inReplyTo, references: _references, ...s }) => ({ ...s, id: '' }));

  it('the patches of one directory are one posting, and each finds its earlier version', async () => {
    const v1 = series(1, 'a', [
      { title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer },
      { title: 'hw/uart: fix break', file: 'uart', words: WORDS.uart },
    ]);
    const v2 = series(2, 'b', [
      { title: 'hw/uart: handle break', file: 'uart', words: WORDS.uart },
      { title: 'hw/timer: fix wrap', file: 'timer', words: WORDS.timer },
    ]);
    const items = await postedOf([...unsent(v1), ...unsent(v2)]);
    items.forEach((item, i) => (item.mail.source = `${i < 2 ? 'v1' : 'v2'}/000${i % 2}-x.patch`));
    const postings = groupPostings(items);
    expect(postings.map((p) => [p.version, p.patches.length])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const [l] = linkVersions(postings).links;
    expect(l!.pairs.map((p) => [p.from.number, p.to.number, p.by])).toEqual([
      [2, 1, 'diff similarity'],
      [1, 2, 'subject'],
    ]);
  });
});
