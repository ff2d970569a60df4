/**
 * `npm run fuzz`: mutates the real mails of ../shared/corpus and ../shared/seed (the project's
 * fixtures when ../shared is absent) and runs them through the pipeline, bounded in cases and
 * time. Checks that nothing crashes or hangs and that every message put in comes out reviewed
 * or skipped with a reason; prints the counts and the slowest cases. Exit status 1 on a finding.
 *
 *   npm run fuzz -- --cases 500 --seconds 120 --seed 7 --case-timeout 20000 --cli-cases 10 [--out FILE] [--keep]
 *
 * The summary goes to --out (default build/fuzz-results.json), where `npm run bench` picks it up.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCase, loadSeeds, type FuzzCase } from './cases.js';
import { CaseRunner, runCli, type CaseOutcome, type CliOutcome } from './runner.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedDir = join(repoRoot, '..', 'shared');
const CLI = join(repoRoot, 'build', 'src', 'cli', 'main.js');

interface Finding {
  case: FuzzCase;
  what: string;
  detail: string;
}

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    'case-timeout': { type: 'string', default: '20000' },
    'cli-cases': { type: 'string', default: '8' },
    out: { type: 'string', default: join(repoRoot, 'build', 'fuzz-results.json') },
    keep: { type: 'boolean', default: false },
  },
});

const maxCases = Number(values.cases);
const budgetMs = Number(values.seconds) * 1000;
const baseSeed = Number(values.seed);
const caseTimeoutMs = Number(values['case-timeout']);
const cliCases = Number(values['cli-cases']);

const seedDirs = existsSync(join(sharedDir, 'seed'))
  ? [join(sharedDir, 'corpus', 'patchew'), join(sharedDir, 'seed')]
  : [join(repoRoot, 'fixtures', 'mail'), join(repoRoot, 'fixtures', 'email')];
const seeds = await loadSeeds(seedDirs);
console.log(
  `fuzz: ${seeds.length} seed mails from ${seedDirs.join(', ')}; up to ${maxCases} cases or ${values.seconds} s, ${caseTimeoutMs} ms per case, seed ${baseSeed}`,
);

const dir = mkdtempSync(join(tmpdir(), 'qemu-review-fuzz-'));
const runner = new CaseRunner(caseTimeoutMs);
const findings: Finding[] = [];
const timings: { case: FuzzCase; ms: number }[] = [];
let tried = 0;
let messagesIn = 0;
let messagesOut = 0;
let cliTried = 0;
const started = Date.now();

function check(c: FuzzCase, outcome: CaseOutcome): void {
  if (outcome.kind === 'hang') return void findings.push({ case: c, what: 'hang', detail: `no result after ${Math.round(outcome.ms)} ms` });
  if (outcome.kind === 'crash') return void findings.push({ case: c, what: 'crash', detail: outcome.why });
  const r = outcome.report;
  timings.push({ case: c, ms: r.ms });
  if (r.error) findings.push({ case: c, what: 'crash', detail: r.error.split('\n').slice(0, 4).join(' | ') });
  if (c.expectedMessages !== null) messagesIn += c.expectedMessages;
  else messagesIn += r.readerMessages;
  messagesOut += r.reviewed + r.skipped;
  if (c.expectedMessages !== null && r.readerMessages !== c.expectedMessages) {
    findings.push({ case: c, what: 'lost messages', detail: `${c.expectedMessages} put in, the reader found ${r.readerMessages}` });
  } else if (c.expectedMessages !== null && r.results !== c.expectedMessages) {
    findings.push({ case: c, what: 'lost messages', detail: `${c.expectedMessages} put in, ${r.results} results` });
  }
  if (r.results !== r.readerMessages) {
    // The first pass is the slower one (it parses every message twice): a difference means the
    // reader's output depends on how fast it is consumed.
    findings.push({ case: c, what: 'lost messages', detail: `the reader gave ${r.readerMessages} messages to a slow consumer, ${r.results} to the review` });
  }
  if (r.unexplained > 0) findings.push({ case: c, what: 'lost messages', detail: `${r.unexplained} results neither reviewed nor skipped with a reason` });
  if (r.misordered > 0) findings.push({ case: c, what: 'misordered', detail: `${r.misordered} results out of input order` });
  if (r.fastPathMismatches > 0)
    findings.push({ case: c, what: 'fast-path mismatch', detail: `${r.fastPathMismatches} messages parse differently on the fast path` });
  for (const f of r.ruleFailures.slice(0, 3)) findings.push({ case: c, what: 'rule failure', detail: f });
}

function checkCli(c: FuzzCase, outcome: CliOutcome, expected: number): void {
  if (outcome.kind === 'hang') return void findings.push({ case: c, what: 'hang (cli)', detail: `no exit after ${Math.round(outcome.ms)} ms` });
  if (outcome.kind === 'crash') return void findings.push({ case: c, what: 'crash (cli)', detail: outcome.why });
  if (outcome.messages !== expected || outcome.unexplained > 0) {
    findings.push({
      case: c,
      what: 'lost messages (cli)',
      detail: `${expected} expected, ${outcome.messages} in the JSON, ${outcome.unexplained} unexplained`,
    });
  }
}

try {
  for (let id = 0; id < maxCases && Date.now() - started < budgetMs; id++) {
    const c = buildCase(id, baseSeed * 100_003 + id, seeds, dir);
    const outcome = await runner.run({ id, path: c.path });
    tried++;
    check(c, outcome);
    // Every so often the same case through the command line, start to end.
    if (cliTried < cliCases && id % Math.max(1, Math.floor(maxCases / Math.max(1, cliCases))) === 0 && outcome.kind === 'done') {
      cliTried++;
      checkCli(c, await runCli(CLI, c.path, caseTimeoutMs * 2), outcome.report.readerMessages);
    }
    if (!values.keep && !findings.some((f) => f.case === c)) rmSync(c.path, { force: true });
    if (tried % 50 === 0) console.log(`  ${tried} cases, ${findings.length} findings, ${Math.round((Date.now() - started) / 1000)} s`);
  }
} finally {
  await runner.close();
}

const count = (what: string): number => new Set(findings.filter((f) => f.what.startsWith(what)).map((f) => f.case.id)).size;
const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 5);
const summary = {
  casesTried: tried,
  cliCasesTried: cliTried,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  messagesIn,
  messagesOut,
  crashes: count('crash'),
  hangs: count('hang'),
  lostMessages: count('lost messages'),
  fastPathMismatches: count('fast-path mismatch'),
  ruleFailures: count('rule failure'),
  slowest: slowest.map((t) => ({ case: t.case.id, ms: Math.round(t.ms), bytes: t.case.bytes, framing: t.case.framing, mails: t.case.mails })),
  findings: findings.map((f) => ({ case: f.case.id, seed: f.case.seed, file: f.case.path, what: f.what, detail: f.detail, mails: f.case.mails })),
};

console.log(`\ncases tried: ${tried} (${cliTried} also through the CLI) in ${summary.seconds} s`);
console.log(`messages put in: ${messagesIn}; reviewed or skipped with a reason: ${messagesOut}`);
console.log(
  `crashes: ${summary.crashes}  hangs: ${summary.hangs}  lost messages: ${summary.lostMessages}  fast-path mismatches: ${summary.fastPathMismatches}  rule failures: ${summary.ruleFailures}`,
);
console.log('slowest cases:');
for (const s of summary.slowest) console.log(`  #${s.case} ${s.ms} ms, ${(s.bytes / 1e6).toFixed(2)} MB ${s.framing}: ${s.mails.join('; ')}`);
if (findings.length > 0) {
  console.log('findings (the case files are kept):');
  for (const f of findings.slice(0, 30)) console.log(`  #${f.case.id} ${f.what}: ${f.detail}\n      ${f.case.path} (${f.case.mails.join('; ')})`);
} else if (!values.keep) rmSync(dir, { recursive: true, force: true });
if (values.out) writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
process.exitCode = findings.length > 0 ? 1 : 0;
