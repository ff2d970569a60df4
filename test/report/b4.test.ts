/**
 * --format b4-review (or b4): what `b4 review` reads from a check command given one mail
 * on standard input: a JSON array of { tool, status, summary, url?, details? },
 * `[]` when there is nothing to report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Finding, Rule } from '../../src/engine/types.js';
import { readInputs } from '../../src/mail/input.js';
import { b4Results, type B4CheckResult } from '../../src/report/b4.js';
import { FORMATS } from '../../src/report/formats.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import { rules } from '../../rules/index.js';
import { hunkDiff, mailWith } from '../support/patches.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../support/shared.js';

const QAPI_RULES = rules.filter((r) => ['qapi/doc-line-width', 'qapi/sentence-spacing', 'c/lengthy-macro', 'qapi/unstable-feature'].includes(r.meta.id));

async function b4OnStdin(mail: string, ruleSet: readonly Rule[] = QAPI_RULES): Promise<string> {
  let out = '';
  const reporter = (await FORMATS['b4-review']!())({ write: (s) => void (out += s) }, { color: false, verbose: false, rules: ruleSet });
  for await (const result of reviewMessages(readInputs(['-'], { stdin: Readable.from([Buffer.from(mail)]) }), ruleSet)) reporter.message(result);
  reporter.end();
  return out;
}

/** What b4's _run_external_cmd keeps of our output (misc/review-ci-example.py documents the fields). */
function asB4Reads(out: string): B4CheckResult[] {
  const data = JSON.parse(out) as unknown;
  expect(Array.isArray(data)).toBe(true);
  for (const entry of data as Record<string, unknown>[]) {
    expect(['pass', 'warn', 'fail']).toContain(entry['status']);
    expect(typeof entry['tool']).toBe('string');
    for (const key of ['summary', 'url', 'details']) if (key in entry) expect(typeof entry[key]).toBe('string');
  }
  return data as B4CheckResult[];
}

const example = readFileSync(join(repoRoot, 'fixtures', 'example.patch'), 'utf8').replace(/^From [0-9a-f]{40} .*\n/, '');

describe('--format b4-review through the pipeline', () => {
  it('is what --format b4 (its first name) prints', async () => {
    const [b4, review] = await Promise.all(
      ['b4', 'b4-review'].map((format) => runCli(['check', '--format', format, '--b4-url', 'https://ci.example.org/r', '-'], example)),
    );
    expect(review!.stdout).toMatch(
      /^\[\{"tool":"qemu-review","status":"fail","summary":"1 error, 11 warnings, 1 note","url":"https:\/\/ci\.example\.org\/r","details":/,
    );
    expect(review).toEqual(b4);
  });

  it('one patch on stdin gives one array with one result, details as b4 renders checkpatch findings', async () => {
    const out = await b4OnStdin(example);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    const [result, ...rest] = asB4Reads(out);
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ tool: 'qemu-review', status: 'fail', summary: '1 error, 7 warnings, 1 note' });
    expect(result!.url).toBeUndefined();
    const details = JSON.parse(result!.details!) as { status: string; description: string; srcline?: string }[];
    expect(details).toHaveLength(9);
    expect(details).toContainEqual({
      status: 'fail',
      description:
        "qapi/migration.json:61:13: 'state-handover' is documented as experimental under @unstable, but lacks 'features': [ 'unstable' ] [qapi/unstable-feature]",
      srcline: "+            'state-handover' ] }",
    });
    expect(details.filter((d) => d.status === 'pass').map((d) => d.description)).toEqual([
      expect.stringMatching(/^include\/qemu\/list-helpers.h:15:9: new 8-line macro/),
    ]);
  });

  it('has nothing to report on a cover letter, a reply or an empty input', async () => {
    const cover = example.replace('[PATCH v2 3/5] qapi: add migration knob state-handover', '[PATCH v2 0/5] qapi: state handover');
    expect(await b4OnStdin(cover)).toBe('[]\n');
    expect(await b4OnStdin(readFileSync(join(repoRoot, 'fixtures', 'mail', 'series-3.eml'), 'utf8'))).toBe('[]\n');
    expect(await b4OnStdin('')).toBe('[]\n');
  });

  it('passes a clean patch', async () => {
    const clean = mailWith(hunkDiff('hw/foo.c', [{ start: 1, lines: [' a();', '+b();'] }])).body;
    const mail = `From: A <a@example.org>\nSubject: [PATCH] hw/foo: b\nMessage-ID: <x@example.org>\n\n${clean}`;
    expect(asB4Reads(await b4OnStdin(mail))).toEqual([{ tool: 'qemu-review', status: 'pass', summary: 'no findings' }]);
  });
});

describe('b4Results', () => {
  const mail = mailWith(hunkDiff('hw/foo.c', [{ start: 1, lines: [' a();', '+b();'] }]));
  const f = (severity: Finding['severity']): Finding => ({
    rule: 'c/x',
    severity,
    messageId: 'm',
    subject: 's',
    messageIndex: 0,
    file: 'hw/foo.c',
    line: 2,
    message: severity,
  });
  const reviewed = (findings: Finding[], over: Partial<MessageResult> = {}): MessageResult => ({
    index: 0,
    source: '<stdin>',
    messageId: 'm',
    subject: 's',
    status: 'reviewed',
    findings,
    failures: [],
    mail,
    ...over,
  });

  it('takes its status from the worst finding: a note passes, a warning warns, an error fails', () => {
    expect(b4Results(reviewed([f('info')]))[0]).toMatchObject({ status: 'pass', summary: '1 note' });
    expect(b4Results(reviewed([f('info'), f('warning'), f('warning')]))[0]).toMatchObject({ status: 'warn', summary: '2 warnings, 1 note' });
    expect(b4Results(reviewed([f('warning'), f('error')]))[0]).toMatchObject({ status: 'fail', summary: '1 error, 1 warning' });
  });

  it('warns about a mail it could not review and about a rule that failed, and carries a configured URL', () => {
    expect(
      b4Results(reviewed([], { status: 'skipped', reason: { kind: 'unparseable', text: 'unparseable: not a mail' }, mail: null }), {
        url: 'https://ci.example.org/x',
      }),
    ).toEqual([{ tool: 'qemu-review', status: 'warn', summary: 'not reviewed: unparseable: not a mail', url: 'https://ci.example.org/x' }]);
    const [failed] = b4Results(reviewed([], { failures: [{ rule: 'c/x', error: 'boom' }] }));
    expect(failed).toMatchObject({ status: 'warn', summary: '1 rule failed' });
    expect(JSON.parse(failed!.details!)).toEqual([{ status: 'warn', description: 'internal error in rule c/x: boom (please report this)' }]);
  });
});
