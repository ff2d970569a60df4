/**
 * --max-message-size: a message over the limit is passed over (listed, with the limit) while the
 * stream goes on, and is never held whole, however it is shaped: many lines, one endless line,
 * a huge header line, a gzip bomb.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MESSAGE_SIZE, formatSize, readInputs, type ReadOptions } from '../../src/mail/input.js';
import { MboxSplitter, type MboxMessage } from '../../src/mail/mbox.js';
import type { RawMessage, UnreadableInput } from '../../src/mail/types.js';
import { reviewMessages } from '../../src/review/review.js';

const dir = mkdtempSync(path.join(tmpdir(), 'qemu-review-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function collect(paths: string[], options: ReadOptions = {}): Promise<(RawMessage | UnreadableInput)[]> {
  const out: (RawMessage | UnreadableInput)[] = [];
  for await (const m of readInputs(paths, options)) out.push(m);
  return out;
}

/** What the splitter makes of `input` pushed in chunks of `size` bytes. */
function split(input: Buffer, limit: number, size: number): { offset: number; text: string; tooLarge?: number }[] {
  const splitter = new MboxSplitter({ maxMessageSize: limit });
  const out: MboxMessage[] = [];
  for (let i = 0; i < input.length; i += size) out.push(...splitter.push(input.subarray(i, i + size)));
  out.push(...splitter.end());
  return out.map((m) => ({ offset: m.offset, text: m.bytes.toString('latin1'), ...(m.tooLarge !== undefined ? { tooLarge: m.tooLarge } : {}) }));
}

const mail = (n: number, body: string): string => `From ${n} Mon Sep 17 00:00:00 2001\nSubject: m${n}\n\n${body}`;

describe('MboxSplitter with a size limit', () => {
  const small = mail(1, 'one\n');
  const bigBody = 'x'.repeat(50) + '\n';
  const cases: [string, string][] = [
    ['many lines', bigBody.repeat(400)],
    ['one long line', `${'y'.repeat(20_000)}\n`],
    ['one long line without a final newline', 'z'.repeat(20_000)],
    ['lines of From after blank lines that are no envelopes', '\nFrom here on\n'.repeat(2000)],
    ['CRLF lines', 'w\r\n\r\n'.repeat(4000)],
  ];
  it.each(cases)('%s: the message over the limit comes out as its size; those around it are intact', (_name, body) => {
    const big = mail(2, body);
    const last = mail(3, 'three\n');
    const endsWithNewline = body.endsWith('\n');
    const input = Buffer.from(endsWithNewline ? `${small}\n${big}\n${last}` : `${small}\n${big}`, 'latin1');
    const bigSize = Buffer.byteLength(big) - big.indexOf('\n') - 1;
    for (const chunk of [1, 7, 100, 4096, input.length]) {
      const out = split(input, 10_000, chunk);
      const expected: { offset: number; text: string; tooLarge?: number }[] = [
        { offset: 0, text: 'Subject: m1\n\none\n' },
        { offset: small.length + 1, text: '', tooLarge: bigSize },
      ];
      if (endsWithNewline) expected.push({ offset: small.length + 1 + big.length + 1, text: 'Subject: m3\n\nthree\n' });
      expect(out, `chunks of ${chunk}`).toEqual(expected);
    }
  });

  it('a message of exactly the limit is kept', () => {
    const body = 'a'.repeat(100 - 'Subject: m1\n\n'.length);
    const out = split(Buffer.from(mail(1, body)), 100, 9);
    expect(out).toEqual([{ offset: 0, text: `Subject: m1\n\n${body}` }]);
    expect(split(Buffer.from(mail(1, `${body}b`)), 100, 9)).toEqual([{ offset: 0, text: '', tooLarge: 101 }]);
  });

  it('a header line longer than the limit still opens its message after an envelope', () => {
    const input = Buffer.from(`${mail(1, 'one\n')}\nFrom 2 x\nX-Long: ${'h'.repeat(50_000)}\nSubject: two\n\nbody\n\n${mail(3, 'three\n')}`);
    const out = split(input, 10_000, 1000);
    expect(out.map((m) => m.text.split('\n')[0])).toEqual(['Subject: m1', '', 'Subject: m3']);
    expect(out[1]).toMatchObject({ tooLarge: 8 + 50_000 + 1 + 'Subject: two\n\nbody\n'.length });
  });

  it('does not keep the chunks of a line over the limit', () => {
    // 64 chunks of 1 MiB make one line; with a limit of 1 MiB what is still referenced stays small.
    const splitter = new MboxSplitter({ maxMessageSize: 1 << 20 });
    splitter.push(Buffer.from('From 1 x\nSubject: s\n\n'));
    const chunk = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 64; i++) splitter.push(Buffer.from(chunk));
    // Reaching into the splitter's state is the only way to see what it holds.
    const held = (splitter as unknown as { partial: Buffer[] }).partial.reduce((n, b) => n + b.length, 0);
    expect(held).toBeLessThanOrEqual(4096);
    const [message] = splitter.end();
    expect(message).toMatchObject({ tooLarge: 'Subject: s\n\n'.length + 64 * (1 << 20) });
  });
});

