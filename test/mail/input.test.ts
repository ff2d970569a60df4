import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { checkInputs, InputError, readInputs, STDIN_SOURCE, type ReadOptions } from '../../src/mail/input.js';
import type { RawMessage, UnreadableInput } from '../../src/mail/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail');
const fixture = (name: string): Buffer => readFileSync(path.join(fixtures, name));

async function collect(paths: string[], options: ReadOptions = {}): Promise<Array<RawMessage | UnreadableInput>> {
  const out: Array<RawMessage | UnreadableInput> = [];
  for await (const m of readInputs(paths, options)) out.push(m);
  return out;
}

async function* bytewise(input: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < input.length; i++) yield input.subarray(i, i + 1);
}

const isRaw = (m: RawMessage | UnreadableInput): m is RawMessage => 'bytes' in m;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'qemu-review-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

describe('readInputs: kinds of input', () => {
  it('splits an mbox file, with sources and offsets', async () => {
    const file = path.join(fixtures, 'series.mboxrd');
    const messages = await collect([file]);
    expect(messages).toHaveLength(3);
    expect(messages.every(isRaw)).toBe(true);
    expect(messages.map((m) => m.source)).toEqual([file, file, file]);
    expect((messages[0] as RawMessage).bytes).toEqual(fixture('series-1.eml'));
    const text = fixture('series.mboxrd').toString('latin1');
    expect(messages.map((m) => m.offset)).toEqual([0, text.indexOf('\n\nFrom ada') + 2, text.lastIndexOf('\n\nFrom ada') + 2]);
  });

  it('passes the escape option to the splitter', async () => {
    const [first] = await collect([path.join(fixtures, 'series.mboxrd')], { escape: 'none' });
    expect((first as RawMessage).bytes.toString()).toContain('\n>>From the spec');
  });

  it('reads a single mail without envelope as one message, never un-escaped', async () => {
    const file = write('single.eml', 'From: a@b\nSubject: x\n\n>From the top\n\nFrom here on\nX: y\n');
    const messages = await collect([file]);
    expect(messages).toEqual([{ index: 0, source: file, offset: 0, bytes: readFileSync(file) }]);
  });

  it('marks a bare diff', async () => {
    const [m] = await collect([path.join(fixtures, 'bare.diff')]);
    expect(m).toMatchObject({ bareDiff: true, offset: 0 });
    const unified = write('plain.diff', '--- a.c\t2025-01-01\n+++ b.c\t2025-01-02\n@@ -1 +1 @@\n-a\n+b\n');
    expect((await collect([unified]))[0]).toMatchObject({ bareDiff: true });
    const show = write('show.txt', 'commit 0123abcd\nAuthor: A <a@b>\n\n    msg\n\ndiff --git a/x b/x\n');
    expect((await collect([show]))[0]).toMatchObject({ bareDiff: true });
  });

  it('does not mark a mail that contains a diff as a bare diff', async () => {
    const [m] = await collect([path.join(fixtures, 'series-1.eml')]);
    expect((m as RawMessage).bareDiff).toBeUndefined();
  });

  it('passes anything else on as one message for the parser to judge', async () => {
    const file = write('notes.txt', 'Just some notes.\nNothing else.\n');
    expect(await collect([file])).toEqual([{ index: 0, source: file, offset: 0, bytes: readFileSync(file) }]);
  });

  it('gives no message for an empty or blank input', async () => {
    expect(await collect([write('empty', '')])).toEqual([]);
    expect(await collect([write('blank', '\n\r\n  \n')])).toEqual([]);
  });

  it('counts index across all inputs', async () => {
    const messages = await collect([path.join(fixtures, 'series.mboxrd'), path.join(fixtures, 'flowed.eml'), path.join(fixtures, 'format-patch.mbox')]);
    expect(messages.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('readInputs: gzip', () => {
  it('detects gzip by its magic bytes, whatever the name', async () => {
    const plain = await collect([path.join(fixtures, 'series.mboxrd')]);
    for (const name of ['lore.mbox.gz', 'no-suffix']) {
      const file = write(name, gzipSync(fixture('series.mboxrd')));
      const messages = await collect([file]);
      expect(messages.map((m) => ({ ...m, source: '' }))).toEqual(plain.map((m) => ({ ...m, source: '' })));
    }
  });

  it('decompresses a gzipped single mail', async () => {
    const file = write('one.eml.gz', gzipSync(fixture('flowed.eml')));
    expect(await collect([file])).toEqual([{ index: 0, source: file, offset: 0, bytes: fixture('flowed.eml') }]);
  });

  it('reads a multi-member gzip file as one stream', async () => {
    const mbox = fixture('series.mboxrd');
    const cut = mbox.indexOf('From ada', 10);
    const file = write('members.gz', Buffer.concat([gzipSync(mbox.subarray(0, cut)), gzipSync(mbox.subarray(cut))]));
    expect(await collect([file])).toHaveLength(3);
  });

  it('reports a truncated gzip as unreadable, keeps what came before, and goes on', async () => {
    const big = Buffer.concat(Array.from({ length: 200 }, () => fixture('series.mboxrd')));
    const gz = gzipSync(big);
    const truncated = write('truncated.mbox.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const next = path.join(fixtures, 'flowed.eml');
    const messages = await collect([truncated, next], { chunkSize: 512 });
    const unreadable = messages.filter((m): m is UnreadableInput => 'error' in m);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]!.source).toBe(truncated);
    expect(unreadable[0]!.error).toBe(`truncated gzip data; the message at byte ${unreadable[0]!.offset} of the decompressed input is incomplete`);
    const fromTruncated = messages.filter((m) => m.source === truncated && isRaw(m));
    expect(fromTruncated.length).toBeGreaterThan(100);
    expect(fromTruncated.length).toBeLessThan(600);
    // The unreadable entry points at the message that was cut short, right after the last good one.
    const lastGood = fromTruncated.at(-1) as RawMessage;
    expect(unreadable[0]!.offset).toBeGreaterThan(lastGood.offset);
    expect(big.subarray(unreadable[0]!.offset, unreadable[0]!.offset + 5).toString()).toBe('From ');
    expect(messages.at(-1)).toMatchObject({ source: next, index: messages.length - 1 });
  });

  it('reports garbage after a gzip header as corrupt', async () => {
    const file = write('corrupt.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('not deflate data at all')]));
    const messages = await collect([file]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ source: file, offset: 0 });
    expect((messages[0] as UnreadableInput).error).toMatch(/gzip/);
  });
});

describe('readInputs: directories and stdin', () => {
  it('reads a directory’s regular files in name order, skipping dotfiles and subdirectories', async () => {
    const d = path.join(dir, 'series');
    write('series/0002-b.patch', 'From: a@b\nSubject: two\n\nx\n');
    write('series/0001-a.patch', 'From: a@b\nSubject: one\n\nx\n');
    write('series/.hidden', 'From: a@b\nSubject: hidden\n\nx\n');
    write('series/sub/0000-deep.patch', 'From: a@b\nSubject: deep\n\nx\n');
    write('series/B-upper', 'From: a@b\nSubject: upper\n\nx\n');
    symlinkSync(path.join(d, '0001-a.patch'), path.join(d, '0003-link.patch'));
    symlinkSync(path.join(d, 'missing'), path.join(d, '0004-dangling.patch'));
    const messages = await collect([d]);
    expect(messages.map((m) => path.basename(m.source))).toEqual(['0001-a.patch', '0002-b.patch', '0003-link.patch', 'B-upper']);
    expect(messages.map((m) => m.index)).toEqual([0, 1, 2, 3]);
  });

  it('reads - from the injected stdin, in 1-byte chunks', async () => {
    const messages = await collect(['-'], { stdin: bytewise(fixture('series.mboxrd')) });
    expect(messages.map((m) => m.source)).toEqual([STDIN_SOURCE, STDIN_SOURCE, STDIN_SOURCE]);
    expect(messages.map((m) => (m as RawMessage).bytes)).toEqual([fixture('series-1.eml'), fixture('series-2.eml'), fixture('series-3.eml')]);
  });

  it('reads gzip from stdin in 1-byte chunks', async () => {
    const messages = await collect(['-'], { stdin: bytewise(gzipSync(fixture('series.mboxrd'))) });
    expect(messages).toHaveLength(3);
  });

  it('turns a read error in the middle of a stream into an UnreadableInput', async () => {
    const mbox = fixture('series.mboxrd');
    const third = mbox.lastIndexOf('From ada');
    // Past the third envelope and its first header line, so the second message is complete.
    const failAt = mbox.indexOf('\n', mbox.indexOf('\n', third) + 1) + 10;
    async function* failing(): AsyncGenerator<Buffer> {
      yield mbox.subarray(0, failAt);
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    }
    const messages = await collect(['-', path.join(fixtures, 'bare.diff')], { stdin: failing() });
    expect(messages).toHaveLength(4);
    expect(messages[2]).toEqual({
      index: 2,
      source: STDIN_SOURCE,
      offset: third,
      error: `read error (EIO: i/o error, read); the message at byte ${third} is incomplete`,
    });
    expect(messages[3]).toMatchObject({ index: 3, bareDiff: true });
  });
});

describe('readInputs: files that are no regular files', () => {
  it.skipIf(process.platform === 'win32')(
    'reads a named pipe to its end',
    async () => {
      const fifo = path.join(dir, 'mails.fifo');
      execFileSync('mkfifo', [fifo]);
      const mbox = fixture('series.mboxrd');
      // The writer opens the pipe in a process of its own (an open for writing waits for a reader).
      const writer = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(fifo)}, require('fs').readFileSync(0))`], {
        stdio: ['pipe', 'ignore', 'inherit'],
      });
      writer.stdin.end(mbox);
      const messages = await collect([fifo], { chunkSize: 100 });
      expect(messages.map((m) => (m as RawMessage).bytes)).toEqual([fixture('series-1.eml'), fixture('series-2.eml'), fixture('series-3.eml')]);
    },
    30_000,
  );
});

describe('readInputs: resources', () => {
  const openFiles = (): number => readdirSync('/proc/self/fd').length;

  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when the consumer stops early', async () => {
    const big = write('big.mbox', Buffer.concat(Array.from({ length: 100 }, () => fixture('series.mboxrd'))));
    const gz = write('big.mbox.gz', gzipSync(readFileSync(big)));
    for (const file of [big, gz]) {
      const before = openFiles();
      for await (const m of readInputs([file], { chunkSize: 256 })) {
        expect(isRaw(m)).toBe(true);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(openFiles(), file).toBe(before);
    }
  });
});

describe('checkInputs', () => {
  it('accepts files, directories and -', async () => {
    await expect(checkInputs([path.join(fixtures, 'bare.diff'), fixtures, '-'])).resolves.toBeUndefined();
  });

  it('names the path and the reason in one line', async () => {
    const missing = path.join(dir, 'x.mbox');
    await expect(checkInputs([fixtures, missing])).rejects.toThrow(new InputError(missing, 'no such file'));
    await expect(checkInputs([missing])).rejects.toThrow(`qemu-review: cannot read '${missing}': no such file`);
  });

  it('rejects stdin given twice', async () => {
    await expect(checkInputs(['-', '-'])).rejects.toBeInstanceOf(InputError);
  });

  it('rejects a path through a file', async () => {
    const through = path.join(fixtures, 'bare.diff', 'x');
    await expect(checkInputs([through])).rejects.toThrow(/cannot read .*bare\.diff\/x': a component of the path is not a directory/);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const file = write('secret.mbox', 'x');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o000);
    await expect(checkInputs([file])).rejects.toThrow(`qemu-review: cannot read '${file}': permission denied`);
  });
});

describe('nothing is lost from damaged archives', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} ${Math.sin(i)}\n`).join('');

  it('a truncated .mbox.gz still yields every complete message, even when the reader is slow', async () => {
    const gz = gzipSync(`From a\nSubject: one\n\n${filler(800)}\nFrom b\nSubject: two\n\n${filler(400)}\nFrom c\nSubject: three\n\nbody\n`);
    const file = write('cut.mbox.gz', gz.subarray(0, gz.length - 4));
    const seen: string[] = [];
    for await (const m of readInputs([file])) {
      seen.push(isRaw(m) ? m.bytes.toString('latin1').split('\n')[0]! : `unreadable: ${m.error}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen.slice(0, 2)).toEqual(['Subject: one', 'Subject: two']);
    expect(seen.length).toBe(3);
    expect(seen[2]).toMatch(/^unreadable: /);
  });

  it('an mbox whose first message is damaged still yields the others', async () => {
    const file = write('damaged-first.mbox', 'From a\nnot a header\n\nFrom b\nSubject: two\n\nbody\n\nFrom c\nSubject: three\n\nbody\n');
    const got = (await collect([file])).filter(isRaw).map((m) => m.bytes.toString());
    expect(got).toEqual(['From a\nnot a header\n', 'Subject: two\n\nbody\n', 'Subject: three\n\nbody\n']);
  });
});
