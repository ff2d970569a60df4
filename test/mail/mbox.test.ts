import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MboxSplitter, splitMbox, type MboxMessage, type SplitOptions } from '../../src/mail/mbox.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail');
const fixture = (name: string): Buffer => readFileSync(path.join(fixtures, name));

/** Feeds `input` in chunks of `size` bytes (the whole input when size is 0). */
async function* chunked(input: Buffer, size: number): AsyncGenerator<Buffer> {
  if (size === 0) {
    yield input;
    return;
  }
  for (let i = 0; i < input.length; i += size) yield input.subarray(i, i + size);
}

async function split(input: string | Buffer, options: SplitOptions = {}, size = 0): Promise<MboxMessage[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const out: MboxMessage[] = [];
  for await (const m of splitMbox(chunked(bytes, size), options)) out.push(m);
  return out;
}

const texts = (messages: MboxMessage[]): string[] => messages.map((m) => m.bytes.toString('latin1'));

describe('splitMbox: envelopes', () => {
  it('splits on envelopes, strips them and the separator blank line, and reports their offsets', async () => {
    const mbox = 'From a@b Mon Oct  6 15:23:06 2025\nSubject: one\n\nbody 1\n\nFrom c@d Tue Oct  7 1:2:3 2025\nSubject: two\n\nbody 2\n';
    const messages = await split(mbox);
    expect(texts(messages)).toEqual(['Subject: one\n\nbody 1\n', 'Subject: two\n\nbody 2\n']);
    expect(messages.map((m) => m.offset)).toEqual([0, mbox.indexOf('From c@d')]);
  });

  it('accepts the non-standard envelopes real archives have', async () => {
    for (const envelope of ['From A', 'From nobody', 'From x@y Mon Feb 12 8:54:21 2018', 'From ']) {
      const mbox = `${envelope}\nSubject: one\n\nbody\n\n${envelope}\nSubject: two\n\nbody\n`;
      expect(texts(await split(mbox)), envelope).toEqual(['Subject: one\n\nbody\n', 'Subject: two\n\nbody\n']);
    }
  });

  it('does not split on an unescaped `From ` body line followed by text (raw git format-patch)', async () => {
    const mbox = 'From a\nSubject: one\n\nIntro.\n\nFrom 2019 onwards the spec changed.\nMore text.\n\nFrom a\nSubject: two\n\nx\n';
    const messages = await split(mbox, { escape: 'none' });
    expect(messages).toHaveLength(2);
    expect(messages[0]!.bytes.toString()).toBe('Subject: one\n\nIntro.\n\nFrom 2019 onwards the spec changed.\nMore text.\n');
  });

  it('does not split on a `From ` line that follows text rather than a blank line', async () => {
    const mbox = 'From a\nSubject: one\n\ntext\nFrom b\nSubject: looks like a header\n';
    expect(texts(await split(mbox))).toEqual(['Subject: one\n\ntext\nFrom b\nSubject: looks like a header\n']);
  });

  it('keeps a `From ` line at the very end as body text', async () => {
    expect(texts(await split('From a\nSubject: one\n\nbody\n\nFrom the end'))).toEqual(['Subject: one\n\nbody\n\nFrom the end']);
  });

  it('strips only one blank line before an envelope, and one after the last message', async () => {
    const mbox = 'From a\nS: 1\n\nbody\n\n\nFrom a\nS: 2\n\nbody\n\n\n';
    expect(texts(await split(mbox))).toEqual(['S: 1\n\nbody\n\n', 'S: 2\n\nbody\n\n']);
  });

  it('keeps a message that has no final newline', async () => {
    expect(texts(await split('From a\nS: 1\n\nbody\n\nFrom a\nS: 2\n\nlast line'))).toEqual(['S: 1\n\nbody\n', 'S: 2\n\nlast line']);
  });

  it('keeps content before the first envelope as a message of its own at offset 0', async () => {
    const messages = await split('\n\nstray text\n\nFrom a\nS: 1\n\nbody\n');
    expect(texts(messages)).toEqual(['stray text\n', 'S: 1\n\nbody\n']);
    expect(messages[0]!.offset).toBe(2);
  });

  it('gives nothing for empty input', async () => {
    expect(await split('')).toEqual([]);
    expect(await split('\n\n')).toEqual([]);
  });
});

