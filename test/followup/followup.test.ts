/**
 * The follow-up end to end on small hand-made series, reviewed by the real
 * rules: a renamed respin found through Supersedes:, a patch that is new,
 * and a review whose lines changed, stayed or went.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { looksLikeTrailer } from '../../src/email/trailer-guard.js';
import { followUp } from '../../src/followup/followup.js';
import { hunkDiff, newFileDiff } from '../support/patches.js';
import { runCli } from '../support/run-cli.js';
import { patchBody, rawMail, reviewAll, type MailSpec } from '../support/series-mails.js';
import { tempDir } from '../support/temp.js';
import { GADGET_V1_DOC as V1_DOC, gadgetSchema, gadgetV1, spacing } from '../support/gadget-series.js';

const schema = gadgetSchema;
const v1 = gadgetV1;
const V2_DOC = ['# @size: The size in bytes.  Zero means none.', '#', '# @name: A name. Any name will do.', '#', '# @note: Read this. Then that.'];

const review: MailSpec = {
  id: 'r1@example.org',
  subject: 'Re: [PATCH 1/1] qapi: add Gadget',
  from: 'Rita Reviewer <rita@example.org>',
  inReplyTo: 'g1-1@example.org',
  references: ['g1-0@example.org', 'g1-1@example.org'],
  body: [
    'Ada Author <ada@example.org> writes:',
    '',
    '> Add a gadget.',
    '',
    'Say why.',
    '',
    '> +# @size: The size in bytes. Zero means none.',
    '',
    'Two spaces, please.',
    '',
    '[...]',
    '',
    '> +# @name: A name. Any name will do.',
    '',
    'Same.',
    '',
    '> +# Since: 10.2',
    '> +##',
    "> +{ 'struct': 'Gadget', 'data': { 'size': 'int', 'name': 'str' } }",
    '',
    'Fine.',
    '',
    '-- ',
    'Rita',
    '',
  ].join('\n'),
};
const v2: MailSpec[] = [
  { id: 'g2-0@example.org', subject: '[PATCH v2 0/1] qapi: gadget type', body: 'Renamed.\n\nSupersedes: <g1-0@example.org>\n' },
  {
    id: 'g2-1@example.org',
    subject: '[PATCH v2 1/1] qapi: introduce the Gadget type',
    inReplyTo: 'g2-0@example.org',
    references: ['g2-0@example.org'],
    body: patchBody('Add a gadget, and say why.', schema(V2_DOC)),
  },
];

describe('followUp on a hand-made series', () => {
  it('Supersedes: finds the renamed v2; findings fixed, open and new; each comment told what became of its lines', async () => {
    const report = followUp(await reviewAll([...v1, review, ...v2], spacing));
    expect(report.followups).toHaveLength(1);
    const [f] = report.followups;
    expect(f).toMatchObject({ seriesLinkedBy: 'supersedes', patchMatchedBy: 'diff similarity', commitMessage: 'changed' });
    expect(f!.from).toMatchObject({ version: 1, messageId: 'g1-1@example.org' });
    expect(f!.to).toMatchObject({ version: 2, messageId: 'g2-1@example.org' });
    expect(f!.findings.map((x) => [x.status, x.oldLine, x.newLine, x.message.slice(0, x.message.indexOf(';'))])).toEqual([
      ['fixed', 4, 4, 'one space after "bytes."'],
      ['open', 6, 6, 'one space after "name."'],
      ['new', null, 8, 'one space after "this."'],
    ]);
    expect(f!.reviewComments.map((c) => [c.file, c.oldLine, c.newLine, c.status, c.excerpt])).toEqual([
      ['/COMMIT_MSG', 3, 3, 'changed', 'Say why.'],
      ['qapi/gadget.json', 4, 4, 'changed', 'Two spaces, please.'],
      ['qapi/gadget.json', 6, 6, 'unchanged', 'Same.'],
      ['qapi/gadget.json', 10, 12, 'unchanged', 'Fine.'],
    ]);
    expect(f!.reviewComments[0]!.reviewer).toEqual({ name: 'Rita Reviewer', address: 'rita@example.org' });
    expect(report.unmatched.map((u) => [u.version.version, u.why])).toEqual([[1, 'no earlier version in the input']]);
  });

  it("the author's own reply is not a review", async () => {
    const answer: MailSpec = { ...review, id: 'a1@example.org', from: 'Ada Author <ada@example.org>' };
    const report = followUp(await reviewAll([...v1, answer, ...v2], spacing));
    expect(report.followups[0]!.reviewComments).toEqual([]);
  });

  it('a version alone in the input is new: nothing to follow up', async () => {
    const report = followUp(await reviewAll(v2, spacing));
    expect(report.followups).toEqual([]);
    expect(report.unmatched).toHaveLength(1);
  });

  it('the command reads several files and prints the summary, text and JSON', async () => {
    const dir = tempDir('followup-');
    [...v1, review, ...v2].forEach((m, i) => writeFileSync(join(dir, `${String(i).padStart(2, '0')}.eml`), rawMail(m)));
    const text = await runCli(['followup', '--rule', 'qapi/sentence-spacing', dir]);
    expect(text.status).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('[PATCH v2 1/1] qapi: introduce the Gadget type');
    expect(lines[1]).toMatch(/^ {2}follows v1: \[PATCH 1\/1\] qapi: add Gadget \(matched by its diff, \d+% alike\)$/);
    expect(lines[2]).toBe(
      'v2 takes 1 of the 2 points of the v1 review; still open: one space after "name." (line 6, flagged in v1 at 6); new in v2: one point.',
    );
    expect(text.stdout).toContain('Comments of Rita Reviewer <rita@example.org> on v1:');
    const json = JSON.parse((await runCli(['followup', '--format', 'json', '--rule', 'qapi/sentence-spacing', dir])).stdout);
    expect(Object.keys(json)).toEqual(['version', 'followups', 'unmatched']);
    expect(Object.keys(json.followups[0].findings[0])).toEqual(expect.arrayContaining(['status', 'rule', 'file', 'oldLine', 'newLine', 'message']));
    expect(Object.keys(json.followups[0].reviewComments[0])).toEqual(
      expect.arrayContaining(['reviewer', 'messageId', 'file', 'oldLine', 'newLine', 'status', 'excerpt']),
    );
    expect(json.followups[0].reviewComments[0].reviewer).toBe('Rita Reviewer <rita@example.org>');
  }, 30_000);

  it('usage errors name the problem', async () => {
    const bad = await runCli(['followup', '--rule', 'no/such-rule', '/nonexistent']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no\/such-rule/);
    const missing = await runCli(['followup', '/nonexistent/thread.mbox']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/thread.mbox');
  });
});

describe('followup text on hostile input', () => {
  it('controls in a subject, a reviewer name or a comment cannot break or colour the output', async () => {
    const evil: MailSpec = {
      ...review,
      id: 'evil@example.org',
      from: '"Rita\u001b[31m Red" <rita@example.org>',
      body: review.body.replace('Two spaces, please.', 'Two spaces,\u001b[2J please.\u0007'),
    };
    const v2evil = v2.map((m) => ({ ...m, subject: m.subject.replace('Gadget type', 'Gadget\u001b]0;owned\u0007 type') }));
    const dir = tempDir('followup-evil-');
    [...v1, evil, ...v2evil].forEach((m, i) => writeFileSync(join(dir, `${String(i).padStart(2, '0')}.eml`), rawMail(m)));
    const { stdout } = await runCli(['followup', '--rule', 'qapi/sentence-spacing', dir]);
    expect(stdout).toContain('"Two spaces, [2J please. "');
    expect(stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});

describe('followup --format email', () => {
  const write = (specs: MailSpec[]) => {
    const dir = tempDir('followup-mail-');
    specs.forEach((m, i) => writeFileSync(join(dir, `${String(i).padStart(2, '0')}.eml`), rawMail(m)));
    return dir;
  };

  it('replies to the new version, threaded, addressed to its author with the list on copy', async () => {
    const { stdout } = await runCli([
      'followup',
      '--format',
      'email',
      '--rule',
      'qapi/sentence-spacing',
      '--from',
      'Bot <bot@example.org>',
      write([...v1, review, ...v2]),
    ]);
    const mail = await simpleParser(stdout.replace(/^From \S+ .*\n/, ''));
    expect(mail.inReplyTo).toBe('<g2-1@example.org>');
    expect(mail.references).toEqual(['<g2-0@example.org>', '<g2-1@example.org>']);
    expect((mail.to as AddressObject).value.map((a) => a.address)).toEqual(['ada@example.org']);
    expect((mail.cc as AddressObject).value.map((a) => a.address)).toEqual(['qemu-devel@nongnu.org']);
    expect(mail.text).toContain('Still open from the v1 review:\n\n> +# @name: A name. Any name will do.\n');
  });

  it('a comment full of trailers cannot put one at the start of a line', async () => {
    const tagged: MailSpec = { ...review, body: review.body.replace('Two spaces, please.', Array.from({ length: 12 }, () => 'Acked-by:').join(' ')) };
    const { stdout } = await runCli(['followup', '--format', 'email', '--rule', 'qapi/sentence-spacing', write([...v1, tagged, ...v2])]);
    const text = (await simpleParser(stdout.replace(/^From \S+ .*\n/, ''))).text!;
    expect(text).toContain('Acked-by: Acked-by:');
    for (const line of text.split('\n')) if (!line.startsWith('>')) expect(looksLikeTrailer(line), line).toBe(false);
  });

  it('nothing to follow up (no findings on either version, no review comments): no mail', async () => {
    const { status, stdout } = await runCli(['followup', '--format', 'email', '--rule', 'c/lengthy-macro', write([...v1, ...v2])]);
    expect(status).toBe(0);
    expect(stdout).toBe('');
  });
});

describe('followup text: patches with no earlier version', () => {
  it('a patch added in the respin is named; first versions are only counted', async () => {
    const widget = newFileDiff(
      'qapi/widget.json',
      ['##', '# @Widget:', '#', '# Since: 10.2', '##', "{ 'struct': 'Widget', 'data': { 'knob': 'int' } }", ''].join('\n'),
    );
    const v2two: MailSpec[] = [
      { ...v2[0]!, subject: '[PATCH v2 0/2] qapi: gadget type' },
      { ...v2[1]!, subject: '[PATCH v2 1/2] qapi: introduce the Gadget type' },
      {
        id: 'g2-2@example.org',
        subject: '[PATCH v2 2/2] qapi: add Widget',
        inReplyTo: 'g2-0@example.org',
        references: ['g2-0@example.org'],
        body: patchBody('Add a widget.', widget),
      },
    ];
    const dir = tempDir('followup-added-');
    [...v1, ...v2two].forEach((m, i) => writeFileSync(join(dir, `${String(i).padStart(2, '0')}.eml`), rawMail(m)));
    const { stdout } = await runCli(['followup', '--rule', 'qapi/sentence-spacing', dir]);
    const tail = stdout.trimEnd().split('\n').slice(-3);
    expect(tail).toEqual([
      '[PATCH v2 2/2] qapi: add Widget: new in v2, no counterpart in the earlier version.',
      '',
      '1 patch followed up on an earlier version; 1 patch has none.',
    ]);
  });
});

/** A one-patch series v1 → v2 with one review of v1 quoting `quote` and saying `says`. */
function respin(v1Diff: string, v2Diff: string, quote: string[], says: string): MailSpec[] {
  return [
    { id: 'm1@example.org', subject: '[PATCH] qapi: modules', body: patchBody('Add a module.', v1Diff) },
    {
      id: 'mr@example.org',
      subject: 'Re: [PATCH] qapi: modules',
      from: 'Rita Reviewer <rita@example.org>',
      inReplyTo: 'm1@example.org',
      references: ['m1@example.org'],
      body: ['Ada Author <ada@example.org> writes:', '', '[...]', '', ...quote.map((l) => `> ${l}`), '', says, ''].join('\n'),
    },
    { id: 'm2@example.org', subject: '[PATCH v2] qapi: modules', body: patchBody('Add a module.', v2Diff) },
  ];
}

