/**
 * Which earlier postings linkVersions compares a posting with: those sharing a topic, or a file
 * and the sender. An archive of thousands of lone patches to the same popular files must not
 * make every posting a candidate of every other one.
 */
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/series/candidates.js';
import { groupPostings, linkVersions, type Posting } from '../../src/series/versions.js';
import { hunkDiff, newFileDiff } from '../support/patches.js';
import { patchBody, postedOf, type MailSpec } from '../support/series-mails.js';

const lone = (id: string, version: number, title: string, diff: string, from?: string): MailSpec => ({
  id,
  subject: `[PATCH${version > 1 ? ` v${version}` : ''}] ${title}`,
  body: patchBody(`${title}\n\nThe change.`, diff),
  ...(from === undefined ? {} : { from }),
});

/** A change to MAINTAINERS, the file half of all patches touch. */
const maintainers = (who: string) =>
  hunkDiff('MAINTAINERS', [{ start: 100, lines: [' M: Some One <one@example.org>', `+M: ${who} <${who}@example.org>`, ' S: Maintained'] }]);

const idOf = (p: Posting) => p.patches[0]!.mail.messageId;

describe('candidates for an earlier version', () => {
  it('other senders touching the same file are no candidates; the same sender and the same topic are', async () => {
    const specs: MailSpec[] = [];
    for (let i = 0; i < 60; i++) specs.push(lone(`o${i}@x`, 1, `MAINTAINERS: add person ${i}`, maintainers(`p${i}`), `P${i} <p${i}@example.org>`));
    specs.push(lone('mine1@x', 1, 'MAINTAINERS: add me', maintainers('ada')));
    specs.push(lone('same-topic@x', 1, 'MAINTAINERS: take over hw/timer', maintainers('zed'), 'Zed <zed@example.org>'));
    specs.push(lone('mine2@x', 2, 'MAINTAINERS: take over hw/timer', maintainers('ada')));
    const postings = groupPostings(await postedOf(specs));
    const index = new CandidateIndex(postings);
    const to = postings.find((p) => idOf(p) === 'mine2@x')!;
    expect(index.related(to).map(idOf)).toEqual(['mine1@x', 'same-topic@x']);
  });

  it('a file renamed by the same sender is found by its lines, but not by lines every other posting shows', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `static int timer_reg_${i} = ${i};`).join('\n');
    const boilerplate = '#include "qemu/osdep.h"\n#include "qapi/error.h"\n#include "hw/sysbus.h"';
    const specs: MailSpec[] = [lone('v1@x', 1, 'hw/timer: add a model', newFileDiff('hw/timer/old-name.c', `${boilerplate}\n${body}`))];
    // Forty other postings of the same sender show the same include lines.
    for (let i = 0; i < 40; i++) specs.push(lone(`n${i}@x`, 1, `hw/misc: device ${i}`, newFileDiff(`hw/misc/dev${i}.c`, `${boilerplate}\nint dev${i};`)));
    specs.push(lone('v2@x', 2, 'hw/timer: new timer model', newFileDiff('hw/timer/new-name.c', `${boilerplate}\n${body}`)));
    const postings = groupPostings(await postedOf(specs));
    const index = new CandidateIndex(postings);
    expect(index.related(postings.at(-1)!).map(idOf)).toEqual(['v1@x']);
    const { links } = linkVersions(postings);
    expect(links.map((l) => [idOf(l.from), idOf(l.to), l.by])).toEqual([['v1@x', 'v2@x', 'diff similarity']]);
  });

  it("a file the respin renames with git's headers is looked up by its old path", async () => {
    const edit = hunkDiff('hw/timer/old.c', [{ start: 5, lines: [' int a;', '+int b;', ' int c;'] }]);
    const renamed = [
      'diff --git a/hw/timer/old.c b/hw/timer/new.c',
      'similarity index 90%',
      'rename from hw/timer/old.c',
      'rename to hw/timer/new.c',
      'index 1111111..2222222 100644',
      '--- a/hw/timer/old.c',
      '+++ b/hw/timer/new.c',
      '@@ -5,2 +5,3 @@',
      ' int a;',
      '+int b;',
      ' int c;',
      '',
    ].join('\n');
    const postings = groupPostings(await postedOf([lone('r1@x', 1, 'hw/timer: add b', edit), lone('r2@x', 2, 'hw/timer: move to new.c', renamed)]));
    expect(new CandidateIndex(postings).related(postings[1]!).map(idOf)).toEqual(['r1@x']);
  });

  it('a respin under a new subject is linked by its diff only to the same sender', async () => {
    const words = ['timer_arm', 'timer_fire', 'timer_stop', 'timer_wrap'];
    const diff = hunkDiff('hw/timer.c', [
      { start: 10, lines: [' #include "qemu/osdep.h"', ...words.map((w) => `+static void ${w}_init(void) { ${w}(); }`), ' '] },
    ]);
    const other = await postedOf([lone('a1@x', 1, 'hw/timer: fix wrap', diff, 'Bo <bo@example.org>'), lone('a2@x', 2, 'hw/timer: rework wrap', diff)]);
    expect(linkVersions(groupPostings(other)).links).toEqual([]);
    const same = await postedOf([lone('a1@x', 1, 'hw/timer: fix wrap', diff), lone('a2@x', 2, 'hw/timer: rework wrap', diff)]);
    expect(linkVersions(groupPostings(same)).links.map((l) => l.by)).toEqual(['diff similarity']);
  });
});
