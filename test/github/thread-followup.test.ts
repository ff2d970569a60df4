/** Which of the bot's own review threads a new version fixed: only its own, only when the point is gone from the file. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { commentMarker, outdatedMarker } from '../../src/github/fingerprint.js';
import type { ReviewThread } from '../../src/github/review-threads.js';
import type { SeriesFinding } from '../../src/github/series.js';
import { followUpNote, followUpThreads, ownThreads, pointsOf } from '../../src/github/thread-followup.js';
import { sentOf } from '../../src/github/tag-followup.js';

const BOT = { login: 'github-actions[bot]', how: 'test' };

const thread = (id: string, login: string | null, body: string, extra: Partial<ReviewThread> = {}): ReviewThread => ({
  id,
  isResolved: false,
  path: 'qapi/x.json',
  line: 5,
  first: { databaseId: Number(id.replace(/\D/g, '')), login, body },
  ...extra,
});

const head = (rule: string, message: string) => `**warning** \`${rule}\`: ${message}\n\n<sub>line 5</sub>\n${commentMarker('0123456789abcdef')}`;

const found = (rule: string, message: string, file = 'qapi/x.json'): SeriesFinding => ({
  finding: { rule, message, file, line: 9, severity: 'warning', messageId: null, subject: '', messageIndex: 0 } as Finding,
  sha: 'a'.repeat(40),
  subject: '',
  tip: null,
  fingerprint: 'f'.repeat(16),
});

describe('pointsOf', () => {
  it('reads the rule and message of each head, and the rules of a copy', () => {
    expect(pointsOf(`**warning** \`a/b\`: one space after "x."\n**note** \`c/d\`: wrap at 70\n\n${commentMarker('0123456789abcdef')}`)).toEqual([
      { rule: 'a/b', text: 'one space after "x."' },
      { rule: 'c/d', text: 'wrap at 70' },
    ]);
    expect(pointsOf('**warning** `a/b`, `c/d`: the same as at line 4 (see the comment there).')).toEqual([
      { rule: 'a/b', text: null },
      { rule: 'c/d', text: null },
    ]);
    expect(pointsOf('thanks!')).toEqual([]);
  });
});

describe('ownThreads and followUpThreads', () => {
  it("keeps the bot's unresolved, marked threads only: not another's copy, not a resolved one, not one without marker", () => {
    const threads = [
      thread('T1', 'github-actions[bot]', head('a/b', 'one space after "x."')),
      thread('T2', 'mallory', head('a/b', 'one space after "x."')),
      thread('T3', 'github-actions[bot]', head('a/b', 'one space after "y."'), { isResolved: true }),
      thread('T4', 'github-actions[bot]', '**warning** `a/b`: no marker'),
      thread('T5', 'GitHub-Actions[bot]', head('a/b', 'one space after "z."').replace(commentMarker('0123456789abcdef'), outdatedMarker('0123456789abcdef'))),
      thread('T6', null, head('a/b', 'one space after "x."')),
    ];
    expect(ownThreads(threads, BOT).map((t) => t.thread.id)).toEqual(['T1', 'T5']);
    expect(ownThreads(threads, { login: null, how: 'unknown' })).toEqual([]);
  });

  it('a thread is fixed only when none of its points is found in its file; numbers may differ, quoted words may not', () => {
    const own = ownThreads(
      [
        thread('T1', 'github-actions[bot]', head('a/b', 'one space after "x."')),
        thread('T2', 'github-actions[bot]', head('w/w', 'line is 77 columns wide')),
        thread('T3', 'github-actions[bot]', head('a/b', 'one space after "y."')),
        thread('T4', 'github-actions[bot]', head('a/b', 'one space after "q."'), { path: 'qapi/other.json' }),
      ],
      BOT,
    );
    const { fixed, open } = followUpThreads(own, [
      found('a/b', 'one space after "x."'),
      found('w/w', 'line is 74 columns wide'),
      found('a/b', 'one space after "q."'),
    ]);
    expect(open.map((t) => t.thread.id)).toEqual(['T1', 'T2']);
    expect(fixed.map((t) => t.thread.id)).toEqual(['T3', 'T4']);
    expect(followUpNote(2, open, 'b'.repeat(40))).toBe(
      'Since the previous version (`bbbbbbbbbbbb`): 2 threads of qemu-review\'s earlier review are fixed and resolved; still open: `a/b` (one space after "x.") in `qapi/x.json` line 5; `w/w` (line is 77 columns wide) in `qapi/x.json` line 5.',
    );
  });
});

describe('sentOf', () => {
  it("reads git send-email's Message-ID: when and by whom; anything else is unknown", () => {
    expect(sentOf('20250923100110.70862-17-vsementsov@yandex-team.ru')).toEqual({ at: '20250923100110', sender: 'vsementsov@yandex-team.ru' });
    expect(sentOf('CAFEBABE1234@mail.gmail.com')).toBeNull();
  });
});
