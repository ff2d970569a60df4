/**
 * --format checkpatch: the lines of `checkpatch.pl -q --terse --no-summary
 * --mailback -`, numbered as checkpatch numbers them (lines of the mail on
 * standard input, header included), and nothing on a clean patch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Finding, Rule } from '../../src/engine/types.js';
import { readInputs } from '../../src/mail/input.js';
import { CHECKPATCH_FAIL_ON, CheckpatchReporter, RawMessageTap } from '../../src/report/checkpatch.js';
import { FORMATS } from '../../src/report/formats.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import { rules } from '../../rules/index.js';
import { hunkDiff, mailWith } from '../support/patches.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';

const QAPI_RULES = rules.filter((r) => ['qapi/doc-line-width', 'qapi/sentence-spacing', 'c/lengthy-macro', 'qapi/unstable-feature'].includes(r.meta.id));
const CHECKPATCH = shared('qemu', '10.0.13', 'scripts', 'checkpatch.pl');
const TERSE_LINE = /^-:(\d+): (ERROR|WARNING|CHECK): \S.*$/;

/** What b4 does: one mail on standard input, through the real pipeline, as `--format checkpatch`. */
async function checkpatchOnStdin(mail: string | Buffer, ruleSet: readonly Rule[] = QAPI_RULES): Promise<{ out: string; status: number }> {
  let out = '';
  const tap = new RawMessageTap();
  const reporter = (await FORMATS.checkpatch!())(
    { write: (s) => void (out += s) },
    { color: false, verbose: false, rules: ruleSet, rawMessage: (i) => tap.bytes(i) },
  ) as CheckpatchReporter;
  const stdin = Readable.from([Buffer.from(mail)]);
  for await (const result of reviewMessages(tap.wrap(readInputs(['-'], { stdin })), ruleSet)) reporter.message(result);
  reporter.end();
  return { out, status: reporter.exitStatus };
}

/** The mail as b4 hands it over: `git format-patch` output without its mbox `From ` line. */
const withoutEnvelope = (text: string): string => text.replace(/^From [0-9a-f]{40} .*\n/, '');

const inputLine = (mail: string, n: number): string => mail.split('\n')[n - 1]!;

