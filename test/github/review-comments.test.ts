/** Where findings go in a review, and how their text is built. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { DiffLines } from '../../src/github/diff-lines.js';
import { fenced, truncate } from '../../src/github/markdown.js';
import { MAX_REVIEW_BODY, reviewBody } from '../../src/github/review-body.js';
import { placeFindings } from '../../src/github/review-comments.js';
import { fingerprint, reviewStateKeys, stateKey } from '../../src/github/fingerprint.js';
import type { SeriesFinding } from '../../src/github/series.js';
import { Tally } from '../../src/report/tally.js';

const SHA = '2ecb4d63a48b9affde1ab5b13c12d7907e3a1df5';
// Two hunks of qapi/x.json: right-side lines 10-14 and 30-32.
const diff = new DiffLines([
  {
    filename: 'qapi/x.json',
    status: 'modified',
    patch: ['@@ -10,3 +10,5 @@', ' # a', '+# b', '+# c', ' # d', ' # e', '@@ -28,3 +30,3 @@', ' # x', '-# y', '+# Y', ' # z'].join('\n'),
  },
]);

let n = 0;
function item(line: number, more: Partial<Finding> & { text?: Record<number, string> } = {}, tipLine = line): SeriesFinding {
  const { text = {}, ...rest } = more;
  const finding: Finding = {
    rule: 'qapi/doc-line-width',
    severity: 'warning',
    messageId: null,
    subject: 's',
    messageIndex: 0,
    file: 'qapi/x.json',
    line,
    message: `m${n++}`,
    ...rest,
  };
  const endLine = finding.endLine ?? line;
  const tip: SeriesFinding['tip'] = {
    path: 'qapi/x.json',
    line: tipLine,
    endLine: tipLine + endLine - line,
    text: new Map(Object.entries(text).map(([k, v]) => [Number(k), v])),
  };
  if (finding.suggestion) tip.suggestion = finding.suggestion;
  return { finding, sha: SHA, subject: '[PATCH] s', tip, fingerprint: n.toString(16).padStart(16, '0') };
}

describe('placing findings', () => {
  it('anchors a suggestion on its own lines, inside one hunk', () => {
    const p = placeFindings([item(12, { suggestion: { line: 11, endLine: 12, text: '# bc' } })], diff);
    expect(p.inline.map((c) => c.draft)).toEqual([
      expect.objectContaining({ path: 'qapi/x.json', start_line: 11, start_side: 'RIGHT', line: 12, side: 'RIGHT' }),
    ]);
    expect(p.inline[0]!.draft.body).toContain('```suggestion\n# bc\n```');
  });

  it('a suggestion across two hunks is shown, not offered; the comment sits on the finding', () => {
    const p = placeFindings([item(12, { suggestion: { line: 12, endLine: 30, text: 'x' } })], diff);
    expect(p.inline[0]!.draft).toMatchObject({ line: 12 });
    expect(p.inline[0]!.draft.start_line).toBeUndefined();
    expect(p.inline[0]!.draft.body).not.toContain('```suggestion');
    expect(p.inline[0]!.draft.body).toContain('not offered as a suggestion: the diff does not show all of these lines');
  });

  it('lines outside the diff, commit messages and lines changed again go in the body', () => {
    const outside = item(20);
    const commitMessage = { ...item(1, { file: '/COMMIT_MSG' }), tip: null };
    const rewritten = { ...item(5), tip: null, note: 'not shown at the tip: commit 88d869668d87 changes this line again' };
    const p = placeFindings([outside, commitMessage, rewritten], diff);
    expect(p.inline).toEqual([]);
    expect(p.body.map((e) => e.reason)).toEqual(['outside-diff', 'commit-message', 'not-at-tip']);
  });

  it('a line whose text at the tip is not the text reviewed is never commented on', () => {
    const p = placeFindings([item(31, { text: { 31: '# y' } })], diff);
    expect(p.body).toEqual([expect.objectContaining({ reason: 'not-at-tip', note: "the pull request's diff shows other text at line 31" })]);
    expect(placeFindings([item(31, { text: { 31: '# Y' } })], diff).inline).toHaveLength(1);
  });

  it('one suggestion per line range: the first keeps it, an equal one refers to it, an overlapping one is shown', () => {
    const s = { line: 11, endLine: 12, text: '# bc' };
    const p = placeFindings(
      [
        item(11, { suggestion: s }),
        item(12, { rule: 'qapi/sentence-spacing', suggestion: s }),
        item(12, { rule: 'qapi/member-list-order', suggestion: { line: 12, endLine: 13, text: '# cd' } }),
      ],
      diff,
    );
    const bodies = p.inline.map((c) => c.draft.body);
    expect(bodies.filter((b) => b.includes('```suggestion'))).toHaveLength(1);
    expect(bodies[1]).toContain('The suggestion on the `qapi/doc-line-width` comment for these lines fixes this too.');
    expect(bodies[2]).toContain('another suggestion holds some of these lines');
    expect(p.inline[2]!.draft).toMatchObject({ line: 12 });
  });

  it('every comment ends with its fingerprint on a line of its own', () => {
    const [c] = placeFindings([item(11)], diff).inline;
    expect(c!.draft.body.split('\n').at(-1)).toMatch(/^<!-- qemu-review:fp=[0-9a-f]{16} -->$/);
  });
});

describe('markdown', () => {
  it('fences text with a fence longer than any backtick run in it', () => {
    expect(fenced('suggestion', 'a')).toBe('```suggestion\na\n```');
    expect(fenced('suggestion', 'x ``` y')).toBe('````suggestion\nx ``` y\n````');
    expect(fenced('suggestion', '`````')).toBe('``````suggestion\n`````\n``````');
    expect(fenced('suggestion', '')).toBe('```suggestion\n```');
  });

  it('truncates with a note and keeps the marker whole', () => {
    const out = truncate('x'.repeat(100), 80, '<!-- m -->');
    expect(out.length).toBeLessThanOrEqual(80);
    expect(out).toMatch(/truncated: GitHub limits this text to 80 characters\)\n<!-- m -->$/);
    expect(truncate('short', 80, '<!-- m -->')).toBe('short\n<!-- m -->');
  });

  it('a review body stays under 65,535 characters, cut between entries, its state listing only what it lists', () => {
    // Fingerprints as the Action makes them: the state keeps only their first bits.
    const entries = Array.from({ length: 400 }, (_, i) => ({
      item: { ...item(20, { message: `${i} ${'long words '.repeat(30)}` }), fingerprint: fingerprint(['entry', i]) },
      reason: 'outside-diff' as const,
    }));
    const inline = [fingerprint(['inline', 1]), fingerprint(['inline', 2])];
    const { text: body, listed } = reviewBody({ tally: new Tally(), inline, entries, maxComments: 30 });
    expect(body.length).toBeLessThanOrEqual(MAX_REVIEW_BODY);
    const left = entries.length - listed.length;
    expect(left).toBeGreaterThan(0);
    expect(body).toContain(
      `… and ${left} more findings: GitHub limits a review body to 65535 characters. The job summary lists them all; the next run posts them.`,
    );
    const shown = body
      .split('\n')
      .filter((l) => l.startsWith('- **warning**'))
      .map((l) => Number(/`: (\d+) /.exec(l)![1]));
    expect(shown).toEqual(listed.map((_, i) => i));
    // The state: the inline comments' and the listed entries' keys, none of the findings left out.
    const state = reviewStateKeys(body);
    expect(state).toEqual([...inline, ...listed.map((e) => e.item.fingerprint)].map(stateKey));
    expect(state).not.toContain(stateKey(entries[listed.length]!.item.fingerprint));
    expect(body.split('\n').at(-1)).toMatch(/^<!-- qemu-review:state=[A-Za-z0-9+/]+ -->$/);
  });

  it('3,300 findings: the state takes a small part of the body, which lists far more than 42 of them', () => {
    const entries = Array.from({ length: 3300 }, (_, i) => ({
      item: item(20, { message: `doc comment line ${i} is 82 columns wide; wrap QAPI doc text at 70` }),
      reason: 'outside-diff' as const,
    }));
    const { text: body, listed } = reviewBody({ tally: new Tally(), inline: [], entries, maxComments: 30 });
    expect(body.length).toBeLessThanOrEqual(MAX_REVIEW_BODY);
    const marker = body.split('\n').at(-1)!;
    expect(listed.length).toBeGreaterThan(400);
    expect(marker.length).toBeLessThan(body.length / 10);
    expect(reviewStateKeys(body)).toHaveLength(listed.length);
  });

  it('reads the full fingerprints earlier versions wrote, and nothing from a marker that is not whole', () => {
    const fps = ['0123456789abcdef', 'fedcba9876543210'];
    expect(reviewStateKeys(`x\n<!-- qemu-review:review fps=${fps.join(',')} -->`)).toEqual(fps.map(stateKey));
    expect(reviewStateKeys('<!-- qemu-review:state=ABCDEFG -->')).toEqual([]);
    expect(reviewStateKeys('> <!-- qemu-review:state=ABCDEFGH -->')).toEqual([]);
  });
});

describe('placing voices', () => {
  it('the findings of one group are one comment, with the fix of whichever finding has it', () => {
    const group = { id: '0-1', places: [{ file: 'qapi/x.json', line: 11, endLine: 12, owner: null }] };
    const plain = { ...item(11, { rule: 'qapi/member-list-order', group: '0-1' }), group };
    const fixing = { ...item(12, { rule: 'qapi/unstable-feature', group: '0-1', suggestion: { line: 11, endLine: 12, text: '# bc' } }), group };
    const p = placeFindings([plain, fixing], diff);
    expect(p.inline).toHaveLength(1);
    expect(p.inline[0]!.items).toEqual([plain, fixing]);
    expect(p.inline[0]!.draft).toMatchObject({ start_line: 11, line: 12 });
    expect(p.inline[0]!.draft.body).toContain('`qapi/member-list-order`');
    expect(p.inline[0]!.draft.body).toContain('`qapi/unstable-feature`');
    expect(p.inline[0]!.draft.body).toContain('```suggestion\n# bc\n```');
  });
});
