/**
 * The follow-up on the seed thread: v7 answers Markus Armbruster's review of
 * v6, and v8 reworks the interface under a new subject.  Read the same from
 * the thread as one mbox and from the mails as separate files.
 */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { looksLikeTrailer } from '../../src/email/trailer-guard.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, shared } from '../support/shared.js';

interface JsonFollowup {
  from: { version: number; messageId: string };
  to: { version: number; messageId: string; subject: string };
  patchMatchedBy: string;
  seriesLinkedBy: string;
  commitMessage: string;
  findings: Array<{ status: string; rule: string; file: string; oldLine: number | null; newLine: number | null; message: string }>;
  reviewComments: Array<{ reviewer: string; messageId: string; file: string; oldLine: number; newLine: number | null; status: string; excerpt: string }>;
}

async function followup(...inputs: string[]): Promise<{ version: number; followups: JsonFollowup[] }> {
  const { status, stdout, stderr } = await runCli(['followup', '--format', 'json', ...inputs]);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return JSON.parse(stdout);
}

const V6 = '20250923100110.70862-17-vsementsov@yandex-team.ru';
const V7 = '20251010173957.166759-17-vsementsov@yandex-team.ru';
const V8 = '20251015132136.1083972-17-vsementsov@yandex-team.ru';
const REVIEW = '87v7kskvut.fsf@pond.sub.org';

function checkV6toV7(f: JsonFollowup): void {
  expect(f.from).toMatchObject({ version: 6, messageId: V6 });
  expect(f.to).toMatchObject({ version: 7, messageId: V7 });
  const open = f.findings.filter((x) => x.status === 'open');
  expect(open).toEqual([expect.objectContaining({ rule: 'qapi/sentence-spacing', file: 'qapi/migration.json', oldLine: 753, newLine: 777 })]);
  expect(open[0]!.message).toContain('"virtio-net/tap."');
  expect(f.findings.filter((x) => x.status === 'fixed').length).toBeGreaterThanOrEqual(15);
  expect(f.findings.filter((x) => x.status === 'new')).toEqual([]);
  // The review's own points, all among the fixed ones.
  const fixed = (rule: string, line: number) => f.findings.find((x) => x.rule === rule && x.oldLine === line)?.status;
  expect(fixed('qapi/unstable-feature', 970)).toBe('fixed');
  expect(fixed('c/lengthy-macro', 76)).toBe('fixed');
  expect(fixed('qapi/member-list-order', 945)).toBe('fixed');

  const markus = f.reviewComments.filter((c) => c.reviewer.includes('armbru@redhat.com'));
  expect(markus.length).toBeGreaterThanOrEqual(5);
  const forgot = markus.find((c) => c.excerpt.startsWith("Forgot feature 'unstable'?"));
  expect(forgot).toMatchObject({ messageId: REVIEW, file: 'qapi/migration.json', oldLine: 970, status: 'changed', newLine: 999 });
  // The macro is gone; the placeholder stays (v7 explains it in the commit message instead).
  expect(markus.find((c) => c.excerpt.startsWith('Not a fan of lengthy macros'))).toMatchObject({
    file: 'include/qapi/util.h',
    status: 'removed',
    newLine: null,
  });
  expect(markus.find((c) => c.excerpt.startsWith('This goes away'))).toMatchObject({ file: 'migration/options.c', status: 'unchanged' });
  expect(markus.find((c) => c.excerpt.startsWith('List members in alphabetical order'))).toMatchObject({ oldLine: 946, status: 'changed', newLine: 974 });
  expect(f.commitMessage).toBe('changed');
}

describe.skipIf(!hasShared)('followup on the seed thread', () => {
  it('the thread as one mbox: v6 -> v7 and v7 -> v8', async () => {
    const report = await followup(shared('seed', 'backend-transfer-thread.mboxrd'));
    expect(report.version).toBe(1);
    expect(report.followups.map((f) => `${f.from.version}->${f.to.version}`)).toEqual(['6->7', '7->8']);
    checkV6toV7(report.followups[0]!);
    const v8 = report.followups[1]!;
    expect(v8.from.messageId).toBe(V7);
    expect(v8.to.messageId).toBe(V8);
    expect(v8.to.subject).toContain('qapi: introduce backend-transfer migration parameter');
    // Renamed: the same patch by its diff, not its subject.
    expect(v8.patchMatchedBy).toBe('diff similarity');
    expect(v8.findings.find((x) => x.oldLine === 777)).toMatchObject({ status: 'fixed' });
  }, 60_000);

  it('v6, the review and v7 as separate files', async () => {
    const report = await followup(
      shared('seed', 'v6-16-19-original.eml'),
      shared('seed', 'v6-16-19-review-markus-armbruster.eml'),
      shared('seed', 'v6-16-19-review-markus-followup.eml'),
      shared('seed', 'v7-16-19-review-addressed.eml'),
    );
    expect(report.followups).toHaveLength(1);
    checkV6toV7(report.followups[0]!);
  }, 60_000);

  it('the text opens with the summary line', async () => {
    const { stdout } = await runCli(['followup', shared('seed', 'v6-16-19-original.eml'), shared('seed', 'v7-16-19-review-addressed.eml')]);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('[PATCH v7 16/19] qapi: add interface for backend-transfer virtio-net/tap migration');
    expect(lines[2]).toMatch(
      /^v7 takes (\d+) of the (\d+) points of the v6 review; still open: one space after "virtio-net\/tap\." \(line 777, flagged in v6 at 753\)\.$/,
    );
    const [, taken, all] = /takes (\d+) of the (\d+)/.exec(lines[2]!)!;
    expect(Number(all) - Number(taken)).toBe(1);
  }, 60_000);

  it("the README's sample is the start of the real output", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const sample = /```\n\$ npx qemu-review followup (\S+) (\S+) (\S+)\n([\s\S]*?)```/.exec(readme);
    expect(sample).not.toBeNull();
    const files = sample!.slice(1, 4).map((f) => f.replace('../shared/', ''));
    const { stdout } = await runCli(['followup', ...files.map((f) => shared(...f.split('/')))]);
    expect(stdout.startsWith(sample![4]!)).toBe(true);
  }, 60_000);

  it('--format email: a reply to v7, facts only, nothing a trailer parser would take', async () => {
    const { stdout } = await runCli(['followup', '--format', 'email', '--from', 'Bot <bot@example.org>', shared('seed', 'backend-transfer-thread.mboxrd')]);
    const entries = stdout.split(/^From \S+ .*\n/m).filter((e) => e !== '');
    expect(entries).toHaveLength(2);
    const mail = await simpleParser(entries[0]!);
    expect(mail.inReplyTo).toBe(`<${V7}>`);
    expect(mail.subject).toBe('Re: [PATCH v7 16/19] qapi: add interface for backend-transfer virtio-net/tap migration');
    expect((mail.to as { value: Array<{ address: string }> }).value[0]!.address).toBe('vsementsov@yandex-team.ru');
    const text = mail.text!;
    expect(text).toMatch(
      /^Hi,\n\nv7 takes \d+ of the \d+ points of the v6 review; still open: one space\nafter "virtio-net\/tap\." \(line 777, flagged in v6 at 753\)\./,
    );
    expect(text).toContain("Forgot feature 'unstable'?");
    expect(text).not.toMatch(/\baddressed\b/i);
    for (const line of text.split('\n')) if (!line.startsWith('>')) expect(looksLikeTrailer(line), line).toBe(false);
  }, 60_000);
});
