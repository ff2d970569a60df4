/**
 * The mbox splitter on random archives: messages whose bodies hold `From ` lines at every
 * quoting depth, written as mboxrd and fed in arbitrary chunks, come back byte for byte.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MboxSplitter, mboxRunSettings, type MboxEscape, type MboxMessage } from '../../src/mail/mbox.js';

const RUNS = { numRuns: 150 };

/** Body lines that matter to an mbox: `From ` at any quoting depth, blank lines, plain text. */
const bodyLine = fc.oneof(
  fc.constantFrom(
    '',
    'From ',
    'From the spec, a device resets.',
    'From: not a header here',
    '>From quoted',
    '>>From deeper',
    '>>>From ',
    ' From indented',
    'From nobody Mon Jan  1 00:00:00 2001',
  ),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  fc.tuple(fc.constantFrom('From ', '>From ', '>>From '), fc.string({ maxLength: 20 })).map(([a, b]) => a + b.replace(/[\r\n]/g, '')),
);

/** A message: header lines (so that an envelope before it is recognised), a blank line, a body. */
const message = fc
  .record({
    subject: fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
    body: fc.array(bodyLine, { maxLength: 12 }),
    crlf: fc.boolean(),
  })
  .map(({ subject, body, crlf }) => {
    const eol = crlf ? '\r\n' : '\n';
    // A message ends with its last line's newline; the writer adds the separator.
    const lines = [`Subject: ${subject}`, 'From: a@b', '', ...body];
    return Buffer.from(lines.map((l) => l + eol).join(''), 'utf8');
  });

/** What mboxrd writers do: one more `>` on every `>*From ` line. */
function escapeMboxrd(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1');
}

function writeMbox(messages: Buffer[]): { mbox: Buffer; offsets: number[] } {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const m of messages) {
    const entry = Buffer.concat([Buffer.from('From mboxrd@z Thu Jan  1 00:00:00 1970\n'), escapeMboxrd(m), Buffer.from('\n')]);
    offsets.push(at);
    at += entry.length;
    parts.push(entry);
  }
  return { mbox: Buffer.concat(parts), offsets };
}

/**
 * Splits `input` fed in chunks of the given sizes (cycled), as a stream would deliver it;
 * `afterChunk` sees the splitter after each chunk.
 */
function splitChunked(
  input: Buffer,
  sizes: number[],
  escape: MboxEscape = 'mboxrd',
  options: { maxMessageSize?: number; afterChunk?: (splitter: MboxSplitter) => void } = {},
): MboxMessage[] {
  const splitter = new MboxSplitter({ escape, ...(options.maxMessageSize === undefined ? {} : { maxMessageSize: options.maxMessageSize }) });
  const out: MboxMessage[] = [];
  let at = 0;
  let i = 0;
  while (at < input.length) {
    const size = Math.max(1, sizes.length === 0 ? input.length : sizes[i++ % sizes.length]!);
    // Copies, so no chunk shares memory with the next: a stream hands over fresh buffers.
    out.push(...splitter.push(Buffer.from(input.subarray(at, at + size))));
    options.afterChunk?.(splitter);
    at += size;
  }
  out.push(...splitter.end());
  return out;
}

/**
 * Without escaping, a body `From ` line followed by a header-like line does start a message
 * (git mailsplit's rule too): bodies without header-like lines are what the splitter promises to keep.
 */
const plainMessage = fc
  .array(
    bodyLine.filter((l) => !/^[\x21-\x39\x3b-\x7e]+:/.test(l)),
    { maxLength: 12 },
  )
  .map((body) => Buffer.from(['Subject: s', 'From: a@b', '', ...body].map((l) => `${l}\n`).join(''), 'utf8'));

const chunkSizes = fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 8 });

