/**
 * The benchmark's results: one JSON document (every sample kept) and the Markdown table for the
 * README.
 */
import type { Summary } from './measure.js';
import type { PerPatchRun } from './checkpatch.js';
import type { CorpusStats } from './corpus.js';
import type { RatioRun } from './ratios.js';

/** What the JSON output of a measured run held: a crash shows here (exit code 1 is also "findings"). */
export interface OutputCheck {
  ok: boolean;
  messages?: number;
  findings?: number;
  error?: string;
}

export interface CorpusRun {
  corpus: CorpusStats;
  output: OutputCheck;
  /** `check --format json` with the fast mail parser (the default). */
  fast: Summary;
  /** The same with QEMU_REVIEW_FAST_PARSE=0: mailparser for every mail. */
  full?: Summary;
}

export interface LinearRun {
  kind: 'doc-comment line' | 'diff line';
  format: 'json' | 'text';
  bytes: number;
  run: Summary;
  output: OutputCheck;
}

/** One patch of src/bench/large-lists.ts: a QAPI list of `count` entries, reviewed end to end. */
export interface ListRun {
  kind: string;
  count: number;
  run: Summary;
  output: OutputCheck;
}

/** The Action's review path (src/bench/action-path.ts) and the command line on one large QAPI patch. */
export interface ActionPathRun {
  bytes: number;
  findings?: number;
  action: Summary;
  cli: Summary;
}

export interface JobsRun {
  jobs: number;
  keepMail: boolean;
  run: Summary;
}

export interface FuzzFigures {
  casesTried: number;
  cliCasesTried: number;
  seconds: number;
  messagesIn: number;
  messagesOut: number;
  crashes: number;
  hangs: number;
  lostMessages: number;
  fastPathMismatches: number;
  ruleFailures: number;
  slowest: { case: number; ms: number; bytes: number; framing: string; mails: string[] }[];
}

export interface BenchResults {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string;
  runs: { small: number; large: number; other: number };
  /** Side by side with node -e 0, checkpatch.pl and a message counter (src/bench/ratios.ts). */
  ratios?: RatioRun[];
  /** Peak RSS of the ratio archive's review, whole and first quarter (medians, MB of 2^20 bytes). */
  archiveRss?: { wholeMb: number; quarterMb: number; wholeBytes: number; quarterBytes: number; runs: number };
  small?: CorpusRun;
  large?: CorpusRun;
  coldStart?: Summary;
  checkpatch?: { sample: PerPatchRun; ours: PerPatchRun; oursArchiveMBps: number };
  linear?: LinearRun[];
  lists?: ListRun[];
  actionPath?: ActionPathRun[];
  jobs?: { corpus: string; runs: JobsRun[]; twoProcesses?: { oneMs: number; bothMs: number } };
  fuzz?: FuzzFigures;
}

const mb = (bytes: number): number => bytes / 1e6;
const fixed = (n: number, digits = 1): string => n.toFixed(digits);

export function throughput(stats: CorpusStats, run: Summary): { wallMBps: number; cpuMBps: number; mailsPerS: number } {
  return { wallMBps: mb(stats.bytes) / (run.wallMs / 1000), cpuMBps: mb(stats.bytes) / (run.cpuMs / 1000), mailsPerS: stats.mails / (run.wallMs / 1000) };
}

