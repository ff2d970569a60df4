/**
 * `npm run bench`: builds archives from what changed in QEMU between 7.2.0 and 10.0.13 (about
 * 10 MB and 100 MB), and measures the built command line on them in fresh processes: MB/s and
 * mails/s end to end, peak RSS, cold start, checkpatch.pl on the same patches, the linear-time
 * check on 0.5 MB and 1 MB lines and on QAPI lists of 10k to 40k entries, the Action's review path on 0.5 MB and 1 MB QAPI patches, and the speed-up of the parallel review. Writes every sample
 * to --out (default build/bench-results.json) and prints the Markdown table for the README.
 * First of all, the ratios the README quotes (src/bench/ratios.ts): one patch against `node -e 0`
 * and against checkpatch.pl, an archive against a streaming message counter, side by side.
 * Skips (exit 0) when ../shared is absent.
 *
 *   npm run bench -- --ratios-only [--ratio-runs 9] [--ratio-mb 50]   (the ratios alone: a few minutes)
 *   npm run bench -- --patch-only [--ratio-runs 9]   (the one-patch ratios alone: half a minute)
 *   npm run bench -- [--quick] [--runs 5] [--large-runs 3] [--large-mb 100] [--fresh] [--out FILE]
 *   node build/src/bench/main.js --from build/bench-results.json   (the table again, no runs)
 */
import { spawn } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectQemuDiffs } from './qemu-diffs.js';
import { passMails, writeCorpus, type CorpusStats } from './corpus.js';
import { measure, measureOnce, median, type Sample, type Summary } from './measure.js';
import { checkpatchArgs, perPatch } from './checkpatch.js';
import { longDiffLineMail, longDocLineMail } from './linear.js';
import { largeQapiPatch } from './large-qapi.js';
import { LIST_KINDS, largeListMail } from './large-lists.js';
import { ratioOf, ratioTable, sideBySide, type Command, type RatioRun } from './ratios.js';
import {
  markdown,
  throughput,
  type ActionPathRun,
  type BenchResults,
  type CorpusRun,
  type FuzzFigures,
  type JobsRun,
  type LinearRun,
  type ListRun,
  type OutputCheck,
} from './report.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedDir = join(repoRoot, '..', 'shared');
/** What users run (package.json's bin): the bundle. */
const CLI = join(repoRoot, 'build', 'cli', 'qemu-review.js');
/** The same program as tsc builds it, module by module: the cold start before the bundle. */
const TSC_CLI = join(repoRoot, 'build', 'src', 'cli', 'main.js');
const COUNTER = join(repoRoot, 'build', 'src', 'bench', 'count-messages.js');
const READ_ONLY = join(repoRoot, 'build', 'src', 'bench', 'read-only.js');
const ACTION_PATH = join(repoRoot, 'build', 'src', 'bench', 'action-path.js');

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(repoRoot, 'build', 'bench-results.json') },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    'large-runs': { type: 'string', default: '3' },
    'small-mb': { type: 'string', default: '10' },
    'large-mb': { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    'no-full': { type: 'boolean', default: false },
    'checkpatch-sample': { type: 'string', default: '40' },
    fuzz: { type: 'string', default: join(repoRoot, 'build', 'fuzz-results.json') },
    from: { type: 'string' },
    'ratios-only': { type: 'boolean', default: false },
    'patch-only': { type: 'boolean', default: false },
    'ratio-runs': { type: 'string', default: '9' },
    'ratio-mb': { type: 'string', default: '50' },
  },
});

// `--from FILE`: print the table of earlier results again, measuring nothing.
if (values.from) {
  console.log(markdown(JSON.parse(readFileSync(values.from, 'utf8')) as BenchResults));
  process.exit(0);
}

const oldTree = join(sharedDir, 'qemu', '7.2.0');
const newTree = join(sharedDir, 'qemu', '10.0.13');
if (!existsSync(oldTree) || !existsSync(newTree)) {
  console.log(`bench: skipped, ${sharedDir} (QEMU 7.2.0 and 10.0.13) is not there`);
  process.exit(0);
}

