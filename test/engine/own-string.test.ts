import { describe, expect, it } from 'vitest';
import { optInLookup } from '../../src/engine/opt-in.js';
import { ownString } from '../../src/engine/own-string.js';
import { parseMail } from '../../src/mail/parse.js';
import { retainedBytes } from '../support/retained-heap.js';

const MESSAGES = 40;
/** Each message's header block or body is this large: 40 of them kept alive would be 10 MB. */
const FILLER = 256 * 1024;
const MB = 1024 * 1024;

describe('ownString', () => {
  it.each(['', 'short', 'a'.repeat(13), 'ünïcödé-id-1234567890@example.org', '😀'.repeat(20)])('copies %j exactly', (text) => {
    expect(ownString(text)).toBe(text);
  });

  it('keeps only the copy alive, not the text it was cut from', async () => {
    const { kept, bytes } = await retainedBytes(() =>
      Array.from({ length: MESSAGES }, (_, i) => ownString((`<id-${i}-0123456789@example.org>` + 'x'.repeat(FILLER)).slice(1, 30))),
    );
    expect(kept[3]).toBe('id-3-0123456789@example.org>x');
    expect(bytes).toBeLessThan(1 * MB);
  });
});

describe('what a long run keeps of a message', () => {
  // 2,000 header lines stay on fast-parse's path, 4,096 go to mailparser's full parser.
  it.each([2000, 4096])('the ids of a parsed mail with %i header lines do not keep its header block alive', async (headerLines) => {
    const filler = Array.from({ length: headerLines }, (_, i) => `Received: from relay${i}.example.net by mx.example.org; x\n`).join('');
    const { kept, bytes } = await retainedBytes(async () => {
      const ids = [];
      for (let i = 0; i < MESSAGES; i++) {
        const text = `${filler}From: A <a@example.org>\nMessage-ID: <patch-${i}-abcdefghijklmnop@example.org>\nIn-Reply-To: <cover-${i}-abcdefghijklmnop@example.org>\nReferences: <cover-${i}-abcdefghijklmnop@example.org> <other-${i}-abcdefghijklmnop@example.org>\nSubject: [PATCH ${i}/9] x\n\nbody\n`;
        const mail = await parseMail({ index: i, source: 'a.mbox', offset: 0, bytes: Buffer.from(text) });
        ids.push({ messageId: mail.messageId, inReplyTo: mail.inReplyTo, references: mail.references });
      }
      return ids;
    });
    expect(kept[7]).toEqual({
      messageId: 'patch-7-abcdefghijklmnop@example.org',
      inReplyTo: 'cover-7-abcdefghijklmnop@example.org',
      references: ['cover-7-abcdefghijklmnop@example.org', 'other-7-abcdefghijklmnop@example.org'],
    });
    expect(bytes).toBeLessThan(2 * MB);
  });

  it('a parsed mail whose To and Cc were never read keeps no header block alive, and reads them when asked', async () => {
    // Below fast-parse's limits (4,096 header lines), so that its deferred To and Cc are what is kept.
    const filler = Array.from({ length: 2000 }, (_, i) => `Received: from relay${i}.example.net by mx.example.org; x\n`).join('');
    const { kept, bytes } = await retainedBytes(async () => {
      const mails = [];
      for (let i = 0; i < MESSAGES; i++) {
        const text = `${filler}From: A <a@example.org>\nTo: qemu-devel@nongnu.org, B <b-${i}@example.org>\nCc: C <c@example.org>\nMessage-ID: <m${i}@example.org>\nSubject: [PATCH] x\n\nbody\n`;
        mails.push(await parseMail({ index: i, source: 'a.mbox', offset: 0, bytes: Buffer.from(text) }));
      }
      return mails;
    });
    expect(bytes).toBeLessThan(2 * MB);
    expect(kept[5]!.to).toEqual([
      { name: '', address: 'qemu-devel@nongnu.org' },
      { name: 'B', address: 'b-5@example.org' },
    ]);
    expect(kept[5]!.cc).toEqual([{ name: 'C', address: 'c@example.org' }]);
  });

  it('the opt-in lookup remembers a bounded number of paths, and no diff text with them', async () => {
    const lookup = optInLookup({
      everywhere: [],
      profiles: { 'Block layer': ['c/comment-style'] },
      sections: [{ name: 'Block layer', files: ['block/'], excluded: [] }],
    });
    const paths = 3000;
    const { bytes } = await retainedBytes(() => {
      for (let i = 0; i < paths; i++) {
        // A path as a diff hands it over: cut from the diff's text.
        const diff = `diff --git a/block/file-${i}-name.c b/block/file-${i}-name.c\n` + '+'.repeat(FILLER / 16);
        lookup('c/comment-style', diff.slice(13, diff.indexOf(' ', 13)));
      }
    });
    expect(bytes).toBeLessThan(2 * MB);
    // Still right once the cache has been let go.
    expect(lookup('c/comment-style', 'block/file-1-name.c')).toEqual({ by: 'profile', section: 'Block layer' });
    expect(lookup('c/comment-style', 'hw/file-1-name.c')).toBeNull();
  });
});
