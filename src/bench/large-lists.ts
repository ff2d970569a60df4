/**
 * Patches adding one QAPI schema built around a list of `count` entries, for the
 * linear-time check of the QAPI rules on lists: an enum or a struct on one line,
 * a struct with a member per line, each member documented, a doc paragraph of
 * `count` lines, and a prose member list out of order.  Twice the entries should
 * cost twice the time, not four times.
 */
import { renderMail } from './mail-writer.js';

export const LIST_KINDS = ['one-line enum', 'one-line struct', 'struct, a member a line', 'documented members', 'doc paragraph', 'prose member list'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Names that sort as they are numbered. */
const names = (count: number, prefix = 'v'): string[] => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);

/** The schema lines; every kind is a new definition with its doc block, as a patch would add it. */
function schema(kind: ListKind, count: number): string[] {
  const doc = (name: string, ...body: string[]): string[] => ['##', `# @${name}:`, '#', ...body, '#', '# Since: 11.0', '##'];
  switch (kind) {
    case 'one-line enum':
      return [
        ...doc('Huge', '# Values.'),
        `{ 'enum': 'Huge', 'data': [ ${names(count)
          .map((n) => `'${n}'`)
          .join(', ')} ] }`,
      ];
    case 'one-line struct':
      return [
        ...doc('Huge', '# Members.'),
        `{ 'struct': 'Huge', 'data': { ${names(count)
          .map((n) => `'${n}': 'int'`)
          .join(', ')} } }`,
      ];
    case 'struct, a member a line':
      return [
        ...doc('Huge', '# Members.'),
        "{ 'struct': 'Huge', 'data': {",
        ...names(count).map((n, i) => `    '${n}': 'int'${i === count - 1 ? ' } }' : ','}`),
      ];
    case 'documented members': {
      // x- names and doc lines past the width: the x-prefix, doc-line-width and since-version rules all speak.
      const list = names(count, 'x-v');
      return [
        ...doc(
          'Huge',
          '# Members.',
          '#',
          ...list.flatMap((n) => [`# @${n}: The ${n} knob, for tests only; this description runs on past seventy columns.`, '#']).slice(0, -1),
        ),
        "{ 'struct': 'Huge', 'data': {",
        ...list.map((n, i) => `    '${n}': 'int'${i === count - 1 ? ' } }' : ','}`),
      ];
    }
    case 'doc paragraph':
      return [
        ...doc(
          'Huge',
          ...Array.from(
            { length: count },
            (_, i) => `# Line ${i} of one paragraph names @a, e.g. twice.  It is spaced once. And it runs past seventy columns.`,
          ),
        ),
        "{ 'struct': 'Huge', 'data': { 'a': 'int' } }",
      ];
    case 'prose member list':
      return [
        ...doc(
          'Huge',
          `# Members ${names(count)
            .reverse()
            .map((n) => `@${n}`)
            .join(', ')} and @a.`,
        ),
        "{ 'struct': 'Huge', 'data': { 'a': 'int' } }",
      ];
  }
}

export function largeListMail(kind: ListKind, count: number): Buffer {
  const lines = ['# SPDX-License-Identifier: GPL-2.0-or-later', '', ...schema(kind, count)];
  const body = [
    `Add a schema with a list of ${count} entries (${kind}).`,
    '',
    'Signed-off-by: Alice Martin <amartin@example.org>',
    '---',
    'diff --git a/qapi/huge.json b/qapi/huge.json',
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    '+++ b/qapi/huge.json',
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    '-- ',
    '2.51.0',
    '',
  ].join('\n');
  return renderMail({
    headers: [
      ['From', 'Alice Martin <amartin@example.org>'],
      ['To', 'qemu-devel@nongnu.org'],
      ['Subject', `[PATCH] qapi: add a list of ${count} entries`],
      ['Date', 'Tue, 23 Sep 2025 13:01:07 +0300'],
      ['Message-ID', `<list-${kind.replace(/\W+/g, '-')}-${count}@example.org>`],
    ],
    body,
    charset: 'UTF-8',
    encoding: '8bit',
  });
}