const quick = values.quick;
const runs = { small: quick ? 3 : Number(values.runs), large: Number(values['large-runs']), other: quick ? 3 : 5 };
const seed = Number(values.seed);
const work = join(tmpdir(), 'qemu-review-bench');
mkdirSync(work, { recursive: true });
const log = (text: string): void => console.error(`bench: ${text}`);
/** What issue 11 asks of each ratio. */
function ratioTarget(run: RatioRun): string | undefined {
  if (run.name.includes('unbundled')) return undefined;
  if (run.name.includes('node -e 0')) return 'at most 1.6×';
  if (run.name.includes('checkpatch')) return 'at most 2×';
  if (run.name.startsWith('archive growth')) return 'about 4× (linear)';
  if (run.name.startsWith('archive')) return 'at most 3×';
  return undefined;
}

/** One core: the throughput target is per core, and --jobs is measured on its own below. */
const cliArgs = (file: string, format = 'json', jobs = 1): string[] => ['check', '--format', format, '--fail-on', 'never', '--jobs', String(jobs), file];
const outputFile = join(work, 'last-output');

/** Whether the last run wrote its JSON document whole; a crash leaves none (and exit code 1, as findings do). */
function checkOutput(summary: Summary, format = 'json'): OutputCheck {
  const last = summary.samples[summary.samples.length - 1]!;
  const crash = /^\s*(\w*Error\b.*|FATAL ERROR.*|.*heap out of memory.*)$/m.exec(last.stderrTail);
  if (crash || (last.exitCode !== 0 && last.exitCode !== 1)) return { ok: false, error: (crash?.[1] ?? `exit code ${last.exitCode}`).slice(0, 120) };
  if (format !== 'json') return { ok: true };
  try {
    const doc = JSON.parse(readFileSync(outputFile, 'utf8')) as { messages: unknown[]; findings: unknown[] };
    return { ok: true, messages: doc.messages.length, findings: doc.findings.length };
  } catch (error) {
    return { ok: false, error: `no JSON document: ${(error as Error).message}`.slice(0, 120) };
  }
}

async function corpus(name: string, megabytes: number): Promise<CorpusStats> {
  const path = join(work, `${name}-${megabytes}mb-seed${seed}.mbox`);
  const statsFile = `${path}.json`;
  if (!values.fresh && existsSync(path) && existsSync(statsFile)) return JSON.parse(readFileSync(statsFile, 'utf8')) as CorpusStats;
  log(`writing the ${megabytes} MB archive ${path}`);
  const stats = await writeCorpus(diffs, path, megabytes * 1e6, seed);
  writeFileSync(statsFile, JSON.stringify(stats));
  return stats;
}

async function corpusRun(stats: CorpusStats, count: number): Promise<CorpusRun> {
  log(`check --format json on ${stats.path} (${count} runs)`);
  const fast = await measure(CLI, cliArgs(stats.path), count, { stdoutFile: outputFile });
  const run: CorpusRun = { corpus: stats, fast, output: checkOutput(fast) };
  if (run.output.messages !== stats.mails) log(`  warning: ${stats.mails} mails, ${run.output.messages ?? 'no'} messages reported (${run.output.error ?? ''})`);
  if (!values['no-full'] && !quick) {
    log('the same with mailparser for every mail');
    run.full = await measure(CLI, cliArgs(stats.path), Math.min(count, 3), { env: { QEMU_REVIEW_FAST_PARSE: '0' } });
  }
  const t = throughput(stats, fast);
  log(`  ${t.wallMBps.toFixed(1)} MB/s, ${Math.round(t.mailsPerS)} mails/s, ${Math.round(fast.maxRssKb / 1024)} MB RSS`);
  return run;
}

/** The messages of an mbox up to about `bytes`, cut before a `From ` line, as a file beside it. */
function prefixOf(path: string, bytes: number): { path: string; bytes: number } {
  const data = readFileSync(path);
  const cut = data.indexOf('\nFrom ', Math.floor(bytes));
  const head = cut < 0 ? data : data.subarray(0, cut + 1);
  const out = `${path}.first-${head.length}`;
  if (!existsSync(out)) writeFileSync(out, head);
  return { path: out, bytes: head.length };
}

