import { describe, expect, it } from 'vitest';
import rule from '../../../rules/patch/encoding.js';
import { parseMail } from '../../../src/mail/parse.js';
import { readPatch } from '../../../src/patch/read-patch.js';
import { reviewPatch } from '../../../src/engine/run.js';

/** A format-patch mail whose body bytes and headers are given, run through the real MIME parser. */
async function findings(headers: string, body: Buffer) {
  const bytes = Buffer.concat([Buffer.from(`From: A <a@example.org>\nSubject: [PATCH] x\nMessage-ID: <m@x>\n${headers}\n`), body]);
  const mail = await parseMail({ index: 0, source: 't.eml', offset: 0, bytes });
  return reviewPatch(readPatch(mail), [rule]).findings;
}

const diff = 'Text.\n---\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-int x;\n+int y; \n';

describe('patch/encoding', () => {
  it('stays quiet on a mail decoded exactly', async () => {
    expect(
      await findings('Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n', Buffer.from(diff.replace('; \n', ';=20\n'))),
    ).toEqual([]);
  });

  it('reports unencoded trailing whitespace lost by quoted-printable decoding', async () => {
    const found = await findings('Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n', Buffer.from(diff));
    expect(found.map((f) => [f.file, f.line, f.severity])).toEqual([['/COMMIT_MSG', 1, 'warning']]);
    expect(found[0]!.message).toMatch(/trailing whitespace.*git am applies/);
  });

  it('reports an unknown charset', async () => {
    const found = await findings('Content-Type: text/plain; charset=y\nContent-Transfer-Encoding: 8bit\n', Buffer.from(diff));
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('unknown charset "y"')]);
  });
});
