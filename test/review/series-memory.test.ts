/**
 * Series memory through the pipeline: a patch is judged with what the
 * earlier patches of its series in the input did, the same on one thread
 * and on several, whichever batches the workers got.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { RawMessage } from '../../src/mail/types.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import { reviewMessagesParallel } from '../../src/review/parallel.js';
import { SeriesRuns } from '../../src/review/series-memory.js';
import { hunkDiff } from '../support/patches.js';
import { addToThing, createThing } from '../rules/qapi/novelty-fixtures.js';

const qapi = rules.filter((r) => r.meta.id.startsWith('qapi/'));
const settings = { qemuVersion: '10.1' };

interface MailSpec {
  subject: string;
  id: string;
  /** The thread's root, for patches 2..n. */
  root?: string;
  diff: string;
}

function raw(spec: MailSpec, index: number): RawMessage {
  const thread = spec.root ? [`In-Reply-To: <${spec.root}>`, `References: <${spec.root}>`] : [];
  const text = [
    'From: A U Thor <author@example.org>',
    'To: qemu-devel@nongnu.org',
    `Subject: ${spec.subject}`,
    'Date: Tue, 23 Sep 2025 12:00:00 +0200',
    `Message-ID: <${spec.id}>`,
    ...thread,
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Commit message.',
    '',
    'Signed-off-by: A U Thor <author@example.org>',
    '---',
    spec.diff + '-- ',
    '2.51.0',
    '',
  ].join('\n');
  return { index, source: 'series.mbox', offset: index * 1000, bytes: Buffer.from(text) };
}

/** Patch 1 creates Thing (with a stale Since), patch 2 touches something else, patch 3 adds a member to Thing. */
function series(root: string, version = ''): MailSpec[] {
  return [
    { subject: `[PATCH${version} 1/3] qapi: add Thing`, id: `${root}-1`, root: `${root}-0`, diff: createThing('10.0') },
    {
      subject: `[PATCH${version} 2/3] qapi: unrelated`,
      id: `${root}-2`,
      root: `${root}-0`,
      diff: createThing('10.1').replace(/Thing/g, 'Other').replace(/thing/g, 'other'),
    },
    { subject: `[PATCH${version} 3/3] qapi: Thing gets @c`, id: `${root}-3`, root: `${root}-0`, diff: addToThing('shown') },
  ];
}

async function* slowly(list: readonly RawMessage[]): AsyncGenerator<RawMessage> {
  for (const m of list) {
    // An idle worker takes what there is: one message per batch, so no worker sees a series whole.
    await new Promise((resolve) => setTimeout(resolve, 40));
    yield m;
  }
}

