/**
 * The review on worker threads gives what the sequential review gives, result for result and
 * in input order, and loses no message when a worker crashes or hangs.
 * The workers run the build (npm test builds first).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules } from '../../rules/index.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import { reviewMessagesParallel } from '../../src/review/parallel.js';
import type { RawMessage, UnreadableInput } from '../../src/mail/types.js';
import type { Rule } from '../../src/engine/types.js';
import { passMails } from '../../src/bench/corpus.js';
import type { QemuFileDiff } from '../../src/bench/qemu-diffs.js';
import { tempDir } from '../support/temp.js';

type Input = RawMessage | UnreadableInput;

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect(results: AsyncIterable<MessageResult>): Promise<MessageResult[]> {
  const out: MessageResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

function diffs(): QemuFileDiff[] {
  return Array.from({ length: 12 }, (_v, i) => {
    const path = i % 2 === 0 ? 'qapi/migration.json' : 'hw/core/machine.c';
    const added = i % 2 === 0 ? ['+##', `+# @x-knob-${i}: An experimental knob.  Since 10.0`, '+##'] : [`+#define HELPER_${i}(x) do { a(x); b(x); } while (0)`];
    const text = [
      `diff --git a/${path} b/${path}`,
      'index 1111111..2222222 100644',
      `--- a/${path}`,
      `+++ b/${path}`,
      `@@ -1,2 +1,${2 + added.length} @@`,
      ' a',
      ...added,
      ' b',
      '',
    ].join('\n');
    return { path, text, added: added.length, removed: 0 };
  });
}

/** Generated patch mails, replies and cover letters, plus noise and unreadable inputs. */
const inputs = fc
  .record({
    passes: fc.integer({ min: 0, max: 2 }),
    noise: fc.array(fc.oneof(fc.string({ maxLength: 50 }), fc.constant('Subject: no body')), { maxLength: 4 }),
    unreadable: fc.array(fc.nat(), { maxLength: 3 }),
    seed: fc.nat(),
  })
  .map(({ passes, noise, unreadable, seed }) => {
    const bytes: Buffer[] = [];
    for (let p = 0; p <= passes; p++) for (const m of passMails(diffs(), seed, p)) bytes.push(m.bytes);
    for (const n of noise) bytes.splice(seed % (bytes.length + 1), 0, Buffer.from(n));
    const list: Input[] = bytes.map((b, index) => ({ index, source: 'gen.mbox', offset: index * 100, bytes: b }));
    for (const u of unreadable) list.splice(u % (list.length + 1), 0, { index: -1, source: 'broken.gz', offset: 0, error: 'truncated gzip data' });
    return list.map((item, index) => ({ ...item, index }));
  });

describe('parallel review (property)', () => {
  it('yields the sequential results, in input order, on 2 and 3 workers', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, fc.constantFrom(2, 3), fc.boolean(), async (list, jobs, keepMail) => {
        const sequential = await collect(reviewMessages(from(list), rules));
        const parallel = await collect(reviewMessagesParallel(from(list), { rules, keepMail, startThreadsAfter: 0 }, jobs));
        // Without keepMail the workers send neither the mail nor the patch read from it.
        expect(parallel).toEqual(keepMail ? sequential : sequential.map(({ patch: _patch, ...r }) => ({ ...r, mail: null })));
      }),
      { numRuns: 4 },
    );
  }, 60_000);

  it('stops its workers when the consumer stops early', async () => {
    const list = fc.sample(inputs, { numRuns: 1, seed: 1 })[0]!;
    let seen = 0;
    for await (const r of reviewMessagesParallel(from(list), { rules, startThreadsAfter: 0 }, 2)) {
      expect(r.index).toBe(seen);
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
  }, 30_000);
});

/** A rules module whose one rule brings its worker down on chosen subjects. */
function hostileRules(): { url: URL; rules: Rule[] } {
  const dir = tempDir('qemu-review-parallel-');
  const file = join(dir, 'rules.mjs');
  writeFileSync(
    file,
    `export const rules = [{
  meta: { id: 'test/hostile', description: 'misbehaves on purpose', severity: 'info', source: { title: 'test' }, messages: { x: 'x' }, scope: 'patch' },
  create(context) {
    const subject = context.patch.mail.subject.raw;
    if (subject.includes('CRASH')) process.exit(3);
    if (subject.includes('HANG')) for (;;) {}
    if (subject.includes('THROW')) throw new Error('rule bug');
    return {};
  },
}];
`,
  );
  const rule: Rule = { meta: { id: 'test/hostile', description: '', severity: 'info', source: { title: 'test' }, messages: { x: 'x' } }, create: () => ({}) };
  return { url: pathToFileURL(file), rules: [rule] };
}

function patchMail(index: number, subject: string): RawMessage {
  const text = `From: a@b\nSubject: [PATCH] ${subject}\nMessage-ID: <${index}@x>\n\nBody.\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n`;
  return { index, source: 'test', offset: index, bytes: Buffer.from(text) };
}

describe('parallel review: failures', () => {
  it('skips only the message that crashes its worker, with the reason, and reviews the rest', async () => {
    const hostile = hostileRules();
    const list = Array.from({ length: 40 }, (_v, i) => patchMail(i, i === 17 ? 'CRASH here' : i === 29 ? 'THROW here' : `fine ${i}`));
    const results = await collect(reviewMessagesParallel(from(list), { rules: hostile.rules, rulesModule: hostile.url, startThreadsAfter: 0 }, 2));
    expect(results.map((r) => r.index)).toEqual(list.map((m) => m.index));
    expect(results.filter((r) => r.status === 'skipped').map((r) => [r.index, r.reason?.kind, r.reason?.text])).toEqual([
      [17, 'internal-error', 'internal error: reviewing this message stopped the review worker (exit code 3)'],
    ]);
    // A rule that throws is the engine's business, as in the sequential path: a failure, not a skip.
    expect(results[29]!.failures).toEqual([{ rule: 'test/hostile', error: 'rule bug' }]);
  }, 60_000);

  it('skips a message whose review hangs, once the time limit passes', async () => {
    const hostile = hostileRules();
    const list = Array.from({ length: 12 }, (_v, i) => patchMail(i, i === 5 ? 'HANG here' : `fine ${i}`));
    const results = await collect(
      reviewMessagesParallel(from(list), { rules: hostile.rules, rulesModule: hostile.url, messageTimeoutMs: 1000, startThreadsAfter: 0 }, 2),
    );
    expect(results).toHaveLength(12);
    expect(results.filter((r) => r.status === 'skipped').map((r) => [r.index, r.reason?.kind, r.reason?.text])).toEqual([
      [5, 'internal-error', 'internal error: reviewing this message took longer than 1000 ms'],
    ]);
  }, 60_000);

  it('reviews a short input on the main thread: no worker is started for a few mails', async () => {
    const missing = pathToFileURL(join(tmpdir(), 'no-such-dir-qemu-review', 'rules.mjs'));
    const results = await collect(reviewMessagesParallel(from([patchMail(0, 'x')]), { rules, rulesModule: missing }, 2));
    expect(results.map((r) => r.status)).toEqual(['reviewed']);
  });

  it('gives up with an error when workers cannot even start', async () => {
    const missing = pathToFileURL(join(tmpdir(), 'no-such-dir-qemu-review', 'rules.mjs'));
    await expect(collect(reviewMessagesParallel(from([patchMail(0, 'x')]), { rules, rulesModule: missing, startThreadsAfter: 0 }, 2))).rejects.toThrow(
      /keep failing before they can start/,
    );
  }, 60_000);
});
