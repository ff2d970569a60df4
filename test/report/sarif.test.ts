/**
 * --format sarif: valid against the official SARIF 2.1.0 schema (ajv, always)
 * and Microsoft's validator (Sarif.Multitool, when `npm run sarif:multitool`
 * has installed it), with results, fixes and mail properties where consumers
 * look for them, and GitHub's limits kept.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { COMMIT_MESSAGE, type Finding, type Rule } from '../../src/engine/types.js';
import { readInputs } from '../../src/mail/input.js';
import { FORMATS } from '../../src/report/formats.js';
import { SarifReporter, type SarifOptions } from '../../src/report/sarif.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';
import { rules } from '../../rules/index.js';
// @ts-expect-error -- a plain .mjs dev script, without types
import { multitoolPath } from '../../src/devtools/sarif-multitool.mjs';
import { hunkDiff, mailWith } from '../support/patches.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

/**
 * OASIS's schema for SARIF 2.1.0 (Errata 01), as the SARIF TC publishes it:
 * JSON Schema draft-04, hence ajv's draft-04 class.
 */
const SCHEMA = JSON.parse(readFileSync(join(repoRoot, 'test', 'report', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const MULTITOOL = (multitoolPath as () => string | null)();
const NO_MULTITOOL = 'the SARIF multitool is not installed (npm run sarif:multitool, or SARIF_MULTITOOL=path)';
// Skip notes show only in the verbose reporter: say it once in every run's output too.
if (!MULTITOOL) console.warn(`test/report/sarif.test.ts: Microsoft's validator skipped: ${NO_MULTITOOL}`);

// Both packages are CommonJS with a `default` property; NodeNext types the default import as the module.
const Ajv04 = ajvDraft04.default;
const addFormats = addFormatsModule.default;

let compiled: ValidateFunction | undefined;

function schemaErrors(log: unknown): string[] {
  // Compiling the schema takes seconds on a busy machine: once per file.
  const validate = (compiled ??= (() => {
    const ajv = new Ajv04({ strict: false, allErrors: true });
    addFormats(ajv);
    return ajv.compile(SCHEMA);
  })());
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Runs Microsoft's validator; returns its results (level and rule) or null when the binary is missing. */
function multitool(log: unknown): { level: string; ruleId: string; text: string }[] | null {
  if (!MULTITOOL) return null;
  const dir = tempDir('qemu-review-sarif-');
  writeFileSync(join(dir, 'in.sarif'), JSON.stringify(log));
  const run = spawnSync(MULTITOOL, ['validate', join(dir, 'in.sarif'), '-o', join(dir, 'out.sarif')], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const out = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Sarif.Log;
  return (out.runs[0]!.results ?? []).map((r) => ({
    level: r.level ?? 'warning',
    ruleId: r.ruleId ?? '',
    text: `${r.message.id ?? ''} ${(r.message.arguments ?? []).join(' | ')}`,
  }));
}

const RULE: Rule = {
  meta: {
    id: 'qapi/test-rule',
    description: 'a rule for the test',
    severity: 'warning',
    source: { title: 'docs/devel/qapi-code-gen.rst, "Documentation markup"', quote: 'Separate sentences with two spaces.' },
    messages: {},
    details: 'Counts columns.',
  },
  create: () => ({}),
};

const mail = mailWith(hunkDiff('qapi/a b.json', [{ start: 3, lines: [' ##', '+# Text. More text.', '+# More.'] }]), { message: 'Do it.\n\nBecause.' });
const patchLine = (text: string): number => mail.body.split('\n').indexOf(text) + 1;

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'qapi/test-rule',
    severity: 'warning',
    messageId: 'test@example.org',
    subject: mail.subject.raw,
    messageIndex: 0,
    file: 'qapi/a b.json',
    line: 4,
    message: 'one space',
    ...over,
  };
}

const FINDINGS: Finding[] = [
  finding({ column: 9, endColumn: 10, patchLine: patchLine('+# Text. More text.'), suggestion: { line: 4, endLine: 5, text: '# Text.  More text.\n# More.' } }),
  finding({
    rule: 'other/unlisted',
    severity: 'error',
    line: 4,
    endLine: 5,
    column: 3,
    endColumn: 6,
    message: 'spans two lines',
    patchLine: patchLine('+# Text. More text.'),
  }),
  finding({
    rule: 'qapi/test-rule',
    severity: 'info',
    file: COMMIT_MESSAGE,
    line: 3,
    message: 'say more',
    patchLine: patchLine('Because.'),
    suggestion: { line: 3, endLine: 3, text: 'Because it helps.' },
  }),
];

function reviewed(findings: Finding[], index = 0): MessageResult {
  return { index, source: 'series.mbox', messageId: 'test@example.org', subject: mail.subject.raw, status: 'reviewed', findings, failures: [], mail };
}

function sarif(results: MessageResult[], options: Partial<SarifOptions> = {}): Sarif.Log {
  let out = '';
  const reporter = new SarifReporter({ write: (s) => void (out += s) }, { rules: [RULE], version: '0.1.0', ...options });
  for (const r of results) reporter.message(r);
  reporter.end();
  return JSON.parse(out) as Sarif.Log;
}

describe('--format sarif', () => {
  const log = sarif([
    reviewed(FINDINGS),
    { ...reviewed([], 1), status: 'skipped', reason: { kind: 'unparseable', text: 'unparseable: not a mail' }, mail: null },
    { ...reviewed([], 2), status: 'skipped', reason: { kind: 'reply', text: 'reply: carries no patch of its own' } },
    { ...reviewed([], 3), failures: [{ rule: 'qapi/test-rule', error: 'boom' }] },
  ]);
  const run = log.runs[0]!;

  it('names the tool and describes its rules, inventing no URL', () => {
    expect(log.$schema).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'qemu-review', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(run.tool.driver.informationUri).toBeUndefined();
    expect(run.tool.driver.rules![0]).toEqual({
      id: 'qapi/test-rule',
      shortDescription: { text: 'a rule for the test' },
      fullDescription: { text: 'a rule for the test. Counts columns.' },
      help: { text: 'Counts columns.\n\nSource: docs/devel/qapi-code-gen.rst, "Documentation markup": "Separate sentences with two spaces."' },
      defaultConfiguration: { level: 'warning' },
      properties: { scope: 'lines', source: 'docs/devel/qapi-code-gen.rst, "Documentation markup"' },
    });
    expect(run.tool.driver.rules![1]).toEqual({ id: 'other/unlisted', shortDescription: { text: 'other/unlisted' } });
  });

  it('locates results by relative URI and region, with the fix and the mail they came from', () => {
    const [first, second, third] = run.results!;
    expect(first).toMatchObject({
      ruleId: 'qapi/test-rule',
      ruleIndex: 0,
      level: 'warning',
      message: { text: 'one space' },
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'qapi/a%20b.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 9, endColumn: 10 } } },
      ],
      fixes: [
        {
          artifactChanges: [
            {
              artifactLocation: { uri: 'qapi/a%20b.json' },
              replacements: [{ deletedRegion: { startLine: 4, endLine: 5 }, insertedContent: { text: '# Text.  More text.\n# More.' } }],
            },
          ],
        },
      ],
      properties: { messageId: 'test@example.org', subject: '[PATCH] test: a patch', source: 'series.mbox', messageIndex: 0 },
    });
    // A region over two lines keeps no end column: ours belongs to the first line.
    expect(second!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 4, endLine: 5, startColumn: 3 });
    expect(second).toMatchObject({ ruleIndex: 1, level: 'error' });
    expect(third).toMatchObject({
      level: 'note',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'COMMIT_MSG', uriBaseId: 'PATCHMAIL' }, region: { startLine: 3 } } }],
    });
    expect(run.originalUriBaseIds!['PATCHMAIL']!.description!.text).toContain('commit message');
  });

  it('fingerprints by rule, file and line text, numbering repeats', () => {
    const prints = run.results!.map((r) => r.partialFingerprints!['qemuReviewLineHash/v1']!);
    expect(prints.every((p) => /^[0-9a-f]{32}:\d+$/.test(p))).toBe(true);
    expect(new Set(prints).size).toBe(3);
    const again = sarif([reviewed(FINDINGS), reviewed(FINDINGS, 1)]).runs[0]!.results!.map((r) => r.partialFingerprints!['qemuReviewLineHash/v1']);
    expect(again.slice(0, 3)).toEqual(prints);
    expect(again[3]).toBe(prints[0]!.replace(/:1$/, ':2'));
  });

  it('reports broken messages and failing rules as notifications, not routine skips', () => {
    const invocation = run.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications!.map((n) => [n.level, n.message.text])).toEqual([
      ['warning', 'message 2 (series.mbox, "[PATCH] test: a patch") was not reviewed: unparseable: not a mail'],
      ['error', 'rule qapi/test-rule failed on message 4 (series.mbox): boom'],
    ]);
  });

  it('keeps at most the per-run limit of results, dropping the least severe, and says so', () => {
    const many = [
      finding({ severity: 'info', patchLine: 1 }),
      finding({ severity: 'error' }),
      finding({ severity: 'warning' }),
      finding({ severity: 'info' }),
      finding({ severity: 'error', line: 9 }),
    ];
    const limited = sarif([reviewed(many)], { maxResults: 3 });
    expect(limited.runs).toHaveLength(1);
    expect(limited.runs[0]!.results!.map((r) => [r.level, r.locations![0]!.physicalLocation!.region!.startLine])).toEqual([
      ['error', 4],
      ['warning', 4],
      ['error', 9],
    ]);
    expect(limited.runs[0]!.properties).toMatchObject({ resultsOmitted: 2 });
    expect(limited.runs[0]!.invocations![0]!.toolExecutionNotifications!.at(-1)!.message.text).toMatch(/^2 results left out: a SARIF run takes at most 3/);
  });

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(schemaErrors(log)).toEqual([]);
    // The check can fail: a result without a message is not SARIF, nor is a region without a start.
    expect(schemaErrors({ ...log, runs: [{ ...run, results: [{ ruleId: 'x' }] }] })).not.toEqual([]);
    const startless = structuredClone(log);
    delete startless.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine;
    expect(schemaErrors(startless)).toContainEqual(expect.stringContaining('must match a schema in anyOf'));
  }, 60_000);

  it("passes Microsoft's SARIF validator with no errors and no warnings but the missing informationUri", (ctx) => {
    if (!MULTITOOL) ctx.skip(NO_MULTITOOL);
    const found = multitool(log)!;
    expect(found.filter((r) => r.level === 'error')).toEqual([]);
    // No URL is documented for qemu-review, so none is given (SARIF2005 asks for one; its id reads "Toolnformation").
    expect(found.filter((r) => r.level === 'warning' && !(r.ruleId === 'SARIF2005' && /nformationUri/.test(r.text)))).toEqual([]);
    // The validator does catch what it should: a region that starts at line 0.
    const broken = structuredClone(log);
    broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    expect(multitool(broken)!.some((r) => r.level === 'error')).toBe(true);
    // Two runs of the .NET validator: seconds each on a busy machine.
  }, 120_000);

  it('describes the real pipeline on fixtures/example.patch, valid as well', async () => {
    let out = '';
    const reporter = (await FORMATS.sarif!())({ write: (s) => void (out += s) }, { color: false, verbose: false, rules, version: '0.1.0' });
    for await (const result of reviewMessages(readInputs([join(repoRoot, 'fixtures', 'example.patch')]), rules)) reporter.message(result);
    reporter.end();
    const real = JSON.parse(out) as Sarif.Log;
    const results = real.runs[0]!.results!;
    expect(results.length).toBeGreaterThanOrEqual(11);
    expect(results.find((r) => r.ruleId === 'qapi/unstable-feature')).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'qapi/migration.json' }, region: { startLine: 61, startColumn: 13 } } }],
      fixes: [
        { artifactChanges: [{ replacements: [{ insertedContent: { text: "            { 'name': 'state-handover', 'features': [ 'unstable' ] } ] }" } }] }] },
      ],
      properties: { subject: '[PATCH v2 3/5] qapi: add migration knob state-handover' },
    });
    for (const r of results) expect(real.runs[0]!.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
    // The findings of one doc paragraph point at each other: lines 25-26 are one comment.
    const at = (line: number, ruleId: string) => results.find((r) => r.ruleId === ruleId && r.locations![0]!.physicalLocation!.region!.startLine === line)!;
    expect(at(25, 'qapi/doc-line-width').relatedLocations!.map((l) => [l.physicalLocation!.region!.startLine, l.message!.text!.split(':')[0]])).toEqual([
      [25, 'qapi/sentence-spacing'],
      [26, 'qapi/doc-line-width'],
    ]);
    expect(at(25, 'qapi/doc-line-width').properties!['group']).toBe(at(26, 'qapi/doc-line-width').properties!['group']);
    expect(at(28, 'qapi/since-version').relatedLocations).toBeUndefined();
    expect(schemaErrors(real)).toEqual([]);
  }, 120_000);

  it("keeps the real pipeline's output free of errors by Microsoft's SARIF validator", async (ctx) => {
    if (!MULTITOOL) ctx.skip(NO_MULTITOOL);
    let out = '';
    const reporter = (await FORMATS.sarif!())({ write: (s) => void (out += s) }, { color: false, verbose: false, rules, version: '0.1.0' });
    for await (const result of reviewMessages(readInputs([join(repoRoot, 'fixtures', 'example.patch')]), rules)) reporter.message(result);
    reporter.end();
    expect(multitool(JSON.parse(out))!.filter((r) => r.level === 'error')).toEqual([]);
  }, 120_000);
});