async function collect(results: AsyncIterable<MessageResult>): Promise<MessageResult[]> {
  const out: MessageResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

const memberFindings = (r: MessageResult) => r.findings.filter((f) => f.message.includes('new member @c')).map((f) => `${f.file}:${f.line}`);

describe('series memory in the pipeline', () => {
  const input = [...series('a'), { subject: '[PATCH] qapi: Thing gets @c', id: 'lone', diff: addToThing('shown') }, ...series('b').slice(2)].map(raw);

  it('knows what patch 1 created when it reviews patch 3, and only within the series', async () => {
    const results = await collect(
      reviewMessages(
        (async function* () {
          yield* input;
        })(),
        qapi,
        { settings },
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['reviewed', 'reviewed', 'reviewed', 'reviewed', 'reviewed']);
    // Patch 1 itself is told its Since is stale; patch 3 adds to a definition that is new.
    expect(results[0]!.findings.map((f) => f.rule)).toEqual(['qapi/since-version']);
    expect(memberFindings(results[2]!)).toEqual([]);
    // The same patch alone, or as patch 3 of a series whose patch 1 is not in the input, is judged on what it shows.
    expect(memberFindings(results[3]!)).toEqual(['qapi/thing.json:6']);
    expect(memberFindings(results[4]!)).toEqual(['qapi/thing.json:6']);
  });

  it('gives the same results on worker threads, the series split across batches', async () => {
    const sequential = await collect(
      reviewMessages(
        (async function* () {
          yield* input;
        })(),
        qapi,
        { settings },
      ),
    );
    const parallel = await collect(reviewMessagesParallel(slowly(input), { rules: qapi, settings, startThreadsAfter: 0 }, 2));
    expect(parallel).toEqual(sequential);
  }, 30_000);

  it('keeps a series without a cover letter together: patches 2..n thread under patch 1', async () => {
    const coverless = series('c').map(({ root: _root, ...m }, i): MailSpec => (i === 0 ? m : { ...m, root: 'c-1' }));
    const results = await collect(
      reviewMessages(
        (async function* () {
          yield* coverless.map(raw);
        })(),
        qapi,
        { settings },
      ),
    );
    expect(memberFindings(results[2]!)).toEqual([]);
  });

  it('forgets a series when a patch of another series, a lone patch or a restart comes between', async () => {
    const v2 = series('a', ' v2');
    const input2 = [
      series('a')[0]!,
      { subject: '[PATCH] other', id: 'x', diff: createThing('10.1').replace(/Thing/g, 'X').replace(/thing/g, 'x') },
      series('a')[2]!,
      v2[0]!,
      v2[2]!,
    ].map(raw);
    const results = await collect(
      reviewMessages(
        (async function* () {
          yield* input2;
        })(),
        qapi,
        { settings },
      ),
    );
    expect(memberFindings(results[2]!)).toEqual(['qapi/thing.json:6']);
    expect(memberFindings(results[4]!)).toEqual([]);
  });
});

describe('SeriesRuns', () => {
  it('hands out memory that later patches do not change', () => {
    const runs = new SeriesRuns();
    const first = runs.enter({ key: 's', number: 1, total: 3 }, 0)!;
    runs.record(0, { added: ['qapi-definition:A'], removed: [] });
    const second = runs.enter({ key: 's', number: 2, total: 3 }, 1)!;
    runs.record(1, { added: ['qapi-definition:B'], removed: ['qapi-name:C'] });
    const third = runs.enter({ key: 's', number: 3, total: 3 }, 2)!;
    expect([[...first.added], [...first.removed]]).toEqual([[], []]);
    expect([[...second.added], [...second.removed]]).toEqual([['qapi-definition:A'], []]);
    expect([[...third.added], [...third.removed]]).toEqual([['qapi-definition:A', 'qapi-definition:B'], ['qapi-name:C']]);
  });

  it('starts again at a lower number, another key, or a lone patch', () => {
    const runs = new SeriesRuns();
    const size = (m: { added: ReadonlySet<string> } | null) => m?.added.size ?? null;
    runs.enter({ key: 's', number: 1, total: 3 }, 0);
    runs.record(0, { added: ['k'], removed: [] });
    expect(size(runs.enter({ key: 's', number: 1, total: 3 }, 1))).toBe(0);
    runs.record(1, { added: ['k'], removed: [] });
    expect(size(runs.enter({ key: 't', number: 2, total: 3 }, 2))).toBe(0);
    runs.record(2, { added: ['k'], removed: [] });
    expect(runs.enter(null, 3)).toBeNull();
    runs.record(3, { added: [], removed: [] });
    expect(size(runs.enter({ key: 't', number: 3, total: 3 }, 4))).toBe(0);
  });

  it("tells whether a worker's review used the memory the whole input gives", () => {
    const truth = new SeriesRuns();
    const step = (runStart: number, remembered: number, added: string[] = []) => ({
      place: { key: 's', number: runStart + 1, total: 3 },
      runStart,
      remembered,
      trace: { added, removed: [] },
    });
    // Patch 1 starts the run; patch 2 was reviewed by a worker that began its run there.
    expect(truth.replay({ ...step(0, 0, ['qapi-definition:A']), place: { key: 's', number: 1, total: 3 } }, 0)).toBe(true);
    expect(truth.replay({ ...step(1, 0), place: { key: 's', number: 2, total: 3 } }, 1)).toBe(false);
    // With nothing to remember, where the run began makes no difference.
    const empty = new SeriesRuns();
    expect(empty.replay({ ...step(0, 0), place: { key: 's', number: 1, total: 3 } }, 0)).toBe(true);
    expect(empty.replay({ ...step(1, 0), place: { key: 's', number: 2, total: 3 } }, 1)).toBe(true);
  });

  it('holds a finding that waits for the rest of its series until the series ends, on worker threads too', async () => {
    const macro = rules.filter((r) => r.meta.id === 'c/single-use-macro');
    const c = (start: number, ...lines: string[]) => hunkDiff('hw/gi.c', [{ start, lines: [' int a;', ...lines.map((l) => `+${l}`), ' int b;'] }]);
    const split = [
      { subject: '[PATCH 1/3] gi: name the property', id: 'm-1', root: 'm-0', diff: c(10, '#define GI_PROP "pci-dev"') },
      { subject: '[PATCH 2/3] gi: unrelated', id: 'm-2', root: 'm-0', diff: c(20, 'int z;') },
      { subject: '[PATCH 3/3] gi: use it', id: 'm-3', root: 'm-0', diff: c(30, 'p = GI_PROP;') },
      { subject: '[PATCH] gi: lone', id: 'lone-m', diff: c(40, 'int y;') },
    ].map(raw);
    const sequential = await collect(
      reviewMessages(
        (async function* () {
          yield* split;
        })(),
        macro,
        { settings },
      ),
    );
    expect(sequential.map((r) => r.findings.map((f) => `${f.rule}:${f.line}`))).toEqual([['c/single-use-macro:11'], [], [], []]);
    expect(sequential.every((r) => r.series === undefined)).toBe(true);
    const parallel = await collect(reviewMessagesParallel(slowly(split), { rules: macro, settings, startThreadsAfter: 0 }, 2));
    expect(parallel).toEqual(sequential);
  }, 30_000);
});