const trackedOf = async (specs: MailSpec[]) =>
  followUp(await reviewAll(specs, spacing)).followups[0]!.reviewComments.map((c) => [c.oldLine, c.newLine, c.status]);

describe('what became of the lines a comment is on', () => {
  it('a line kept word for word but moved to where it sorts is changed, not unchanged', async () => {
    const v1 = hunkDiff('qapi/meson.build', [{ start: 52, lines: ["   'transaction',", "   'virtio',", "   'yank',", "+  'ebpf',", ' ]', ' if have_system'] }]);
    const v2 = hunkDiff('qapi/meson.build', [{ start: 33, lines: ["   'crypto',", "   'dump',", "+  'ebpf',", "   'error',", "   'job',"] }]);
    const quote = [
      'diff --git a/qapi/meson.build b/qapi/meson.build',
      '--- a/qapi/meson.build',
      '+++ b/qapi/meson.build',
      '@@ -52,5 +52,6 @@',
      "   'yank',",
      "+  'ebpf',",
    ];
    expect(await trackedOf(respin(v1, v2, quote, 'Keep this list sorted, please.'))).toEqual([[55, 35, 'changed']]);
    // Left where it was, with the same neighbours: unchanged.
    expect(await trackedOf(respin(v1, v1, quote, 'Keep this list sorted, please.'))).toEqual([[55, 55, 'unchanged']]);
  });

  it('the blank lines a quote ends with are what "drop one blank line" is about', async () => {
    const file = (blanks: number) =>
      newFileDiff(
        'qapi/arch.json',
        [
          '##',
          '# @Arch:',
          '#',
          '# Since: 10.2',
          '##',
          "{ 'enum': 'Arch',",
          "  'data': [ 'arm', 'x86' ] }",
          ...Array<string>(blanks).fill(''),
          '##',
          '# @Next:',
          '##',
        ].join('\n'),
      );
    const quote = ['+++ b/qapi/arch.json', "+{ 'enum': 'Arch',", "+  'data': [ 'arm', 'x86' ] }", '+', '+'];
    expect(await trackedOf(respin(file(2), file(1), quote, 'Drop one blank line, please.'))).toEqual([[7, 7, 'changed']]);
    expect(await trackedOf(respin(file(2), file(2), quote, 'Drop one blank line, please.'))).toEqual([[7, 7, 'unchanged']]);
  });

  it('a rewritten line at the end of a long quote is placed where it now is, not at the top of the quote', async () => {
    const file = (title: string) =>
      newFileDiff(
        'qapi/ebpf.json',
        [
          '# -*- Mode: Python -*-',
          '# vim: filetype=python',
          '#',
          '# This work is licensed.',
          '',
          '##',
          `# = ${title}`,
          '##',
          '',
          "{ 'include': 'common.json' }",
        ].join('\n'),
      );
    const quote = [
      '+++ b/qapi/ebpf.json',
      '+# -*- Mode: Python -*-',
      '+# vim: filetype=python',
      '+#',
      '+# This work is licensed.',
      '+',
      '+##',
      '+# = Machines',
    ];
    expect(await trackedOf(respin(file('Machines'), file('eBPF Objects'), quote, 'Copy-pasta :)'))).toEqual([[7, 7, 'changed']]);
  });
});

