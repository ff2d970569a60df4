/**
 * A review worker of reviewMessagesParallel: takes batches of raw messages, runs the sequential
 * pipeline (reviewMessages) on them, and posts the results back. Rules are loaded here by id,
 * since functions cannot cross threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Rule } from '../engine/types.js';
import type { RawMessage } from '../mail/types.js';
import { reviewMessages, withoutMail, type MessageResult, type ReviewOptions } from './review.js';
import { SeriesRuns } from './series-memory.js';
import type { BatchRequest, WorkerReply, WorkerSetup } from './parallel.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;

const loaded = (await import(setup.rulesModule)) as { rules: readonly Rule[] };
const rules = setup.ruleIds.map((id) => {
  const rule = loaded.rules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`review worker: rule ${id} is not in ${setup.rulesModule}`);
  return rule;
});
const options: ReviewOptions = {};
if (setup.settings !== undefined) options.settings = setup.settings;
if (setup.severity !== undefined) options.severity = setup.severity;
if (setup.wholeFiles !== undefined) options.wholeFiles = setup.wholeFiles;
if (setup.pulls !== undefined) options.pulls = setup.pulls;
if (setup.exclude !== undefined) options.exclude = setup.exclude;

async function* asInputs(raws: RawMessage[]): AsyncGenerator<RawMessage> {
  yield* raws;
}

async function review(request: BatchRequest): Promise<WorkerReply> {
  const raws = request.messages.map((m): RawMessage => ({ ...m, bytes: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength) }));
  const results: MessageResult[] = [];
  // Series memory from this batch alone: the parent checks each patch's run against the whole input's.
  const runs = new SeriesRuns(true);
  for await (const result of reviewMessages(asInputs(raws), rules, { ...options, runs, unheld: true })) {
    results.push(setup.keepMail ? result : withoutMail(result));
  }
  return { type: 'results', id: request.id, results, steps: results.map((r) => runs.steps.get(r.index) ?? null) };
}

// One batch at a time, in the order sent: the parent times the batch at the head of the queue.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: BatchRequest) => {
  queue = queue.then(async () => port.postMessage(await review(request)));
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