describe('readInputs with --max-message-size', () => {
  it('lists an mbox message over the limit with the limit, and goes on', async () => {
    const file = write('big.mbox', `${mail(1, 'one\n')}\n${mail(2, 'x'.repeat(3000))}\n\n${mail(3, 'three\n')}`);
    const out = await collect([file], { maxMessageSize: 1024, chunkSize: 100 });
    expect(out.map((m) => ('bytes' in m ? 'raw' : m.error))).toEqual([
      'raw',
      `the message is 2.9 KiB (${'Subject: m2\n\n'.length + 3000 + 1} bytes), over the limit of 1 KiB (--max-message-size)`,
      'raw',
    ]);
    expect(out[1]).toMatchObject({ tooLarge: true, index: 1, source: file });
  });

  it('stops reading a single message at the limit', async () => {
    const file = write('big.eml', `Subject: one\n\n${'x'.repeat(5000)}\n`);
    expect(await collect([file], { maxMessageSize: 2048, chunkSize: 512 })).toEqual([
      { index: 0, source: file, offset: 0, error: 'the message is larger than the limit of 2 KiB (--max-message-size)', tooLarge: true },
    ]);
  });

  it('inflates a gzip bomb in bounded steps: 256 MiB of zeros from 256 KiB', async () => {
    const zeros = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    const head = gzipSync(`${mail(1, 'one\n')}\nFrom 2 x\nSubject: bomb\n\n`);
    const tail = gzipSync(`\n\n${mail(3, 'three\n')}`);
    const file = write('bomb.mbox.gz', Buffer.concat([head, zeros, zeros, zeros, zeros, tail]));
    let peak = 0;
    const out: (RawMessage | UnreadableInput)[] = [];
    for await (const m of readInputs([file], { maxMessageSize: 1 << 20 })) {
      out.push(m);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
    expect(out.map((m) => ('bytes' in m ? m.bytes.toString().split('\n')[0] : m.error))).toEqual([
      'Subject: m1',
      `the message is 256.0 MiB (${'Subject: bomb\n\n'.length + 4 * (64 << 20) + 1} bytes), over the limit of 1 MiB (--max-message-size)`,
      'Subject: m3',
    ]);
    // Never anywhere near the 256 MiB the message inflates to.
    expect(peak).toBeLessThan(128 << 20);
  }, 120_000);

  it('reports the skip with its reason, as "too large"', async () => {
    const file = write('two.mbox', `${mail(1, `${'x'.repeat(3000)}\n`)}\n${mail(2, 'two\n')}`);
    const results = [];
    for await (const r of reviewMessages(readInputs([file], { maxMessageSize: 1024 }), [])) results.push(r);
    expect(results[0]).toMatchObject({
      status: 'skipped',
      reason: { kind: 'too-large', text: `too large: the message is 2.9 KiB (${13 + 3001} bytes), over the limit of 1 KiB (--max-message-size)` },
    });
    expect(results[1]).toMatchObject({ status: 'skipped', reason: { kind: 'not-a-patch', text: 'not a patch: no diff in the message' } });
  });

  it('has a generous default', () => {
    expect(formatSize(DEFAULT_MAX_MESSAGE_SIZE)).toBe('64 MiB');
    expect(formatSize(1500)).toBe('1.5 KiB (1500 bytes)');
  });
});
