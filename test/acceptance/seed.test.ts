/**
 * The thread the project starts from: what Markus Armbruster's review of v6
 * found, the bot must find; what v7 fixed, it must stay quiet on.
 */
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, shared } from '../support/shared.js';

const SEED_RULES = ['qapi/doc-line-width', 'qapi/sentence-spacing', 'qapi/member-list-order', 'qapi/unstable-feature', 'c/lengthy-macro'];

async function review(file: string): Promise<JsonReport> {
  const { stdout, stderr } = await runCli(['check', '--format', 'json', shared('seed', file)]);
  expect(stderr).toBe('');
  return JSON.parse(stdout) as JsonReport;
}

const located = (report: JsonReport) =>
  report.findings
    .filter((f) => SEED_RULES.includes(f.rule))
    .map((f) => `${f.rule} ${f.file}:${f.line}`)
    .sort();

describe.skipIf(!hasShared)('the seed thread', () => {
  it('v6: finds what the review found, and nothing else', async () => {
    const report = await review('v6-16-19-original.eml');
    expect(report.messages).toEqual([expect.objectContaining({ status: 'reviewed', messageId: '20250923100110.70862-17-vsementsov@yandex-team.ru' })]);
    const expected = [
      ...[753, 754, 946, 1132, 1348].map((l) => `qapi/doc-line-width qapi/migration.json:${l}`),
      ...[753, 940, 941, 1126, 1127, 1342, 1343].map((l) => `qapi/sentence-spacing qapi/migration.json:${l}`),
      ...[945, 1131, 1347].map((l) => `qapi/member-list-order qapi/migration.json:${l}`),
      'qapi/unstable-feature qapi/migration.json:970',
      'c/lengthy-macro include/qapi/util.h:76',
    ].sort();
    expect(located(report)).toEqual(expected);
  });

  it('v6: the fixes it suggests are the ones v7 made', async () => {
    const report = await review('v6-16-19-original.eml');
    const at = (rule: string, line: number) => report.findings.find((f) => f.rule === rule && f.line === line)!;
    expect(at('qapi/member-list-order', 945).suggestion).toEqual({
      line: 945,
      endLine: 946,
      text: '# @unstable: Members @backend-transfer, @x-checkpoint-delay and\n#     @x-vcpu-dirty-limit-period are experimental.',
    });
    expect(at('qapi/unstable-feature', 970).suggestion?.text).toBe("           { 'name': 'backend-transfer', 'features': [ 'unstable' ] } ] }");
    // One fix for the paragraph, whichever of its findings: rewrapped, two spaces, and the wording.
    const paragraph =
      '# @virtio-net-tap: Enable backend-transfer migration for\n' +
      '#     virtio-net/tap.  When enabled, TAP fds and all related state is\n' +
      '#     passed to target QEMU through migration channel (which should be\n' +
      '#     UNIX domain socket).';
    for (const [rule, line] of [
      ['qapi/doc-line-width', 753],
      ['qapi/doc-line-width', 754],
      ['qapi/sentence-spacing', 753],
      ['qapi/wording', 755],
    ] as const) {
      expect(at(rule, line).suggestion).toEqual({ line: 753, endLine: 755, text: paragraph });
    }
    expect(at('qapi/doc-line-width', 946).suggestion).toEqual(at('qapi/member-list-order', 945).suggestion);
    expect(at('c/lengthy-macro', 76).message).toContain('migrate_virtio_net_tap(), migration/options.c:270');
  });

  it('v7: only the single space v7 still has', async () => {
    const report = await review('v7-16-19-review-addressed.eml');
    expect(located(report)).toEqual(['qapi/sentence-spacing qapi/migration.json:777']);
    expect(report.findings.find((f) => f.line === 777)!.message).toBe('one space after "virtio-net/tap."; separate sentences with two spaces');
  });

  it('the whole thread as mboxrd: three patches reviewed, the two replies skipped', async () => {
    const { stdout } = await runCli(['check', '--format', 'json', shared('seed', 'backend-transfer-thread.mboxrd')]);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.messages.map((m) => [m.status, m.reason ?? ''])).toEqual([
      ['reviewed', ''],
      ['skipped', 'reply: carries no patch of its own'],
      ['skipped', 'reply: carries no patch of its own'],
      ['reviewed', ''],
      ['reviewed', ''],
    ]);
    // v6's findings, again, now within the archive.
    expect(report.findings.filter((f) => f.messageId === '20250923100110.70862-17-vsementsov@yandex-team.ru' && SEED_RULES.includes(f.rule))).toHaveLength(17);
  });
});

