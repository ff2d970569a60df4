/**
 * Ratios measured side by side: two commands run in turn, A B A B …, in fresh processes, and
 * each is summarised by its best run (the one least disturbed by other work on the machine)
 * and its median. Absolute times on a shared machine move by 2× from run to run; a ratio of
 * two commands measured in the same minutes moves far less. Wall time from spawn to exit,
 * start-up included: what someone waiting for the command sees.
 */
import { spawn } from 'node:child_process';
import { median } from './measure.js';

export interface Command {
  /** What the table shows. */
  label: string;
  file: string;
  args: readonly string[];
}

export interface RatioRun {
  name: string;
  subject: Command;
  reference: Command;
  /** Wall times in ms, in the order run. */
  subjectMs: number[];
  referenceMs: number[];
  /** Exit statuses seen (a review with findings exits 1, as checkpatch.pl does). */
  statuses: number[];
}

/** One run, output discarded; its wall time in ms. */
export function timeOnce(command: Command, timeoutMs = 600_000): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command.file, command.args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: code ?? -1 });
    });
  });
}

/** `rounds` runs of each, interleaved, after one unmeasured run of each (disk cache, first compile). */
export async function sideBySide(name: string, subject: Command, reference: Command, rounds: number): Promise<RatioRun> {
  await timeOnce(subject);
  await timeOnce(reference);
  const run: RatioRun = { name, subject, reference, subjectMs: [], referenceMs: [], statuses: [] };
  for (let i = 0; i < rounds; i++) {
    const a = await timeOnce(subject);
    const b = await timeOnce(reference);
    run.subjectMs.push(a.ms);
    run.referenceMs.push(b.ms);
    run.statuses.push(a.status);
  }
  return run;
}

export interface RatioFigures {
  best: number;
  median: number;
  subjectBestMs: number;
  referenceBestMs: number;
}

export function ratioOf(run: RatioRun): RatioFigures {
  const subjectBestMs = Math.min(...run.subjectMs);
  const referenceBestMs = Math.min(...run.referenceMs);
  // The median of the pairwise ratios: each pair ran within the same second or so.
  const pairs = run.subjectMs.map((ms, i) => ms / run.referenceMs[i]!);
  return { best: subjectBestMs / referenceBestMs, median: median(pairs), subjectBestMs, referenceBestMs };
}

/** The Markdown table of the ratios, with each command written out so that anyone can rerun it. */
export function ratioTable(runs: readonly RatioRun[], target: (run: RatioRun) => string | undefined = () => undefined): string {
  const rows = runs.map((run) => {
    const r = ratioOf(run);
    const goal = target(run);
    return `| ${run.name} | **${r.best.toFixed(2)}×** (${Math.round(r.subjectBestMs)} ms against ${Math.round(r.referenceBestMs)} ms) | ${r.median.toFixed(2)}× | ${goal ?? ''} | \`${run.subject.label}\` against \`${run.reference.label}\` |`;
  });
  return ['| ratio | best of runs | median of pairs | target | commands |', '|---|---|---|---|---|', ...rows].join('\n');
}
