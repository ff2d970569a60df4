/**
 * Runs a command in fresh Node processes and measures it from outside (wall time, start-up
 * included: what a user waits for) and from inside (peak RSS and CPU time, via probe.ts).
 * CPU time is reported next to wall time because on a shared machine the wall clock also
 * counts other tenants' work.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Sample {
  wallMs: number;
  /** User plus system CPU time of the process, all threads. */
  cpuMs: number;
  maxRssKb: number;
  exitCode: number | null;
  /** The last 4 KB of standard error: where an uncaught exception (also exit code 1) shows. */
  stderrTail: string;
}

export interface Summary {
  runs: number;
  /** Medians over the runs. */
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  samples: Sample[];
}

const PROBE = fileURLToPath(new URL('./probe.js', import.meta.url));

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Where standard output goes: discarded by default (`--format json > /dev/null`), or this file. */
  stdoutFile?: string;
  timeoutMs?: number;
  /** Extra flags for node itself. */
  nodeFlags?: string[];
}

/** One run of `node <script> <args>` in a fresh process. */
export async function measureOnce(script: string, args: readonly string[], options: RunOptions = {}): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-review-probe-'));
  const probeFile = join(dir, 'usage.json');
  try {
    const out = options.stdoutFile === undefined ? 'ignore' : openSync(options.stdoutFile, 'w');
    let stderr = '';
    const started = process.hrtime.bigint();
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', PROBE, script, ...args], {
        env: { ...process.env, ...options.env, QEMU_REVIEW_BENCH_PROBE: probeFile },
        stdio: ['ignore', out, 'pipe'],
      });
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4096);
      });
      const timer = options.timeoutMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        resolve(code);
      });
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (typeof out === 'number') closeSync(out);
    // A process killed outright (out of memory, a signal) writes no usage: zeros, and the exit code says why.
    const usage = existsSync(probeFile)
      ? (JSON.parse(readFileSync(probeFile, 'utf8')) as { maxRssKb: number; userMs: number; systemMs: number })
      : { maxRssKb: 0, userMs: 0, systemMs: 0 };
    return { wallMs, cpuMs: usage.userMs + usage.systemMs, maxRssKb: usage.maxRssKb, exitCode, stderrTail: stderr.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * `runs` runs, one after the other, summarised by their medians. A run slower than `slowMs`
 * is not repeated: what matters about it is that it is slow.
 */
export async function measure(script: string, args: readonly string[], runs: number, options: RunOptions & { slowMs?: number } = {}): Promise<Summary> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await measureOnce(script, args, options));
    if (options.slowMs !== undefined && samples[0]!.wallMs > options.slowMs) break;
  }
  return {
    runs: samples.length,
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssKb: median(samples.map((s) => s.maxRssKb)),
    samples,
  };
}