describe.skipIf(!hasShared)('the seed thread with the QEMU tree (--tree)', () => {
  const tree = shared('qemu', '10.0.13');

  async function reviewOnTree(file: string, ...args: string[]): Promise<JsonReport> {
    const { stdout, stderr } = await runCli(['check', '--format', 'json', '--fail-on', 'never', '--tree', tree, ...args, shared('seed', file)]);
    expect(stderr).toBe('');
    return JSON.parse(stdout) as JsonReport;
  }

  const rulesOf = (report: JsonReport) => report.findings.map((f) => f.rule).sort();

  it('v6 applies with offsets: the diff-only findings at the applied lines, plus wording and the placeholder', async () => {
    const onTree = await reviewOnTree('v6-16-19-original.eml');
    const diffOnly = await review('v6-16-19-original.eml');
    expect(onTree.findings.some((f) => f.rule === 'patch/apply')).toBe(false);
    expect(rulesOf(onTree)).toEqual(rulesOf(diffOnly));
    // Same findings, moved by the offset the patch applied at (the tree is older than the patch).
    const shifted = (r: JsonReport) => r.findings.filter((f) => f.file === 'qapi/migration.json').map((f) => `${f.rule}:${f.line}`);
    expect(shifted(onTree)).toEqual(shifted(diffOnly).map((s) => s.replace(/:(\d+)$/, (_, n: string) => `:${Number(n) - 38}`)));
    const wording = onTree.findings.filter((f) => f.rule === 'qapi/wording').map((f) => f.line);
    expect(wording).toEqual([717, 902, 1088, 1304]);
    const placeholder = onTree.findings.filter((f) => f.rule === 'commit/placeholder-explained');
    expect(placeholder.map((f) => `${f.file}:${f.line}`)).toEqual(['migration/options.c:1177']);
    const macro = onTree.findings.find((f) => f.rule === 'c/lengthy-macro')!;
    expect(macro.message).toContain('has a single use in the tree (migrate_virtio_net_tap(), migration/options.c:268)');
  });

  it('v6 without the tree: wording on each "unix socket", the unexplained placeholder', async () => {
    const report = await review('v6-16-19-original.eml');
    expect(report.findings.filter((f) => f.rule === 'qapi/wording').map((f) => f.line)).toEqual([755, 940, 1126, 1342]);
    expect(report.findings.filter((f) => f.rule === 'commit/placeholder-explained').map((f) => `${f.file}:${f.line}`)).toEqual(['migration/options.c:1199']);
  });

  it('v7 stays quiet on wording and the placeholder, with and without the tree', async () => {
    for (const report of [await review('v7-16-19-review-addressed.eml'), await reviewOnTree('v7-16-19-review-addressed.eml')]) {
      expect(report.findings.filter((f) => f.rule === 'qapi/wording' || f.rule === 'commit/placeholder-explained')).toEqual([]);
    }
  });

  it('--qemu-version 10.2: no since-version finding; 11.0: one on each Since and (Since) the patch adds', async () => {
    expect((await reviewOnTree('v6-16-19-original.eml', '--qemu-version', '10.2')).findings.filter((f) => f.rule === 'qapi/since-version')).toEqual([]);
    const late = (await reviewOnTree('v6-16-19-original.eml', '--qemu-version', '11.0')).findings.filter((f) => f.rule === 'qapi/since-version');
    expect(late.map((f) => f.message)).toEqual([
      '"Since: 10.2" of new definition BackendTransfer names 10.2, but --qemu-version 11.0 means 11.0',
      ...Array(3).fill('"(Since 10.2)" of new member @backend-transfer names 10.2, but --qemu-version 11.0 means 11.0'),
    ]);
    expect(late.map((f) => f.line)).toEqual([719, 903, 1089, 1305]);
  });
});