/** The Markdown table for the README: one row per figure, with how it was measured. */
export function markdown(r: BenchResults): string {
  const rows: [string, string, string][] = [];
  for (const [name, run] of [
    ['10 MB', r.small],
    ['100 MB', r.large],
  ] as const) {
    if (!run) continue;
    const t = throughput(run.corpus, run.fast);
    const size = `${fixed(mb(run.corpus.bytes))} MB, ${run.corpus.mails} mails`;
    rows.push([
      `end to end, ${name} archive (${size})`,
      `**${fixed(t.wallMBps)} MB/s**, ${Math.round(t.mailsPerS)} mails/s (${fixed(t.cpuMBps)} MB/s of CPU time)`,
      `\`check --format json\`, median of ${run.fast.runs} runs`,
    ]);
    if (run.full) {
      const f = throughput(run.corpus, run.full);
      rows.push([
        `same, mailparser for every mail`,
        `${fixed(f.wallMBps)} MB/s, ${Math.round(f.mailsPerS)} mails/s`,
        `QEMU_REVIEW_FAST_PARSE=0, median of ${run.full.runs} runs`,
      ]);
    }
    rows.push([`peak RSS, ${name} archive`, `${Math.round(run.fast.maxRssKb / 1024)} MB`, 'maxRSS of the process']);
  }
  if (r.coldStart) rows.push(['cold start, one mail (seed v6 16/19)', `${Math.round(r.coldStart.wallMs)} ms`, `median of ${r.coldStart.runs} runs`]);
  if (r.checkpatch) {
    const { sample, ours, oursArchiveMBps } = r.checkpatch;
    const cp = mb(sample.bytes) / (sample.ms / 1000);
    const perProcess = mb(ours.bytes) / (ours.ms / 1000);
    rows.push([
      `checkpatch.pl, ${sample.patches} patches, one process each`,
      `${fixed(cp, 2)} MB/s (${Math.round(sample.ms / sample.patches)} ms a patch); qemu-review: **${fixed(oursArchiveMBps / cp)}×** its throughput on an archive, ${fixed(perProcess / cp, 2)}× one process a patch (${Math.round(ours.ms / ours.patches)} ms a patch)`,
      'perl scripts/checkpatch.pl --no-tree --mailback --patch',
    ]);
  }
  if (r.linear) {
    for (const kind of ['doc-comment line', 'diff line'] as const) {
      for (const format of ['json', 'text'] as const) {
        const runs = r.linear.filter((l) => l.kind === kind && l.format === format).sort((a, b) => a.bytes - b.bytes);
        if (runs.length < 3) continue;
        const [base, half, whole] = [runs[0]!, runs[1]!, runs[2]!];
        const net = (l: LinearRun): number => l.run.wallMs - base.run.wallMs;
        const verdict = (l: LinearRun): string =>
          l.output.ok ? `${Math.round(l.run.wallMs)} ms` : `crashed after ${Math.round(l.run.wallMs)} ms (${l.output.error})`;
        // Below ~50 ms of extra work a ratio is start-up noise: the line costs next to nothing.
        const signed = (ms: number): string => `${ms < 0 ? '−' : '+'}${Math.abs(Math.round(ms))} ms`;
        const nets = `${signed(net(half))} and ${signed(net(whole))} over a 1 KB line (${Math.round(base.run.wallMs)} ms)`;
        const ratio =
          net(half) < 50
            ? `${nets}: within start-up noise`
            : `${nets}: ×${fixed(net(whole) / net(half), 2)} the time for ×${fixed(whole.bytes / half.bytes, 1)} the length`;
        rows.push([
          `one ${fixed(mb(whole.bytes), 1)} MB ${kind}, --format ${format}`,
          `${verdict(whole)}; ${fixed(mb(half.bytes), 1)} MB: ${verdict(half)}; ${ratio}`,
          `end to end, median of ${whole.run.runs} runs`,
        ]);
      }
    }
  }
  if (r.lists) {
    for (const kind of [...new Set(r.lists.map((l) => l.kind))]) {
      const runs = r.lists.filter((l) => l.kind === kind).sort((a, b) => a.count - b.count);
      if (runs.length < 3) continue;
      // The smallest list is the start-up cost; the largest two give the ratio.
      const [base, half, whole] = [runs[0]!, runs[runs.length - 2]!, runs[runs.length - 1]!];
      const net = (l: ListRun): number => l.run.wallMs - base.run.wallMs;
      const verdict = (l: ListRun): string =>
        `${l.count}: ${l.output.ok ? `${Math.round(l.run.wallMs)} ms` : `crashed after ${Math.round(l.run.wallMs)} ms (${l.output.error})`}`;
      const ratio =
        net(half) < 50 ? 'within start-up noise' : `×${fixed(net(whole) / net(half), 2)} the time for ×${fixed(whole.count / half.count, 1)} the entries`;
      rows.push([
        `a QAPI ${kind} of ${whole.count} entries`,
        `${runs.slice(1).map(verdict).join('; ')}; over ${base.count} entries (${Math.round(base.run.wallMs)} ms): ${ratio}`,
        `end to end, median of ${whole.run.runs} runs`,
      ]);
    }
  }
  if (r.actionPath && r.actionPath.length >= 2) {
    const [half, whole] = [...r.actionPath].sort((a, b) => a.bytes - b.bytes).slice(-2) as [ActionPathRun, ActionPathRun];
    rows.push([
      `the Action's review path, ${fixed(mb(whole.bytes), 1)} MB QAPI patch (${whole.findings ?? '?'} findings)`,
      `${Math.round(whole.action.wallMs)} ms; ${fixed(mb(half.bytes), 1)} MB: ${Math.round(half.action.wallMs)} ms (×${fixed(whole.action.cpuMs / half.action.cpuMs, 2)} the CPU time for ×${fixed(whole.bytes / half.bytes, 1)} the size); \`check\` on it: ${Math.round(whole.cli.wallMs)} ms`,
      `review, place on the diff, review body, job summary, no HTTP; median of ${whole.action.runs} runs`,
    ]);
  }
  if (r.jobs) {
    const one = r.jobs.runs.find((j) => j.jobs === 1);
    for (const j of r.jobs.runs.filter((x) => x.jobs > 1)) {
      if (!one) break;
      rows.push([
        `--jobs ${j.jobs} (${r.jobs.corpus})`,
        `×${fixed(one.run.wallMs / j.run.wallMs, 2)} (${Math.round(j.run.wallMs)} ms against ${Math.round(one.run.wallMs)} ms; peak RSS ${Math.round(j.run.maxRssKb / 1024)} MB)`,
        `worker threads, median of ${j.run.runs} runs`,
      ]);
    }
    if (r.jobs.twoProcesses) {
      const { oneMs, bothMs } = r.jobs.twoProcesses;
      rows.push([
        'this machine, two reviews at once',
        `×${fixed((2 * oneMs) / bothMs, 2)} the throughput of one`,
        `two sequential processes side by side, median of ${r.jobs.runs[0]?.run.runs ?? 0}: the ceiling for --jobs 2 here`,
      ]);
    }
  }
  if (r.fuzz) {
    const f = r.fuzz;
    rows.push([
      `fuzz, ${f.casesTried} cases (${f.cliCasesTried} via the CLI), ${Math.round(f.seconds)} s`,
      `${f.crashes} crashes, ${f.hangs} hangs, ${f.lostMessages} cases losing messages (${f.messagesOut} of ${f.messagesIn} messages reviewed or skipped with a reason), ${f.fastPathMismatches} fast-path mismatches`,
      `\`npm run fuzz\`; slowest case ${f.slowest[0] ? `${f.slowest[0].ms} ms (${fixed(mb(f.slowest[0].bytes), 2)} MB)` : '-'}`,
    ]);
  }
  const header = `Measured ${r.date.slice(0, 10)} on ${r.cpus} × ${r.cpuModel}, Node ${r.node}.`;
  return [header, '', '| figure | value | how |', '|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
