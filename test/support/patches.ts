/** Building patches for tests: diffs written as hunks or whole new files, run through the real parsers. */
import type { Mail } from '../../src/mail/types.js';
import { readPatch } from '../../src/patch/read-patch.js';
import type { Patch } from '../../src/patch/types.js';

export interface HunkSpec {
  /** First line of the hunk in the new file. */
  start: number;
  /** Lines with their diff prefix: `+added`, `-removed`, ` context`. */
  lines: string[];
}

/** A `diff --git` section of a modified file; old line numbers follow from the hunks. */
export function hunkDiff(path: string, hunks: HunkSpec[]): string {
  const out = [`diff --git a/${path} b/${path}`, 'index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`];
  let shift = 0; // new minus old line numbers before this hunk
  for (const hunk of hunks) {
    const oldCount = hunk.lines.filter((l) => !l.startsWith('+')).length;
    const newCount = hunk.lines.filter((l) => !l.startsWith('-')).length;
    out.push(`@@ -${hunk.start - shift},${oldCount} +${hunk.start},${newCount} @@`, ...hunk.lines);
    shift += newCount - oldCount;
  }
  return out.join('\n') + '\n';
}

/** A new file holding `text`. */
export function newFileDiff(path: string, text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    [
      `diff --git a/${path} b/${path}`,
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      `+++ b/${path}`,
      `@@ -0,0 +1,${lines.length} @@`,
      ...lines.map((l) => `+${l}`),
    ].join('\n') + '\n'
  );
}

/** The deletion of a file that held `text`. */
export function deletedFileDiff(path: string, text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    [
      `diff --git a/${path} b/${path}`,
      'deleted file mode 100644',
      'index 1111111..0000000',
      `--- a/${path}`,
      '+++ /dev/null',
      `@@ -1,${lines.length} +0,0 @@`,
      ...lines.map((l) => `-${l}`),
    ].join('\n') + '\n'
  );
}

/** A mail carrying the diffs, the way git format-patch lays out its body. */
export function mailWith(diffs: string, options: { subject?: string; message?: string; flowed?: boolean } = {}): Mail {
  const subject = options.subject ?? '[PATCH] test: a patch';
  const body = `${options.message ?? 'Commit message.'}\n\nSigned-off-by: A U Thor <author@example.org>\n---\n${diffs}-- \n2.51.0\n`;
  const title = subject.replace(/^\[[^\]]*\]\s*/, '');
  return {
    index: 0,
    source: 'test.patch',
    offset: 0,
    messageId: 'test@example.org',
    inReplyTo: null,
    references: [],
    from: { name: 'A U Thor', address: 'author@example.org' },
    to: [],
    cc: [],
    date: null,
    subject: { raw: subject, isReply: false, tags: ['PATCH'], isPatch: true, rfc: false, resend: false, version: 1, title },
    body,
    bodySource: 'text',
    flowed: options.flowed ?? false,
    decodeWarnings: [],
  };
}

export function patchOf(diffs: string, options?: Parameters<typeof mailWith>[1]): Patch {
  return readPatch(mailWith(diffs, options));
}