describe('a file renamed between versions', () => {
  const gadget = (path: string, doc: string[]) =>
    newFileDiff(
      path,
      ['##', '# @Gadget:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Gadget', 'data': { 'size': 'int', 'name': 'str' } }", ''].join('\n'),
    );
  const FIXED_SIZE = ['# @size: The size in bytes.  Zero means none.', '#', '# @name: A name. Any name will do.'];
  const quote = ['+++ b/qapi/gadget.json', '+# @name: A name. Any name will do.'];

  it('the same content under another path: findings and comments follow it there', async () => {
    const specs = respin(gadget('qapi/gadget.json', V1_DOC), gadget('qapi/gizmo.json', FIXED_SIZE), quote, 'Two spaces.');
    const [f] = followUp(await reviewAll(specs, spacing)).followups;
    expect(f!.findings.map((x) => [x.status, x.file, x.newFile, x.oldLine, x.newLine])).toEqual([
      ['fixed', 'qapi/gadget.json', 'qapi/gizmo.json', 4, 4],
      ['open', 'qapi/gadget.json', 'qapi/gizmo.json', 6, 6],
    ]);
    expect(f!.reviewComments.map((c) => [c.file, c.newFile, c.oldLine, c.newLine, c.status])).toEqual([
      ['qapi/gadget.json', 'qapi/gizmo.json', 6, 6, 'unchanged'],
    ]);
    // Told in the text, and in the JSON as a field of its own.
    const dir = tempDir('followup-rename-');
    specs.forEach((m, i) => writeFileSync(join(dir, `${i}.eml`), rawMail(m)));
    const text = (await runCli(['followup', '--rule', 'qapi/sentence-spacing', dir])).stdout;
    expect(text).toContain('qapi/gadget.json:6 -> qapi/gizmo.json:6');
    const json = JSON.parse((await runCli(['followup', '--format', 'json', '--rule', 'qapi/sentence-spacing', dir])).stdout);
    expect(json.followups[0].findings[1]).toMatchObject({ status: 'open', file: 'qapi/gadget.json', newFile: 'qapi/gizmo.json', oldLine: 6, newLine: 6 });
    expect(json.followups[0].reviewComments[0]).toMatchObject({ file: 'qapi/gadget.json', newFile: 'qapi/gizmo.json', status: 'unchanged' });
    // Renamed patch and file at once: the patch is still found by its diff.
    const retitled = specs.map((m) => (m.id === 'm2@example.org' ? { ...m, subject: '[PATCH v2] qapi: call it a gizmo' } : m));
    const [g] = followUp(await reviewAll(retitled, spacing)).followups;
    expect(g!.patchMatchedBy).toBe('diff similarity');
    expect(g!.findings.map((x) => [x.status, x.newFile, x.oldLine, x.newLine])).toEqual([
      ['fixed', 'qapi/gizmo.json', 4, 4],
      ['open', 'qapi/gizmo.json', 6, 6],
    ]);
  }, 30_000);

  it("git's rename headers in the new version lead to the file's new path", async () => {
    const hunk = ['   # @id: An id.', '   #', '+  # @name: A name. Any name will do.', '+  #', '   # Since: 10.2'];
    const v1 = hunkDiff('qapi/widget.json', [{ start: 20, lines: hunk }]);
    const v2 = hunkDiff('qapi/widget.json', [{ start: 20, lines: hunk }])
      .replace(
        'diff --git a/qapi/widget.json b/qapi/widget.json\n',
        'diff --git a/qapi/widget.json b/qapi/gizmo.json\nsimilarity index 95%\nrename from qapi/widget.json\nrename to qapi/gizmo.json\n',
      )
      .replace('+++ b/qapi/widget.json', '+++ b/qapi/gizmo.json');
    const specs = respin(v1, v2, ['+++ b/qapi/widget.json', '+  # @name: A name. Any name will do.'], 'Two spaces.');
    const [f] = followUp(await reviewAll(specs, spacing)).followups;
    expect(f!.findings.map((x) => [x.status, x.file, x.newFile, x.oldLine, x.newLine])).toEqual([['open', 'qapi/widget.json', 'qapi/gizmo.json', 22, 22]]);
    expect(f!.reviewComments.map((c) => [c.newFile, c.newLine, c.status])).toEqual([['qapi/gizmo.json', 22, 'unchanged']]);
  }, 30_000);

  it('a file the respin replaced by an unrelated one is not taken for it: its findings are fixed', async () => {
    const other = newFileDiff(
      'qapi/other.json',
      ['##', '# @Other:', '#', '# Nothing. Alike here.', '#', '# Since: 10.2', '##', "{ 'struct': 'Other', 'data': {} }", ''].join('\n'),
    );
    const [f] = followUp(await reviewAll(respin(gadget('qapi/gadget.json', V1_DOC), other, quote, 'Two spaces.'), spacing)).followups;
    expect(f!.findings.map((x) => [x.status, x.file, x.newFile, x.oldLine, x.newLine])).toEqual([
      ['fixed', 'qapi/gadget.json', null, 4, null],
      ['fixed', 'qapi/gadget.json', null, 6, null],
      ['new', 'qapi/other.json', 'qapi/other.json', null, 4],
    ]);
    expect(f!.reviewComments.map((c) => [c.newFile, c.status])).toEqual([[null, 'removed']]);
  });
});