/** The first patch mails sent as 8bit UTF-8 (checkpatch.pl reads no transfer encoding), one file each. */
function samplePatches(count: number): string[] {
  const dir = join(work, 'checkpatch-sample');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const m of passMails(diffs, seed, 0)) {
    if (files.length >= count) break;
    if (m.kind !== 'patch' || m.form !== 'utf-8 8bit') continue;
    const file = join(dir, `${String(files.length).padStart(4, '0')}.patch`);
    writeFileSync(file, m.bytes);
    files.push(file);
  }
  return files;
}

/** Wall time of two runs of the same command started together. */
function twoAtOnce(args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  return Promise.all([one(), one()]).then(() => Number(process.hrtime.bigint() - started) / 1e6);
}

log(`collecting the diffs from ${oldTree} to ${newTree}`);
// --patch-only measures the one-patch ratios, which need no archive.
const diffs = values['patch-only'] ? [] : await collectQemuDiffs(oldTree, newTree, work);
const results: BenchResults = {
  date: new Date().toISOString(),
  node: process.versions.node,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  runs,
};

// The ratios first, on a machine not yet warmed by the long runs below.
const ratioRuns = quick ? 5 : Number(values['ratio-runs']);
const seedMail = join(sharedDir, 'seed', 'v6-16-19-original.eml');
const checkpatch = join(newTree, 'scripts', 'checkpatch.pl');
const node = (label: string, ...args: string[]): Command => ({ label: `node ${label}`, file: process.execPath, args });
const relative = (path: string): string => path.replace(`${repoRoot}`, '').replace(`${dirname(repoRoot)}/`, '../');
const seedLabel = relative(seedMail);
const review = (cli: string, file: string, label: string): Command =>
  node(`${relative(cli)} check --format json ${label}`, cli, 'check', '--format', 'json', file);
const ratios: RatioRun[] = [];
log(`ratios, side by side, ${ratioRuns} runs each`);
ratios.push(await sideBySide('one patch (seed v6 16/19) against node -e 0', review(CLI, seedMail, seedLabel), node('-e 0', '-e', '0'), ratioRuns));
if (existsSync(checkpatch)) {
  const perl: Command = { label: `perl ${relative(checkpatch)} --no-tree ${seedLabel}`, file: 'perl', args: [checkpatch, '--no-tree', seedMail] };
  ratios.push(await sideBySide('one patch (seed v6 16/19) against checkpatch.pl', review(CLI, seedMail, seedLabel), perl, ratioRuns));
}
ratios.push(await sideBySide('one patch, unbundled (tsc build) against node -e 0', review(TSC_CLI, seedMail, seedLabel), node('-e 0', '-e', '0'), ratioRuns));
const ratioCorpus = values['patch-only'] ? null : await corpus('ratio', Number(values['ratio-mb']));
const archiveLabel = `${((ratioCorpus?.bytes ?? 0) / 1e6).toFixed(0)}MB.mbox`;
if (ratioCorpus) {
  ratios.push(
    await sideBySide(
      `archive (${(ratioCorpus.bytes / 1e6).toFixed(1)} MB, ${ratioCorpus.mails} mails) against a streaming message counter`,
      review(CLI, ratioCorpus.path, archiveLabel),
      node(`${relative(COUNTER)} ${archiveLabel}`, COUNTER, ratioCorpus.path),
      quick ? 3 : 5,
    ),
  );
  // Growth: the same archive's first quarter against the whole, on the same default options. A
  // review in linear time takes about 4× (less, as start-up is paid once); a step that compares
  // every mail with every other one (linking versions once did) shows here first.
  const quarter = prefixOf(ratioCorpus.path, ratioCorpus.bytes / 4);
  ratios.push(
    await sideBySide(
      `archive growth: the whole ${(ratioCorpus.bytes / 1e6).toFixed(1)} MB against its first ${(quarter.bytes / 1e6).toFixed(1)} MB`,
      review(CLI, ratioCorpus.path, archiveLabel),
      review(CLI, quarter.path, `first-quarter-of-${archiveLabel}`),
      quick ? 3 : 5,
    ),
  );
  // The floor: reading and parsing alone, with the parsers of record, before any rule runs.
  ratios.push(
    await sideBySide(
      `reading alone: the same archive split, its mails and diffs parsed, no rule run, against the counter`,
      node(`${relative(READ_ONLY)} ${archiveLabel} diff`, READ_ONLY, ratioCorpus.path, 'diff'),
      node(`${relative(COUNTER)} ${archiveLabel}`, COUNTER, ratioCorpus.path),
      quick ? 3 : 5,
    ),
  );
  // Peak RSS on the same two inputs: what a run keeps must not grow with the archive.
  const rssRuns = quick ? 1 : 3;
  const peak = async (path: string): Promise<number> =>
    (await measure(CLI, ['check', '--format', 'json', '--fail-on', 'never', path], rssRuns)).maxRssKb / 1024;
  results.archiveRss = {
    wholeMb: await peak(ratioCorpus.path),
    quarterMb: await peak(quarter.path),
    wholeBytes: ratioCorpus.bytes,
    quarterBytes: quarter.bytes,
    runs: rssRuns,
  };
}
for (const run of ratios) {
  const r = ratioOf(run);
  log(
    `  ${run.name}: ${r.best.toFixed(2)}× (best ${Math.round(r.subjectBestMs)} ms against ${Math.round(r.referenceBestMs)} ms; median of pairs ${r.median.toFixed(2)}×)`,
  );
}
const rss = results.archiveRss;
const rssLine = rss
  ? `\n\nPeak RSS (median of ${rss.runs}, same command): **${Math.round(rss.wholeMb)} MB** on the whole ${(rss.wholeBytes / 1e6).toFixed(1)} MB archive, ${Math.round(rss.quarterMb)} MB on its first ${(rss.quarterBytes / 1e6).toFixed(1)} MB (target: below 200 MB, not growing with the archive).`
  : '';