describe('splitMbox: un-escaping', () => {
  const mbox = 'From a\nS: 1\n\n>From x\n>>From y\n>>>From z\n> From not escaped\n>Fromage\n';

  it('mboxrd removes one > from every >+From line', async () => {
    expect(texts(await split(mbox, { escape: 'mboxrd' }))).toEqual(['S: 1\n\nFrom x\n>From y\n>>From z\n> From not escaped\n>Fromage\n']);
  });

  it('is mboxrd by default', async () => {
    expect(await split(mbox)).toEqual(await split(mbox, { escape: 'mboxrd' }));
  });

  it('mboxo un-escapes only >From', async () => {
    expect(texts(await split(mbox, { escape: 'mboxo' }))).toEqual(['S: 1\n\nFrom x\n>>From y\n>>>From z\n> From not escaped\n>Fromage\n']);
  });

  it('none keeps the bytes', async () => {
    expect(texts(await split(mbox, { escape: 'none' }))).toEqual([mbox.slice('From a\n'.length)]);
  });

  it('round-trips an mboxrd file back to the mails it was written from', async () => {
    const messages = await split(fixture('series.mboxrd'));
    expect(messages.map((m) => m.bytes)).toEqual([fixture('series-1.eml'), fixture('series-2.eml'), fixture('series-3.eml')]);
  });

  it('leaves a raw format-patch stream intact with escape none', async () => {
    const messages = await split(fixture('format-patch.mbox'), { escape: 'none' });
    expect(messages).toHaveLength(2);
    expect(messages[0]!.bytes.toString()).toContain('\n\nFrom 2019 onwards the spec changed.\n\n');
  });
});

describe('splitMbox: bytes and chunks', () => {
  it('handles CRLF mboxes: CRLF blank lines separate, line ends are kept', async () => {
    const lf = await split(fixture('series.mboxrd'));
    const crlf = await split(fixture('series-crlf.mboxrd'));
    expect(crlf.map((m) => m.bytes.toString('latin1'))).toEqual(lf.map((m) => m.bytes.toString('latin1').replace(/\n/g, '\r\n')));
    const raw = fixture('series-crlf.mboxrd').toString('latin1');
    expect(crlf.map((m) => m.offset)).toEqual([0, raw.indexOf('\r\n\r\nFrom ') + 4, raw.lastIndexOf('\r\n\r\nFrom ') + 4]);
  });

  it('never decodes: latin-1 and invalid UTF-8 bytes come out unchanged', async () => {
    const body = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0x0a]);
    const mbox = Buffer.concat([Buffer.from('From a\nS: 1\n\n'), body]);
    const [message] = await split(mbox);
    expect(message!.bytes).toEqual(Buffer.concat([Buffer.from('S: 1\n\n'), body]));
  });

  it('gives identical output whatever the chunk size, 1-byte chunks included', async () => {
    const inputs = [
      fixture('series.mboxrd'),
      fixture('series-crlf.mboxrd'),
      fixture('format-patch.mbox'),
      Buffer.from('\nFrom a\nS: 1\n\n>From x\n\nFrom b\nS: 2\n\nFrom the end'),
    ];
    for (const input of inputs) {
      const whole = await split(input);
      for (const size of [1, 2, 3, 5, 7, 64, 4096]) {
        expect(await split(input, {}, size), `chunk size ${size}`).toEqual(whole);
      }
    }
  });

  it('does not keep finished messages: memory is bounded by the message being cut', () => {
    const splitter = new MboxSplitter();
    const message = Buffer.from('From a\nS: x\n\n' + 'line of text\n'.repeat(100) + '\n');
    const perPush: number[] = [];
    for (let i = 0; i < 2000; i++) perPush.push(splitter.push(message).length);
    // Each message is handed out (and forgotten) once the next envelope arrives.
    expect(perPush[0]).toBe(0);
    expect(perPush.slice(1).every((n) => n === 1)).toBe(true);
    expect(splitter.pendingOffset).toBe(1999 * message.length);
    expect(splitter.end()).toHaveLength(1);
    expect(splitter.pendingOffset).toBeNull();
  });

  it('reports the message in progress and the bytes seen', () => {
    const splitter = new MboxSplitter();
    splitter.push(Buffer.from('From a\nS: 1\n\nbody\n\nFrom b\nS: 2\n\npart'));
    expect(splitter.pendingOffset).toBe('From a\nS: 1\n\nbody\n\n'.length);
    expect(splitter.bytesSeen).toBe('From a\nS: 1\n\nbody\n\nFrom b\nS: 2\n\npart'.length);
  });

  it('emits each message as soon as the next envelope is confirmed', () => {
    const splitter = new MboxSplitter();
    expect(splitter.push(Buffer.from('From a\nS: 1\n\nbody\n\nFrom b\n'))).toEqual([]);
    expect(texts(splitter.push(Buffer.from('S: 2\n')))).toEqual(['S: 1\n\nbody\n']);
    expect(texts(splitter.end())).toEqual(['S: 2\n']);
  });
});
