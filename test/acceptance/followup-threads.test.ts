/**
 * `qemu-review followup` on real qemu-devel threads (fixtures/threads/*.mbox:
 * two versions of a series and the reviews of the first, from the public
 * archive).  Every expected value was written down in the thread's .md by
 * reading the mails, before the tool was run on them; see those files for
 * the why of each line.
 *
 * Only the rules of the kinds the expectations cover are run, so that rules
 * added later (sorted lists, C comments) do not change what is compared.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const KINDS = ['qapi/sentence-spacing', 'qapi/doc-line-width', 'qapi/since-version', 'qapi/doc-indent'];

interface Json {
  followups: Array<{
    from: { version: number; messageId: string };
    to: { version: number; messageId: string };
    seriesLinkedBy: string;
    patchMatchedBy: string;
    commitMessage: string;
    unanchoredComments: number;
    findings: Array<{ status: string; rule: string; file: string; oldLine: number | null; newLine: number | null; message: string }>;
    reviewComments: Array<{ reviewer: string; messageId: string; file: string; oldLine: number; newLine: number | null; status: string; excerpt: string }>;
  }>;
  unmatched: Array<{ version: number; messageId: string; why: string }>;
}

async function followup(name: string): Promise<Json> {
  const args = ['followup', '--format', 'json', ...KINDS.flatMap((k) => ['--rule', k]), `fixtures/threads/${name}.mbox`];
  const run = await runCli(args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Json;
}

const pairs = (json: Json) =>
  json.followups.map((f) => [f.from.messageId, f.to.messageId, f.seriesLinkedBy, f.patchMatchedBy, f.commitMessage, f.unanchoredComments]);
const comments = (f: Json['followups'][number]) => f.reviewComments.map((c) => [c.reviewer, c.messageId, c.file, c.oldLine, c.newLine, c.status]);
const findings = (f: Json['followups'][number]) => f.findings.map((x) => [x.status, x.rule, x.file, x.oldLine, x.newLine]);

const ERIC = 'Eric Blake <eblake@redhat.com>';
const MARKUS = 'Markus Armbruster <armbru@redhat.com>';

describe('followup on real qemu-devel threads', () => {
  it("block/null read-pattern, v1 -> v2: both patches followed, Eric Blake's comments tracked, Markus's answer to Eric not taken for comments on the patch", async () => {
    const json = await followup('block-null-read-pattern');
    expect(pairs(json)).toEqual([
      ['20250427225900.24316-2-nirsof@gmail.com', '20250430203717.16359-2-nirsof@gmail.com', 'patch subjects', 'subject', 'unchanged', 0],
      ['20250427225900.24316-3-nirsof@gmail.com', '20250430203717.16359-3-nirsof@gmail.com', 'patch subjects', 'subject', 'changed', 4],
    ]);
    const [one, two] = json.followups;
    const eric1 = 'vwlluemb5ekotdzldygunjiztexa77263acgmimmeadwlkruit@rj2u6ydjs7zk';
    const eric2 = 'pykbbqg7om2ahqs7h7gfstgvvlbfjc2gx3yobvbego6jrnqo6p@zohvnrrpfwce';
    expect(comments(one!)).toEqual([
      [ERIC, eric1, '/COMMIT_MSG', 18, 18, 'unchanged'],
      [ERIC, eric1, 'block/null.c', 242, 242, 'unchanged'],
    ]);
    expect(findings(one!)).toEqual([]);
    expect(comments(two!)).toEqual([
      [ERIC, eric2, '/COMMIT_MSG', 27, null, 'removed'],
      [ERIC, eric2, 'qapi/block-core.json', 3310, 3314, 'changed'],
    ]);
    expect(two!.reviewComments[1]!.excerpt).toMatch(/^Should this be 'uint8' instead of 'int'/);
    expect(findings(two!)).toEqual([
      ['open', 'qapi/since-version', 'qapi/block-core.json', 3302, 3306],
      ['new', 'qapi/sentence-spacing', 'qapi/block-core.json', null, 3298],
      ['new', 'qapi/doc-line-width', 'qapi/block-core.json', null, 3302],
      ['new', 'qapi/doc-line-width', 'qapi/block-core.json', null, 3303],
      ['new', 'qapi/sentence-spacing', 'qapi/block-core.json', null, 3304],
    ]);
    expect(json.unmatched.map((u) => [u.version, u.messageId, u.why])).toEqual([
      [1, '20250427225900.24316-2-nirsof@gmail.com', 'no earlier version in the input'],
      [1, '20250427225900.24316-3-nirsof@gmail.com', 'no earlier version in the input'],
    ]);
  }, 60_000);

  it('firmware.json FirmwareArchitecture, v5 -> v6: one series by its b4 change-id, every comment of the review tracked', async () => {
    const json = await followup('firmware-architecture');
    expect(pairs(json)).toEqual([
      [
        '20240718-qapi-firmware-json-v5-2-0dba12d7aaf5@linutronix.de',
        '20240719-qapi-firmware-json-v6-2-c2e3de390b58@linutronix.de',
        'change-id',
        'subject',
        'changed',
        0,
      ],
    ]);
    const review = '871q3qon3k.fsf@pond.sub.org';
    const file = 'docs/interop/firmware.json';
    expect(comments(json.followups[0]!)).toEqual([
      [MARKUS, review, file, 68, 68, 'changed'],
      [MARKUS, review, file, 69, null, 'removed'],
      [MARKUS, review, file, 81, 81, 'changed'],
      [MARKUS, review, file, 84, 84, 'changed'],
    ]);
  }, 60_000);

  // Issue 10 ("QAPI files outside qapi/"): docs/interop/firmware.json is not read as QAPI yet, so none of these
  // findings is reported.  When it is, this test fails: make it a plain `it`.
  it('firmware.json FirmwareArchitecture, v5 -> v6: the 78-column doc line is fixed, the lower-case "(since: 7.1)" is new', async () => {
    const json = await followup('firmware-architecture');
    expect(findings(json.followups[0]!)).toEqual([
      ['fixed', 'qapi/doc-line-width', 'docs/interop/firmware.json', 68, 69],
      // One space before "(since: 7.1)": the docs want two before a Since note too.
      ['new', 'qapi/sentence-spacing', 'docs/interop/firmware.json', null, 77],
      ['new', 'qapi/since-version', 'docs/interop/firmware.json', null, 77],
    ]);
    // "Since: 3.0" and the member's 7.1 are old on purpose, as the commit message says: not reported.
    expect(json.followups[0]!.findings.filter((f) => /names \d/.test(f.message))).toEqual([]);
  }, 60_000);

  it('request-ebpf, v3 -> v4: fixed, open and new findings; moved lines of meson.build and the schema are changed', async () => {
    const json = await followup('ebpf-request-ebpf');
    expect(pairs(json)).toEqual([
      ['20230614221026.56950-6-andrew@daynix.com', '20230714022358.2438995-6-andrew@daynix.com', 'patch subjects', 'subject', 'changed', 0],
    ]);
    const [f] = json.followups;
    const review = '87edlkj67s.fsf@pond.sub.org';
    const ebpf = 'qapi/ebpf.json';
    const tracked = comments(f!);
    expect(tracked).toHaveLength(6);
    expect(tracked.slice(0, 3)).toEqual([
      [MARKUS, review, '/COMMIT_MSG', 8, 28, 'unchanged'],
      [MARKUS, review, ebpf, 8, 8, 'changed'],
      [MARKUS, review, ebpf, 30, 32, 'changed'],
    ]);
    // The rewritten `'data'` line became an `'if'` line (37) and a `'data'` line (38).
    expect(tracked[3]!.slice(0, 4)).toEqual([MARKUS, review, ebpf, 35]);
    expect(tracked[3]![5]).toBe('changed');
    expect([37, 38]).toContain(tracked[3]![4]);
    expect(tracked.slice(4)).toEqual([
      [MARKUS, review, 'qapi/meson.build', 55, 36, 'changed'],
      [MARKUS, review, 'qapi/qapi-schema.json', 82, 56, 'changed'],
    ]);
    expect(f!.reviewComments.map((c) => c.excerpt.split(/[.:,]/)[0])).toEqual([
      'In review of v2',
      'Copy-pasta ',
      "Let's stick to the common way to document enum members",
      'Uh',
      'Keep this list alphabetically sorted',
      'This puts it at the end of the QMP reference manual',
    ]);
    const order = (x: unknown[]) => `${String(x[0])} ${String(x[4] ?? x[3]).padStart(3, '0')} ${String(x[1])}`;
    expect(findings(f!).sort((a, b) => order(a).localeCompare(order(b)))).toEqual(
      [
        ['fixed', 'qapi/sentence-spacing', ebpf, 27, null],
        ['fixed', 'qapi/doc-line-width', ebpf, 27, null],
        ['open', 'qapi/sentence-spacing', ebpf, 29, 31],
        ['open', 'qapi/doc-line-width', ebpf, 29, 31],
        ['open', 'qapi/sentence-spacing', ebpf, 30, 32],
        ['open', 'qapi/sentence-spacing', ebpf, 42, 45],
        ['open', 'qapi/doc-line-width', ebpf, 42, 45],
        ['new', 'qapi/since-version', ebpf, null, 18],
        ['new', 'qapi/doc-indent', ebpf, null, 31],
        ['new', 'qapi/since-version', ebpf, null, 34],
        ['new', 'qapi/since-version', ebpf, null, 51],
      ].sort((a, b) => order(a).localeCompare(order(b))),
    );
  }, 60_000);
});
