/**
 * --summary: one reply per series, to its cover letter (or first patch),
 * sent as soon as the series is complete, whatever order its mails come in.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeSummary, type SeriesSummary } from '../../src/email/compose.js';
import { SeriesCollector } from '../../src/email/series.js';
import type { Finding } from '../../src/engine/types.js';
import { parseSubject } from '../../src/mail/subject.js';
import type { MessageResult } from '../../src/review/review.js';
import { hunkDiff, mailWith } from '../support/patches.js';

interface Spec {
  subject: string;
  id: string;
  parent?: string;
  refs?: string[];
  /** Number of findings on the patch's added line. */
  findings?: number;
  source?: string;
}

let next = 0;

function message(spec: Spec): MessageResult {
  const subject = parseSubject(spec.subject);
  const cover = subject.counter?.index === 0;
  const base = mailWith(hunkDiff('hw/foo.c', [{ start: 3, lines: [' a();', `+${spec.id.replace(/\W/g, '_')}();`] }]));
  const mail = {
    ...base,
    index: next++,
    source: spec.source ?? 'series.mbox',
    subject,
    messageId: spec.id,
    inReplyTo: spec.parent ?? null,
    references: spec.refs ?? (spec.parent ? [spec.parent] : []),
    from: { name: 'Ada', address: 'ada@example.org' },
    to: [{ name: '', address: 'qemu-devel@nongnu.org' }],
  };
  const patchLine = mail.body.split('\n').findIndex((l) => l.startsWith('+') && l.endsWith('();')) + 1;
  const findings: Finding[] = Array.from({ length: spec.findings ?? 0 }, (_, i) => ({
    rule: 'c/test',
    severity: i === 0 ? 'error' : 'warning',
    messageId: spec.id,
    subject: spec.subject,
    messageIndex: mail.index,
    file: 'hw/foo.c',
    line: 4,
    message: `finding ${i + 1} of ${spec.id}`,
    patchLine,
  }));
  const head = { index: mail.index, source: mail.source, messageId: spec.id, subject: spec.subject, failures: [], mail };
  if (cover) return { ...head, status: 'skipped', reason: { kind: 'cover-letter', text: `cover letter (0/${subject.counter!.total})` }, findings: [] };
  if (subject.isReply) return { ...head, status: 'skipped', reason: { kind: 'reply', text: 'reply: carries no patch of its own' }, findings: [] };
  return { ...head, status: 'reviewed', findings };
}

/** Feeds the messages and records, after each, the summaries emitted so far. */
function collect(specs: Spec[]): { summaries: SeriesSummary[]; emittedAfter: number[] } {
  const summaries: SeriesSummary[] = [];
  const collector = new SeriesCollector((s) => summaries.push(s));
  const emittedAfter: number[] = [];
  for (const spec of specs) {
    collector.add(message(spec));
    emittedAfter.push(summaries.length);
  }
  collector.finish();
  return { summaries, emittedAfter };
}

const v2 = (n: number, findings = 0, over: Partial<Spec> = {}): Spec => ({
  subject: `[PATCH v2 ${n}/3] hw/foo: part ${n}`,
  id: `v2-${n}@example.org`,
  parent: 'v2-0@example.org',
  findings,
  ...over,
});
const cover2: Spec = { subject: '[PATCH v2 0/3] hw/foo: a series', id: 'v2-0@example.org' };

