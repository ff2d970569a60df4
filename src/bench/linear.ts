/**
 * Mails with one very long line, for the linear-time check: a QAPI doc comment line (the doc
 * rules split, measure and re-wrap prose) and a C diff line. Reviewing twice the length should
 * take twice the time, not four times.
 */
import { renderMail } from './mail-writer.js';

const PROSE = 'Enable the knob when the backend supports it.  The knob is experimental, e.g. for tests. ';

function mail(subject: string, body: string): Buffer {
  return renderMail({
    headers: [
      ['From', 'Alice Martin <amartin@example.org>'],
      ['To', 'qemu-devel@nongnu.org'],
      ['Subject', subject],
      ['Date', 'Tue, 23 Sep 2025 13:01:07 +0300'],
      ['Message-ID', `<long-${subject.length}-${body.length}@example.org>`],
    ],
    body,
    charset: 'UTF-8',
    encoding: '8bit',
  });
}

function newFilePatch(path: string, lines: string[]): string {
  return [
    'Add a file with one very long line.',
    '',
    'Signed-off-by: Alice Martin <amartin@example.org>',
    '---',
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    '-- ',
    '2.51.0',
    '',
  ].join('\n');
}

/** A patch adding a QAPI schema whose doc comment has one line of about `bytes` bytes of prose. */
export function longDocLineMail(bytes: number): Buffer {
  const line = `# @knob: ${PROSE.repeat(Math.ceil(bytes / PROSE.length))}`.slice(0, bytes).trimEnd();
  return mail(
    '[PATCH] qapi: add a knob with a long description',
    newFilePatch('qapi/knobs.json', [
      '##',
      '# @Knobs:',
      '#',
      '# Knob settings.',
      '#',
      line,
      '#',
      '# Since: 10.2',
      '##',
      "{ 'struct': 'Knobs', 'data': { 'knob': 'bool' } }",
    ]),
  );
}

/** A patch adding a C file with one line of about `bytes` bytes. */
export function longDiffLineMail(bytes: number): Buffer {
  const literal = 'x'.repeat(Math.max(0, bytes - 40));
  return mail(
    '[PATCH] hw/misc: add a long table',
    newFilePatch('hw/misc/long-table.c', ['#include "qemu/osdep.h"', '', `static const char table[] = "${literal}";`, '']),
  );
}
