/**
 * Runs fuzz cases in a worker thread with a time budget per case: a case that overruns it is a
 * hang (the worker is stopped and replaced), a worker that dies is a crash. Some cases also go
 * through the built command line, as a user would run it.
 */
import { execFile } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { CaseReport, CaseRequest } from './case-worker.js';

export type CaseOutcome = { kind: 'done'; report: CaseReport } | { kind: 'hang'; ms: number } | { kind: 'crash'; ms: number; why: string };

const WORKER = new URL('./case-worker.js', import.meta.url);

/** Heap for a case worker: enough for a 10 MB line many times over, bounded so an explosion is a crash, not the machine's. */
const CASE_HEAP_MB = 3072;

export class CaseRunner {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;

  constructor(private readonly timeoutMs: number) {}

  private start(): Promise<void> {
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: CASE_HEAP_MB } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return this.ready;
  }

  async run(request: CaseRequest): Promise<CaseOutcome> {
    if (!this.worker) await this.start();
    else await this.ready;
    const worker = this.worker!;
    const started = performance.now();
    return new Promise<CaseOutcome>((resolve) => {
      const done = (outcome: CaseOutcome): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const discard = (): void => {
        void worker.terminate();
        this.worker = null;
      };
      const onMessage = (report: CaseReport): void => done({ kind: 'done', report });
      const onError = (error: Error): void => {
        discard();
        done({ kind: 'crash', ms: performance.now() - started, why: error.message });
      };
      const onExit = (code: number): void => {
        this.worker = null;
        done({ kind: 'crash', ms: performance.now() - started, why: `worker exited with code ${code}` });
      };
      const timer = setTimeout(() => {
        discard();
        done({ kind: 'hang', ms: performance.now() - started });
      }, this.timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

export type CliOutcome =
  | { kind: 'done'; status: number; messages: number; unexplained: number; ms: number }
  | { kind: 'hang'; ms: number }
  | { kind: 'crash'; ms: number; why: string };

/**
 * `qemu-review check --format json FILE` in a fresh process; a status other than 0 or 1 is a
 * crash, except 2 with the one line that says nothing could be checked (every message of a
 * mangled input unreadable): then the JSON must still list each message with its reason.
 */
export function runCli(cli: string, path: string, timeoutMs: number): Promise<CliOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'check', '--format', 'json', '--fail-on', 'never', '--allow-empty', path],
      { timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const ms = performance.now() - started;
        if (error && (error as { killed?: boolean }).killed) return resolve({ kind: 'hang', ms });
        const status = error ? Number((error as { code?: unknown }).code) : 0;
        const nothingChecked = status === 2 && /^qemu-review: nothing checked: /m.test(stderr);
        if (status !== 0 && !nothingChecked)
          return resolve({ kind: 'crash', ms, why: `exit status ${status}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
        try {
          const doc = JSON.parse(stdout) as { messages: { status: string; reason?: string }[] };
          const unexplained = doc.messages.filter((m) => m.status !== 'reviewed' && !(m.status === 'skipped' && m.reason)).length;
          resolve({ kind: 'done', status, messages: doc.messages.length, unexplained, ms });
        } catch (e) {
          resolve({ kind: 'crash', ms, why: `output is not JSON: ${(e as Error).message}` });
        }
      },
    );
  });
}
