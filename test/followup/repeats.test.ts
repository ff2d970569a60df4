/**
 * Check mode across versions: a respin's findings still open from the
 * earlier version in the same input are marked where they were first
 * reported, and a reply names them once instead of quoting them again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { looksLikeTrailer } from '../../src/email/trailer-guard.js';
import { markRepeats, markRepeatsInStream, textBytes } from '../../src/followup/repeats.js';
import type { JsonReport } from '../../src/report/json.js';
import type { MessageResult } from '../../src/review/review.js';
import { newFileDiff } from '../support/patches.js';
import { runCli } from '../support/run-cli.js';
import { patchBody, rawMail, reviewAll, type MailSpec } from '../support/series-mails.js';
import { hasShared, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { gadgetSchema, gadgetV1, spacing } from '../support/gadget-series.js';

const schema = gadgetSchema;
const v1 = gadgetV1;
// v1 has two single spaces (lines 4 and 6); v2 fixes the first, keeps the second (line 8 now) and adds one (line 10).
const V2_DOC = [
  '# @size: The size in bytes.  Zero means none.',
  '#',
  '# @kind: The kind.',
  '#',
  '# @name: A name. Any name will do.',
  '#',
  '# @note: Read this. Then that.',
];

const v2: MailSpec[] = [
  { id: 'g2-0@example.org', subject: '[PATCH v2 0/1] qapi: gadgets', body: 'Respin.\n' },
  {
    id: 'g2-1@example.org',
    subject: '[PATCH v2 1/1] qapi: add Gadget',
    inReplyTo: 'g2-0@example.org',
    references: ['g2-0@example.org'],
    body: patchBody('Add a gadget.', schema(V2_DOC)),
  },
];

const spacingAt = (results: MessageResult[], id: string): Finding[] =>
  results.find((r) => r.messageId === id)!.findings.filter((f) => f.rule === 'qapi/sentence-spacing');

describe('markRepeats', () => {
  it('marks the respin finding still open from v1 with where v1 had it; the new one and v1 stay unmarked', async () => {
    const results = await reviewAll([...v1, ...v2], spacing);
    expect(markRepeats(results)).toBe(1);
    expect(spacingAt(results, 'g1-1@example.org').map((f) => f.seenIn)).toEqual([undefined, undefined]);
    expect(spacingAt(results, 'g2-1@example.org').map((f) => [f.line, f.seenIn])).toEqual([
      [8, { version: 1, messageId: 'g1-1@example.org', file: 'qapi/gadget.json', line: 6 }],
      [10, undefined],
    ]);
  });

  it('a version alone in the input has nothing to repeat', async () => {
    const results = await reviewAll(v2, spacing);
    expect(markRepeats(results)).toBe(0);
    expect(spacingAt(results, 'g2-1@example.org').every((f) => f.seenIn === undefined)).toBe(true);
  });

  it('another series at v2 is not an earlier version of this one', async () => {
    const other = v1.map((m) => ({ ...m, id: `x-${m.id}`, subject: m.subject.replace('Gadget', 'Widget').replace('gadgets', 'widgets') }));
    other[1] = {
      ...other[1]!,
      inReplyTo: 'x-g1-0@example.org',
      references: ['x-g1-0@example.org'],
      body: patchBody(
        'Add a widget.',
        schema([
          '# @colour: The colour of the widget, as the vendor names it.',
          '#',
          '# @name: A name. Any name will do.',
          '#',
          '# @weight: The weight in grams, rounded up.',
        ]).replace(/gadget/gi, 'Widget'),
      ),
    };
    const results = await reviewAll([...other, ...v2], spacing);
    // The same problem on the same words, but in another series: nothing to carry over.
    expect(spacingAt(results, 'x-g1-1@example.org').map((f) => f.message)).toEqual(['one space after "name."; separate sentences with two spaces']);
    expect(markRepeats(results)).toBe(0);
  });
});

describe('markRepeatsInStream', () => {
  async function* stream(results: MessageResult[]): AsyncGenerator<MessageResult> {
    yield* results;
  }
  const collect = async (it: AsyncIterable<MessageResult>) => {
    const out: MessageResult[] = [];
    for await (const r of it) out.push(r);
    return out;
  };

  it('passes every result on, in input order, marked, without the mail unless asked', async () => {
    const results = await reviewAll([...v1, ...v2], spacing);
    const out = await collect(markRepeatsInStream(stream(results), { keepMail: false }));
    expect(out.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(out.every((r) => r.mail === null)).toBe(true);
    expect(out[3]!.findings.filter((f) => f.seenIn).map((f) => f.line)).toEqual([8]);
    const kept = await collect(markRepeatsInStream(stream(await reviewAll([...v1, ...v2], spacing)), { keepMail: true }));
    expect(kept.every((r) => r.mail !== null)).toBe(true);
  });

  it('past its window a far earlier version is not marked, and marking goes on for versions close together', async () => {
    const filler = (n: number): MailSpec[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `f${i}@example.org`,
        subject: `[PATCH] hw/misc: device ${i}`,
        body: patchBody(`Device ${i}.`, newFileDiff(`hw/misc/dev${i}.c`, `int dev${i};\n`)),
      }));
    const again = (specs: MailSpec[], tag: string): MailSpec[] =>
      specs.map((m) => ({
        ...m,
        id: m.id.replace('@', `-${tag}@`),
        from: `Bo ${tag} <bo-${tag}@example.org>`,
        subject: m.subject.replace('gadgets', `gadgets ${tag}`).replace('Gadget', `Gadget${tag}`),
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo.replace('@', `-${tag}@`), references: [m.inReplyTo.replace('@', `-${tag}@`)] } : {}),
      }));
    // v1 and v2 of one series far apart, then v1 and v2 of another next to each other.
    const specs = [...v1, ...filler(12), ...v2, ...again(v1, 'b'), ...again(v2, 'b')];
    const results = await reviewAll(specs, spacing);
    const window = results.slice(0, 4).reduce((n, r) => n + r.mail!.body.length, 0);
    const out = await collect(markRepeatsInStream(stream(results), { keepMail: false, budget: window }));
    expect(out.map((r) => r.index)).toEqual(specs.map((_, i) => i));
    const marked = (id: string) =>
      out
        .find((r) => r.messageId === id)!
        .findings.filter((f) => f.seenIn)
        .map((f) => f.line);
    expect(marked('g2-1@example.org')).toEqual([]);
    expect(marked('g2-1-b@example.org')).toEqual([8]);
    // With room for all of it, the far one is marked too.
    const all = await collect(markRepeatsInStream(stream(await reviewAll(specs, spacing)), { keepMail: false }));
    expect(
      all
        .find((r) => r.messageId === 'g2-1@example.org')!
        .findings.filter((f) => f.seenIn)
        .map((f) => f.line),
    ).toEqual([8]);
  });

  it('keeps a patch without findings as a ghost in its window, and still passes the whole result on', async () => {
    const quiet = { ...v1[1]!, id: 'q1@example.org', subject: '[PATCH] hw: nothing to say', body: patchBody('Quiet.', newFileDiff('hw/q.c', 'int q;\n')) };
    const results = await reviewAll([quiet, ...v1, ...v2], spacing);
    expect(results[0]!.findings).toEqual([]);
    const out = await collect(markRepeatsInStream(stream(results), { keepMail: true }));
    expect(out[0]!.mail!.body).toContain('diff --git a/hw/q.c');
    expect(out[0]!.patch!.files.map((f) => f.path)).toEqual(['hw/q.c']);
    expect(
      out
        .at(-1)!
        .findings.filter((f) => f.seenIn)
        .map((f) => f.line),
    ).toEqual([8]);
  });

  it('counts mail as V8 stores it: one byte a character up to U+00FF, two past it', () => {
    expect(textBytes('Signed-off-by: Zoë')).toBe(18);
    expect(textBytes('Signed-off-by: 陈伟')).toBe(2 * 17);
  });

  it('passes held results on every thousand results, however little mail they hold', async () => {
    const specs: MailSpec[] = Array.from({ length: 1_050 }, (_, i) => ({
      id: `r${i}@example.org`,
      subject: `[PATCH v2] hw/misc: device ${i}`,
      body: patchBody(`Device ${i}.`, newFileDiff(`hw/misc/d${i}.c`, `int d${i};\n`)),
    }));
    const results = await reviewAll(specs, spacing);
    let read = 0;
    async function* counted(): AsyncGenerator<MessageResult> {
      for (const r of results) {
        read++;
        yield r;
      }
    }
    for await (const r of markRepeatsInStream(counted(), { keepMail: false })) {
      expect(r.index).toBe(0);
      break;
    }
    expect(read).toBe(1_000);
  }, 60_000);

  it('passes held results on when its window fills, before the input ends', async () => {
    const results = await reviewAll([...v1, ...v2, ...v1.map((m) => ({ ...m, id: `x-${m.id}` }))], spacing);
    let read = 0;
    async function* counted(): AsyncGenerator<MessageResult> {
      for (const r of results) {
        read++;
        yield r;
      }
    }
    const budget = results.slice(0, 4).reduce((n, r) => n + r.mail!.body.length, 0);
    const it = markRepeatsInStream(counted(), { keepMail: false, budget });
    const seen: number[] = [];
    for await (const r of it) {
      seen.push(r.index);
      if (r.index === 3) break;
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(read).toBeLessThan(results.length);
  });
});

describe('qemu-review check on two versions', () => {
  const dir = (specs: MailSpec[]) => {
    const d = tempDir('repeats-');
    specs.forEach((m, i) => writeFileSync(join(d, `${String(i).padStart(2, '0')}.eml`), rawMail(m)));
    return d;
  };
  const check = (format: string, d: string, ...more: string[]) =>
    runCli(['check', '--rule', 'qapi/sentence-spacing', '--fail-on', 'never', '--format', format, ...more, d]);

  it('text says where a finding was reported before; JSON and SARIF carry it', async () => {
    const both = dir([...v1, ...v2]);
    const text = (await check('text', both)).stdout;
    expect(text).toContain(
      'qapi/gadget.json:8:17: warning: one space after "name."; separate sentences with two spaces (also reported on v1, line 6) [qapi/sentence-spacing]',
    );
    expect(text.match(/also reported/g)).toHaveLength(1);

    const json = JSON.parse((await check('json', both)).stdout) as JsonReport;
    expect(json.findings.filter((f) => f.seenIn).map((f) => [f.messageId, f.line, f.seenIn])).toEqual([
      ['g2-1@example.org', 8, { version: 1, messageId: 'g1-1@example.org', file: 'qapi/gadget.json', line: 6 }],
    ]);

    const sarif = JSON.parse((await check('sarif', both)).stdout);
    const marked = sarif.runs[0].results.filter((r: { properties: { seenIn?: unknown } }) => r.properties.seenIn);
    expect(
      marked.map((r: { locations: Array<{ physicalLocation: { region: { startLine: number } } }>; properties: { seenIn: unknown } }) => [
        r.locations[0]!.physicalLocation.region.startLine,
        r.properties.seenIn,
      ]),
    ).toEqual([[8, { version: 1, messageId: 'g1-1@example.org', file: 'qapi/gadget.json', line: 6 }]]);

    // The same v2 alone: nothing was reported before.
    const alone = JSON.parse((await check('json', dir(v2))).stdout) as JsonReport;
    expect(alone.findings.some((f) => f.seenIn)).toBe(false);
  }, 30_000);

  it('the reply to v2 names the repeat once and quotes only the new point', async () => {
    const { stdout } = await check('email', dir([...v1, ...v2]));
    const mails = stdout.split(/^From \S+ .*\n/m).filter((m) => m.trim() !== '');
    expect(mails).toHaveLength(2);
    const reply = await simpleParser(mails[1]!);
    expect(reply.inReplyTo).toBe('<g2-1@example.org>');
    const text = reply.text!;
    expect(text.replace(/\n/g, ' ')).toContain('One finding already reported on v1 is still open and not repeated here: qapi/gadget.json:8 (v1 line 6).');
    expect(text).toContain('> +# @note: Read this. Then that.');
    expect(text).not.toContain('"name."');
    for (const line of text.split('\n')) if (!line.startsWith('>')) expect(looksLikeTrailer(line), line).toBe(false);
    // v1's reply is the full review, as before.
    expect((await simpleParser(mails[0]!)).text).toContain('> +# @name: A name. Any name will do.');
  }, 30_000);

  it('a respin whose only findings were reported before gets a short note, not a review', async () => {
    const v2only = v2.map((m) => (m.id === 'g2-1@example.org' ? { ...m, body: patchBody('Add a gadget.', schema(V2_DOC.slice(0, 5))) } : m));
    const { stdout } = await check('email', dir([...v1, ...v2only]));
    const mails = stdout.split(/^From \S+ .*\n/m).filter((m) => m.trim() !== '');
    const text = (await simpleParser(mails[1]!)).text!;
    expect(text).not.toMatch(/^>/m);
    expect(text).not.toContain('writes:');
    expect(text.replace(/\n/g, ' ')).toContain('One finding already reported on v1 is still open');
  }, 30_000);

  it('--summary names the repeats in the patch section instead of quoting them', async () => {
    const { stdout } = await check('email', dir([...v1, ...v2]), '--summary');
    const mails = stdout.split(/^From \S+ .*\n/m).filter((m) => m.trim() !== '');
    const text = (await simpleParser(mails[1]!)).text!;
    expect(text).toContain('[PATCH v2 1/1] qapi: add Gadget');
    expect(text.replace(/\n/g, ' ')).toContain('One finding already reported on v1 is still open and not repeated here: qapi/gadget.json:8 (v1 line 6).');
    expect(text).not.toContain('qapi/gadget.json:8: warning');
    expect(text).toContain('qapi/gadget.json:10: warning');
  }, 30_000);
});

describe.skipIf(!hasShared)('check on the seed thread', () => {
  it("marks v7's spacing finding as reported on v6 (753 -> 777), and nothing in v6", async () => {
    const { stdout } = await runCli(['check', '--format', 'json', '--fail-on', 'never', shared('seed', 'backend-transfer-thread.mboxrd')]);
    const report = JSON.parse(stdout) as JsonReport;
    const v6 = '20250923100110.70862-17-vsementsov@yandex-team.ru';
    const v7 = '20251010173957.166759-17-vsementsov@yandex-team.ru';
    expect(report.findings.filter((f) => f.messageId === v6 && f.seenIn)).toEqual([]);
    expect(report.findings.filter((f) => f.messageId === v7).map((f) => [f.rule, f.line, f.seenIn])).toEqual([
      ['qapi/sentence-spacing', 777, { version: 6, messageId: v6, file: 'qapi/migration.json', line: 753 }],
    ]);
    const text = (await runCli(['check', '--fail-on', 'never', shared('seed', 'backend-transfer-thread.mboxrd')])).stdout;
    expect(text).toContain('(also reported on v6, line 753) [qapi/sentence-spacing]');
  }, 60_000);
});