describe.skipIf(!hasShared)('the seed thread, one voice per problem', () => {
  it('v6 as an email reply: no comment repeated, every flagged line named, at most 6 suggested fixes', async () => {
    const { stdout } = await runCli(['reply', shared('seed', 'v6-16-19-original.eml')]);
    const body = stdout.slice(stdout.indexOf('\n\n') + 2).split('\n');
    // Comment paragraphs: runs of our own lines (not quoted, not a suggested fix, not "[...]").
    const paragraphs: string[] = [];
    let current: string[] = [];
    const flush = () => {
      if (current.length > 0) paragraphs.push(current.join('\n'));
      current = [];
    };
    for (const line of body) {
      if (line === '' || line.startsWith('>') || line === '[...]' || line.startsWith('    |') || line.startsWith('Suggest')) flush();
      else current.push(line);
    }
    flush();
    const comments = paragraphs.filter((p) => /\[[a-z]+\/[a-z-]+/.test(p));
    expect(new Set(comments).size).toBe(comments.length);
    // The three copies of @backend-transfer's doc and of @unstable's: one comment each, the copies named.
    expect(comments.filter((c) => c.includes('[qapi/sentence-spacing, line 940]'))).toHaveLength(1);
    expect(comments.some((c) => /\[qapi\/[a-z-]+, lines? 1126\b/.test(c))).toBe(false);
    expect(stdout).toContain('Same at lines 1126 and 1127, and at lines 1342 and 1343.');
    const report = await review('v6-16-19-original.eml');
    const prose = comments.join('\n').replace(/\s+/g, ' ');
    for (const f of report.findings) expect(prose, `${f.rule} at line ${f.line}`).toMatch(new RegExp(`\\b${f.line}\\b`));
    expect(body.filter((l) => l.startsWith('Suggest')).length).toBeLessThanOrEqual(6);
  });

  it('v6 as text: one fix per paragraph, the copies named once', async () => {
    const { stdout } = await runCli(['check', '--fail-on', 'never', shared('seed', 'v6-16-19-original.eml')]);
    expect(stdout.split('\n').filter((l) => l.startsWith('    suggested '))).toHaveLength(4);
    expect(stdout).not.toContain('overlaps');
    expect(stdout.split('Same at lines 1126 and 1127, and at lines 1342 and 1343.')).toHaveLength(2);
    expect(stdout).not.toMatch(/^qapi\/migration\.json:1126:/m);
  });

  it('v6 in JSON: one finding per line as before, the findings of a paragraph and of its copies sharing a group', async () => {
    const report = await review('v6-16-19-original.eml');
    expect(report.findings.every((f) => typeof f.group === 'string')).toBe(true);
    const groupOf = (rule: string, line: number) => report.findings.find((f) => f.rule === rule && f.line === line)!.group;
    expect(groupOf('qapi/doc-line-width', 753)).toBe(groupOf('qapi/wording', 755));
    expect(new Set([940, 1126, 1342].map((l) => groupOf('qapi/wording', l))).size).toBe(1);
    expect(new Set([945, 1131, 1347].map((l) => groupOf('qapi/member-list-order', l))).size).toBe(1);
    expect(groupOf('qapi/wording', 940)).not.toBe(groupOf('qapi/member-list-order', 945));
    expect(groupOf('qapi/unstable-feature', 970)).not.toBe(groupOf('qapi/member-list-order', 945));
  });
});