describe('SeriesCollector', () => {
  it('replies to the cover letter once all patches are in, listing only patches with findings', () => {
    const { summaries, emittedAfter } = collect([cover2, v2(1, 2), v2(2), v2(3, 1)]);
    expect(emittedAfter).toEqual([0, 0, 0, 1]);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.target.messageId).toBe('v2-0@example.org');
    expect(summaries[0]!.reviewed).toBe(3);
    expect(summaries[0]!.counts).toEqual({ error: 2, warning: 1, info: 0 });
    expect(summaries[0]!.sections.map((s) => s[0])).toEqual(['[PATCH v2 1/3] hw/foo: part 1', '[PATCH v2 3/3] hw/foo: part 3']);
  });

  it('gathers a series whose cover letter comes last, and ignores replies', () => {
    const reply: Spec = { subject: 'Re: [PATCH v2 2/3] hw/foo: part 2', id: 'r@example.org', parent: 'v2-2@example.org' };
    const { summaries, emittedAfter } = collect([v2(3, 1), v2(1), reply, v2(2, 1), cover2]);
    expect(emittedAfter).toEqual([0, 0, 0, 0, 1]);
    expect(summaries[0]!.target.messageId).toBe('v2-0@example.org');
    expect(summaries[0]!.sections).toHaveLength(2);
  });

  it('without a cover letter, replies to patch 1, the one the others thread under', () => {
    const first: Spec = { subject: '[PATCH 1/2] a', id: 'p1@example.org', findings: 0 };
    const second: Spec = { subject: '[PATCH 2/2] b', id: 'p2@example.org', parent: 'p1@example.org', findings: 1 };
    const { summaries, emittedAfter } = collect([second, first]);
    expect(emittedAfter).toEqual([0, 1]);
    expect(summaries[0]!.target.messageId).toBe('p1@example.org');
  });

  it('keeps versions and inputs apart, and a lone patch is a series of its own', () => {
    const v3cover: Spec = { subject: '[PATCH v3 0/3] hw/foo: a series', id: 'v3-0@example.org', parent: 'v2-0@example.org' };
    const v3 = (n: number): Spec => ({
      subject: `[PATCH v3 ${n}/3] hw/foo: part ${n}`,
      id: `v3-${n}@example.org`,
      refs: ['v2-0@example.org', 'v3-0@example.org'],
      parent: 'v3-0@example.org',
      findings: 1,
    });
    const lone: Spec = { subject: '[PATCH] misc: fix', id: 'lone@example.org', findings: 1 };
    const elsewhere: Spec = { ...v2(1, 1), source: 'other.mbox' };
    const { summaries } = collect([cover2, v3cover, v2(1, 1), v3(1), lone, v3(2), v2(2), v3(3), elsewhere, v2(3)]);
    expect(summaries.map((s) => [s.target.messageId, s.target.source, s.reviewed, s.sections.length])).toEqual([
      ['lone@example.org', 'series.mbox', 1, 1],
      ['v3-0@example.org', 'series.mbox', 3, 3],
      ['v2-0@example.org', 'series.mbox', 3, 1],
      // Its cover letter is in another input: summarised at the end, to the patch itself.
      ['v2-1@example.org', 'other.mbox', 1, 1],
    ]);
  });

  it('summarises an incomplete series at the end', () => {
    const { summaries, emittedAfter } = collect([cover2, v2(1, 1)]);
    expect(emittedAfter).toEqual([0, 0]);
    expect(summaries).toHaveLength(1);
  });
});

describe('composeSummary', () => {
  it('writes one reply to the cover letter with findings per patch under short quotes', async () => {
    const { summaries } = collect([cover2, v2(1, 2), v2(2), v2(3, 1)]);
    const mail = composeSummary(summaries[0]!, { from: { name: 'Bot', address: 'bot@example.org' } })!;
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Re: [PATCH v2 0/3] hw/foo: a series');
    expect(parsed.inReplyTo).toBe('<v2-0@example.org>');
    const text = parsed.text!;
    expect(text.replace(/\s+/g, ' ')).toContain('has comments on 2 of the 3 patches it reviewed: 2 errors, 1 warning.');
    expect(text).toContain(
      [
        '[PATCH v2 1/3] hw/foo: part 1',
        '',
        '> +v2_1_example_org();',
        '',
        'hw/foo.c:4: error: finding 1 of v2-1@example.org [c/test]',
        'hw/foo.c:4: warning: finding 2 of v2-1@example.org [c/test]',
      ].join('\n'),
    );
    expect(text).not.toContain('part 2');
    // Short quotes only: never the patch around the line.
    expect(text).not.toContain('a();');
  });

  it('has nothing to send for a series without findings', () => {
    const { summaries } = collect([cover2, v2(1), v2(2), v2(3)]);
    expect(summaries.map((s) => composeSummary(s))).toEqual([null]);
  });
});
