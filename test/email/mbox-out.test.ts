/** The mbox we write reads back, through our own mbox reader, to exactly the mails written. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeFromLines, mboxEntry } from '../../src/email/mbox-out.js';
import { readInputs } from '../../src/mail/input.js';
import { parseMail } from '../../src/mail/parse.js';
import type { RawMessage } from '../../src/mail/types.js';
import { tempDir } from '../support/temp.js';

const mail = (raw: string) => ({ raw, from: { name: 'Bot', address: 'bot@example.org' }, date: new Date(Date.UTC(2025, 9, 6, 13, 23, 6)) });

describe('mboxEntry', () => {
  it('opens with an envelope line in asctime form and ends with a blank line', () => {
    const entry = mboxEntry(mail('Subject: x\n\nbody\n'));
    expect(entry).toBe('From bot@example.org Mon Oct  6 13:23:06 2025\nSubject: x\n\nbody\n\n');
  });

  it('escapes From lines the mboxrd way, at any quoting depth', () => {
    expect(escapeFromLines('From me\n>From you\n>>From them\n From not\nFrom\n')).toBe('>From me\n>>From you\n>>>From them\n From not\nFrom\n');
  });

  it('reads back to the same messages', async () => {
    const bodies = ['From the start of a line.\n>From a quote.\n\nFrom again\n', 'Second mail.\n\n'];
    const raws = bodies.map((b, i) => `From: Bot <bot@example.org>\nSubject: mail ${i}\nMessage-ID: <m${i}@example.org>\n\n${b}`);
    const path = join(tempDir('qemu-review-mbox-'), 'out.mbox');
    writeFileSync(path, raws.map((r) => mboxEntry(mail(r))).join(''));
    const read: RawMessage[] = [];
    for await (const m of readInputs([path], { escape: 'mboxrd' })) {
      if ('error' in m) throw new Error(m.error);
      read.push(m);
    }
    expect(read.map((m) => m.bytes.toString('utf8'))).toEqual(raws);
    expect((await parseMail(read[0]!)).body).toBe(bodies[0]);
  });
});