describe('--format checkpatch through the pipeline, one mail on standard input', () => {
  const example = withoutEnvelope(readFileSync(join(repoRoot, 'fixtures', 'example.patch'), 'utf8'));

  it('prints terse lines whose numbers point at the offending lines of the input', async () => {
    const { out, status } = await checkpatchOnStdin(example);
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBe(9);
    for (const line of lines) expect(line).toMatch(TERSE_LINE);
    expect(lines).toContain(
      "-:100: ERROR: 'state-handover' is documented as experimental under @unstable, but lacks 'features': [ 'unstable' ] [qapi/unstable-feature]",
    );
    expect(inputLine(example, 100)).toBe("+            'state-handover' ] }");
    expect(lines.find((l) => l.includes('[c/lengthy-macro]'))).toMatch(/^-:26: CHECK: new 8-line macro LIST_FIND_VALUE/);
    expect(inputLine(example, 26)).toMatch(/^\+#define LIST_FIND_VALUE/);
    expect(lines.filter((l) => l.includes('[qapi/doc-line-width]')).map((l) => inputLine(example, Number(TERSE_LINE.exec(l)![1])))).toEqual([
      '+# @vhost-user-blk: Hand the vhost-user-blk backend state over to the destination. The',
      '+#     backend keeps running while both QEMU instances share its socket.',
      '+# @state-handover: Backends whose state is handed over rather than migrated.',
      '+#     This needs a UNIX domain socket as migration channel. (Since 11.0)',
      '+# @unstable: Members @x-trace, @x-verbose and @state-handover are experimental.',
    ]);
    // In patch order, like checkpatch.
    const numbers = lines.map((l) => Number(TERSE_LINE.exec(l)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(status).toBe(1);
  });

  it('counts the raw lines of a quoted-printable mail, as checkpatch reads them', async () => {
    const raw = readFileSync(join(repoRoot, 'fixtures', 'email', 'quoted-printable.eml'), 'utf8');
    const { out, status } = await checkpatchOnStdin(raw);
    const [line, ...rest] = out.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(line).toMatch(/^-:\d+: WARNING: doc comment line is 83 columns wide; wrap QAPI doc text at 70 \[qapi\/doc-line-width\]$/);
    expect(inputLine(raw, Number(TERSE_LINE.exec(line!)![1]))).toBe('+# Return the caf=C3=A9 of the machine, with a description far too long for=');
    expect(status).toBe(0);
  });

  it('prints nothing for a clean patch, a cover letter or a reply, and exits 0', async () => {
    const clean = example.replace(/^\+.*$/gm, '+int x;').replace(/^-(?!--).*$/gm, ' y');
    for (const mail of [clean, readFileSync(join(repoRoot, 'fixtures', 'mail', 'series-3.eml'), 'utf8')]) {
      expect(await checkpatchOnStdin(mail, rules)).toEqual({ out: '', status: 0 });
    }
    expect(CHECKPATCH_FAIL_ON).toBe('error');
  });
});

describe('CheckpatchReporter on synthetic findings', () => {
  const mail = mailWith(hunkDiff('hw/foo.c', [{ start: 5, lines: [' a();', '+b();', '+c();'] }]));
  const at = (text: string) => mail.body.split('\n').indexOf(text) + 1;
  const f = (over: Partial<Finding>): Finding => ({
    rule: 'c/x',
    severity: 'warning',
    messageId: 'm',
    subject: 's',
    messageIndex: 0,
    file: 'hw/foo.c',
    line: 6,
    message: 'msg',
    ...over,
  });
  const run = (source: string, findings: Finding[]): string => {
    let out = '';
    const reporter = new CheckpatchReporter({ write: (s) => void (out += s) });
    const result: MessageResult = { index: 0, source, messageId: 'm', subject: 's', status: 'reviewed', findings, failures: [], mail };
    reporter.message(result);
    reporter.message({ ...result, status: 'skipped', reason: { kind: 'cover-letter', text: 'cover letter (0/2)' }, findings });
    return out;
  };

  it('names standard input "-" and files by path, maps severities, one line per finding in patch order', () => {
    const findings = [
      f({ severity: 'info', line: 7, patchLine: at('+c();'), message: 'a note' }),
      f({ severity: 'error', patchLine: at('+b();'), message: 'two\nlines' }),
    ];
    expect(run('<stdin>', findings)).toBe(`-:${at('+b();')}: ERROR: two lines [c/x]\n-:${at('+c();')}: CHECK: a note [c/x]\n`);
    expect(run('patches/0001.patch', [f({ patchLine: at('+b();') })])).toBe(`patches/0001.patch:${at('+b();')}: WARNING: msg [c/x]\n`);
  });

  it("puts a finding with no body line on its file's diff header line", () => {
    expect(run('<stdin>', [f({ message: 'corrupt hunk' })])).toBe(`-:${at('diff --git a/hw/foo.c b/hw/foo.c')}: WARNING: corrupt hunk [c/x]\n`);
  });
});

describe.skipIf(!hasShared || !existsSync(CHECKPATCH))("QEMU's checkpatch.pl on the same mail", () => {
  it('prints the same form, and the same line number for a line both complain about', async () => {
    // A QAPI doc line that is too wide (ours) and ends in a space (checkpatch's "trailing whitespace").
    const mail = withoutEnvelope(readFileSync(join(repoRoot, 'fixtures', 'example.patch'), 'utf8')).replace(
      '+#     backend keeps running while both QEMU instances share its socket.\n',
      '+#     backend keeps running while both QEMU instances share its socket. \n',
    );
    const theirs = spawnSync('perl', [CHECKPATCH, '--no-tree', '-q', '--terse', '--no-summary', '--mailback', '-'], { input: mail, encoding: 'utf8' });
    const theirLines = theirs.stdout.trimEnd().split('\n');
    expect(theirLines.length).toBeGreaterThan(0);
    for (const line of theirLines) expect(line).toMatch(TERSE_LINE);
    const whitespace = theirLines.find((l) => l.endsWith('ERROR: trailing whitespace'))!;
    const n = TERSE_LINE.exec(whitespace)![1];

    const ours = (await checkpatchOnStdin(mail)).out.trimEnd().split('\n');
    for (const line of ours) expect(line).toMatch(TERSE_LINE);
    expect(ours.some((l) => l.startsWith(`-:${n}: WARNING: doc comment line is 72 columns wide`))).toBe(true);
    // Both exit 1 on an ERROR.
    expect(theirs.status).toBe(1);
  });
});