if (rss) log(`  peak RSS: ${Math.round(rss.wholeMb)} MB on the whole archive, ${Math.round(rss.quarterMb)} MB on its first quarter`);
const ratioMarkdown = `${ratioTable(ratios, ratioTarget)}${rssLine}

Measured ${new Date().toISOString().slice(0, 10)} (\`npm run bench -- --ratios-only\`) on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.versions.node}, Perl for checkpatch.pl.`;
results.ratios = ratios;
if (values['ratios-only'] || values['patch-only']) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(ratioMarkdown);
  process.exit(0);
}

const small = await corpus('small', Number(values['small-mb']));
results.small = await corpusRun(small, runs.small);
const large = quick ? null : await corpus('large', Number(values['large-mb']));
if (large) results.large = await corpusRun(large, runs.large);

log('cold start on the seed mail');
results.coldStart = await measure(CLI, cliArgs(seedMail), quick ? 5 : 9);

if (existsSync(checkpatch)) {
  const files = samplePatches(Number(values['checkpatch-sample']));
  log(`checkpatch.pl and qemu-review on ${files.length} patches, one process each`);
  const sample = await perPatch('perl', checkpatchArgs(checkpatch), files);
  const ours = await perPatch(process.execPath, (f) => [CLI, ...cliArgs(f)], files);
  results.checkpatch = { sample, ours, oursArchiveMBps: throughput(small, results.small.fast).wallMBps };
}

log('linear-time check: 1 KB, 0.5 MB and 1 MB lines');
const linear: LinearRun[] = [];
for (const [kind, make] of [
  ['doc-comment line', longDocLineMail],
  ['diff line', longDiffLineMail],
] as const) {
  for (const format of ['json', 'text'] as const) {
    for (const bytes of [1_000, 500_000, 1_000_000]) {
      const file = join(work, `long-${kind.replace(/\W+/g, '-')}-${bytes}.eml`);
      writeFileSync(file, make(bytes));
      const run = await measure(CLI, cliArgs(file, format), 3, { stdoutFile: outputFile, timeoutMs: 600_000, slowMs: 10_000 });
      const output = checkOutput(run, format);
      linear.push({ kind, format, bytes, run, output });
      log(`  ${kind}, ${bytes} bytes, ${format}: ${Math.round(run.wallMs)} ms${output.ok ? '' : ` (${output.error})`}`);
    }
  }
}
results.linear = linear;

