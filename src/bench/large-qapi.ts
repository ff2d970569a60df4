/**
 * A commit as GitHub's patch media type gives it, adding one QAPI schema of
 * about `bytes` bytes whose every member is documented on a line too long,
 * with a sentence spaced once: thousands of findings from ordinary QAPI,
 * the load that once made the Action quadratic.  Each doc line names the
 * next member (`@knob-N`), as QAPI docs do and as a GitHub @-mention would.
 */
export function largeQapiPatch(bytes: number, sha = 'a'.repeat(40)): Buffer {
  const doc: string[] = [];
  const names: string[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const name = `knob-${i}`;
    const line = `# @${name}: Tune the ${name} behaviour of the stream. See @knob-${i + 1} when it runs long.`;
    doc.push(line, '#');
    names.push(name);
    // The doc line and its `#` line, and the member's entry in the struct below, each as `+…\n`.
    size += line.length + 2 + 3 + name.length + 19;
  }
  const lines = [
    '# -*- Mode: Python -*-',
    '# vim: filetype=python',
    '#',
    '# SPDX-License-Identifier: GPL-2.0-or-later',
    '',
    '##',
    '# @LargeKnobs:',
    '#',
    ...doc.slice(0, -1),
    '#',
    '# Since: 11.0',
    '##',
    "{ 'struct': 'LargeKnobs',",
    "  'data': {",
    ...names.map((n, i) => `      '${n}': 'bool'${i === names.length - 1 ? ' } }' : ','}`),
  ];
  const text = [
    `From ${sha} Mon Sep 17 00:00:00 2001`,
    'From: Ada Example <ada@example.org>',
    'Date: Sat, 21 Nov 2026 08:00:00 +0100',
    'Subject: [PATCH] qapi: add LargeKnobs',
    '',
    `${names.length} knobs, each documented on a line too long for the QAPI style.`,
    '',
    'Signed-off-by: Ada Example <ada@example.org>',
    '---',
    'diff --git a/qapi/large.json b/qapi/large.json',
    'new file mode 100644',
    'index 0000000..275e661',
    '--- /dev/null',
    '+++ b/qapi/large.json',
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    '-- ',
    '2.39.5',
    '',
  ].join('\n');
  return Buffer.from(text, 'utf8');
}