describe('mbox splitter (property)', () => {
  it('gives back every message of an mboxrd archive, byte for byte, at its offset, however chunked', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), chunkSizes, (messages, sizes) => {
        const { mbox, offsets } = writeMbox(messages);
        const split = splitChunked(mbox, sizes);
        expect(split.map((m) => m.bytes.toString('latin1'))).toEqual(messages.map((m) => m.toString('latin1')));
        expect(split.map((m) => m.offset)).toEqual(offsets);
      }),
      RUNS,
    );
  });

  it('unescapes exactly what mboxrd escaping added', () => {
    fc.assert(
      fc.property(fc.array(bodyLine, { maxLength: 20 }), (lines) => {
        const text = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
        const mail = Buffer.concat([Buffer.from('Subject: x\n\n'), text]);
        const [only] = splitChunked(writeMbox([mail]).mbox, []);
        expect(only?.bytes.equals(mail)).toBe(true);
      }),
      RUNS,
    );
  });

  it('cuts any input the same way whatever the chunk boundaries (and never throws)', () => {
    const noise = fc.array(
      fc.oneof(fc.constantFrom('From x\n', 'From \n', '\n', '\r\n', 'Subject: s\n', '>From y\n', 'From a\r\nB: c\r\n'), fc.string({ maxLength: 12 })),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(noise, chunkSizes, fc.constantFrom<MboxEscape>('mboxrd', 'mboxo', 'none'), (pieces, sizes, escape) => {
        const input = Buffer.from(pieces.join(''), 'utf8');
        const whole = splitChunked(input, [], escape);
        const chunked = splitChunked(input, sizes, escape);
        expect(chunked.map((m) => [m.offset, m.bytes.toString('latin1')])).toEqual(whole.map((m) => [m.offset, m.bytes.toString('latin1')]));
      }),
      RUNS,
    );
  });

  it('never loses bytes of a message: without escapes, the messages are the input minus envelopes and separators', () => {
    fc.assert(
      fc.property(fc.array(plainMessage, { minLength: 1, maxLength: 5 }), (messages) => {
        // Raw `git format-patch --stdout` style: nothing escaped, so body `From ` lines stay put.
        const mbox = Buffer.concat(messages.map((m) => Buffer.concat([Buffer.from('From 0000 Mon Sep 17 00:00:00 2001\n'), m, Buffer.from('\n')])));
        const split = splitChunked(mbox, [], 'none');
        const total = split.reduce((n, m) => n + m.bytes.length, 0);
        expect(total).toBeLessThanOrEqual(mbox.length);
        expect(split.length).toBeGreaterThanOrEqual(1);
        expect(split.map((m) => m.bytes.toString('latin1')).join('')).toBe(messages.map((m) => m.toString('latin1')).join(''));
      }),
      RUNS,
    );
  });
});

describe('mbox splitter: lines taken as runs (property)', () => {
  /** Lines that make the splitter stop and look: separators, envelopes, escapes, headers, CRLF blanks. */
  const anyLine = fc.oneof(
    fc.constantFrom('', '\r', 'From ', 'From a@b Mon Jan  1 00:00:00 2001', '>From x', '>>From y', '>>>From ', '>quoted', 'Subject: s', 'X: y', ' From z'),
    fc.string({ maxLength: 30 }).map((s) => s.replace(/\n/g, ' ')),
  );
  const input = fc
    .array(fc.tuple(anyLine, fc.boolean()), { maxLength: 60 })
    .map((lines) => Buffer.from(lines.map(([l, crlf]) => l + (crlf ? '\r\n' : '\n')).join(''), 'latin1'));

  const split = (bytes: Buffer, sizes: number[], escape: MboxEscape, maxMessageSize: number | undefined, runs: boolean) => {
    const before = mboxRunSettings.enabled;
    mboxRunSettings.enabled = runs;
    try {
      const seen: number[] = [];
      const options = { afterChunk: (splitter: MboxSplitter) => seen.push(splitter.bytesSeen, splitter.pendingOffset ?? -1) };
      const out = splitChunked(bytes, sizes, escape, maxMessageSize === undefined ? options : { ...options, maxMessageSize });
      return { messages: out.map((m) => ({ ...m, bytes: m.bytes.toString('latin1') })), seen };
    } finally {
      mboxRunSettings.enabled = before;
    }
  };

  it('cuts every input exactly as the line-by-line path does, whatever the chunks, escapes and size limit', () => {
    fc.assert(
      fc.property(
        input,
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }),
        fc.constantFrom<MboxEscape>('mboxrd', 'mboxo', 'none'),
        fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
        (bytes, sizes, escape, limit) => {
          expect(split(bytes, sizes, escape, limit, true)).toEqual(split(bytes, sizes, escape, limit, false));
        },
      ),
      { numRuns: 600 },
    );
  });
});