log('linear-time check on QAPI lists: 10k, 20k and 40k entries (doc paragraphs: 1,250 to 5,000 lines)');
const lists: ListRun[] = [];
for (const kind of LIST_KINDS) {
  const counts = kind === 'doc paragraph' ? [10, 1_250, 2_500, 5_000] : [10, 10_000, 20_000, 40_000];
  for (const count of counts) {
    const file = join(work, `list-${kind.replace(/\W+/g, '-')}-${count}.eml`);
    writeFileSync(file, largeListMail(kind, count));
    const run = await measure(CLI, cliArgs(file), quick ? 1 : 3, { stdoutFile: outputFile, timeoutMs: 600_000, slowMs: 10_000 });
    const output = checkOutput(run);
    lists.push({ kind, count, run, output });
    log(`  ${kind}, ${count}: ${Math.round(run.wallMs)} ms, ${output.findings ?? '?'} findings${output.ok ? '' : ` (${output.error})`}`);
  }
}
results.lists = lists;

log("the Action's review path on large QAPI patches: 0.5 MB and 1 MB");
const actionRuns: ActionPathRun[] = [];
for (const bytes of [500_000, 1_000_000]) {
  const file = join(work, `large-qapi-${bytes}.patch`);
  writeFileSync(file, largeQapiPatch(bytes));
  const action = await measure(ACTION_PATH, [file], quick ? 1 : 3, { stdoutFile: outputFile, timeoutMs: 600_000 });
  let findings: number | undefined;
  try {
    findings = (JSON.parse(readFileSync(outputFile, 'utf8')) as { findings: number }).findings;
  } catch {
    log('  the Action path wrote no result');
  }
  const cli = await measure(CLI, cliArgs(file), quick ? 1 : 3, { timeoutMs: 600_000 });
  actionRuns.push({ bytes, ...(findings === undefined ? {} : { findings }), action, cli });
  log(`  ${bytes} bytes: ${Math.round(action.wallMs)} ms (check: ${Math.round(cli.wallMs)} ms), ${findings ?? '?'} findings`);
}
results.actionPath = actionRuns;

const jobsCorpus = large ?? small;
log(`check --jobs N on ${jobsCorpus.path}`);
// The configurations take turns, run after run, so that a change in the machine's load (it is
// shared) falls on all of them alike; the figures are medians per configuration.  JSON output
// does not keep the mail on results (src/cli/check.ts), as in every run below.
const configs = [
  [1, false],
  [2, false],
] as const;
const samples: Sample[][] = configs.map(() => []);
const twoAtOnceMs: number[] = [];
for (let round = 0; round < (quick ? 2 : 5); round++) {
  for (const [i, [jobs]] of configs.entries()) samples[i]!.push(await measureOnce(CLI, cliArgs(jobsCorpus.path, 'json', jobs)));
  twoAtOnceMs.push(await twoAtOnce([CLI, ...cliArgs(jobsCorpus.path)]));
}
const jobRuns: JobsRun[] = configs.map(([jobs, keepMail], i) => {
  const list = samples[i]!;
  const run: Summary = {
    runs: list.length,
    wallMs: median(list.map((x) => x.wallMs)),
    cpuMs: median(list.map((x) => x.cpuMs)),
    maxRssKb: median(list.map((x) => x.maxRssKb)),
    samples: list,
  };
  log(`  jobs ${jobs}${keepMail ? '' : ' (mail not kept)'}: ${Math.round(run.wallMs)} ms (${list.map((x) => Math.round(x.wallMs)).join(', ')})`);
  return { jobs, keepMail, run };
});
results.jobs = {
  corpus: `${(statSync(jobsCorpus.path).size / 1e6).toFixed(0)} MB archive`,
  runs: jobRuns,
  twoProcesses: { oneMs: jobRuns[0]!.run.wallMs, bothMs: median(twoAtOnceMs) },
};

if (values.fuzz && existsSync(values.fuzz)) results.fuzz = JSON.parse(readFileSync(values.fuzz, 'utf8')) as FuzzFigures;

mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
log(`results written to ${values.out}`);
console.log(`${ratioMarkdown}\n\n${markdown(results)}`);
