/**
 * Runs fuzz cases through the real pipeline (readInputs, then reviewMessages with every rule),
 * one at a time, in a worker thread the runner can stop when a case hangs. Also holds the fast
 * mail parser to the full one on every message it takes.
 */
import { parentPort } from 'node:worker_threads';
import { isDeepStrictEqual } from 'node:util';
import { rules } from '../../rules/index.js';
import { readInputs } from '../mail/input.js';
import { fastParse } from '../mail/fast-parse.js';
import { parseWith } from './parse-both-ways.js';
import type { RawMessage } from '../mail/types.js';
import { reviewMessages } from '../review/review.js';

export interface CaseRequest {
  id: number;
  path: string;
}

export interface CaseReport {
  id: number;
  ms: number;
  /** Messages the reader cut out of the input (an independent pass over it). */
  readerMessages: number;
  results: number;
  reviewed: number;
  skipped: number;
  /** Results that are neither reviewed nor skipped with a reason. */
  unexplained: number;
  /** Results out of input order. */
  misordered: number;
  /** Rules that threw (reported by the engine as failures, not crashes). */
  ruleFailures: string[];
  /** Messages where the fast parser and mailparser disagree. */
  fastPathMismatches: number;
  skipReasons: string[];
  /** The pipeline itself threw: a crash. */
  error?: string;
}

/** Messages above this are parsed only once: mailparser on a 10 MB line takes a while. */
const IDENTITY_CHECK_LIMIT = 2 * 1024 * 1024;

async function parseBothWays(raw: RawMessage): Promise<boolean> {
  return isDeepStrictEqual(await parseWith(raw, true), await parseWith(raw, false));
}

async function runCase(request: CaseRequest): Promise<CaseReport> {
  const started = performance.now();
  const report: CaseReport = {
    id: request.id,
    ms: 0,
    readerMessages: 0,
    results: 0,
    reviewed: 0,
    skipped: 0,
    unexplained: 0,
    misordered: 0,
    ruleFailures: [],
    fastPathMismatches: 0,
    skipReasons: [],
  };
  try {
    for await (const m of readInputs([request.path])) {
      report.readerMessages++;
      if ('bytes' in m && !m.bareDiff && m.bytes.length <= IDENTITY_CHECK_LIMIT && fastParse(m.bytes) !== null && !(await parseBothWays(m)))
        report.fastPathMismatches++;
    }
    for await (const result of reviewMessages(readInputs([request.path]), rules)) {
      if (result.index !== report.results) report.misordered++;
      report.results++;
      if (result.status === 'reviewed') report.reviewed++;
      else if (result.status === 'skipped' && result.reason?.text) {
        report.skipped++;
        if (report.skipReasons.length < 5 && !report.skipReasons.includes(result.reason.text)) report.skipReasons.push(result.reason.text.slice(0, 160));
      } else report.unexplained++;
      for (const f of result.failures) report.ruleFailures.push(`${f.rule}: ${f.error}`.slice(0, 200));
    }
  } catch (error) {
    report.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  report.ms = performance.now() - started;
  return report;
}

const port = parentPort!;
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: CaseRequest) => {
  queue = queue.then(async () => port.postMessage(await runCase(request)));
});
port.postMessage('ready');
